package dev.tortoise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.TortoiseConfig.ConnectionSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JDBC URL Flyway gets for each form of connection, as each database's provider derives it. */
class JdbcUrlsTest {

    @Test
    void postgresUrlsKeepTheirSchemaAsCurrentSchema() {
        assertThat(JdbcUrls.ofUrl("r2dbc:postgresql://ann:pw@db:5433/shop?schema=app"))
                .isEqualTo(new JdbcUrls.Jdbc("jdbc:postgresql://db:5433/shop?currentSchema=app", "ann", "pw"));
        assertThat(JdbcUrls.ofUrl("postgres://ann:p%40ss@db/shop?schema=app"))
                .isEqualTo(new JdbcUrls.Jdbc("jdbc:postgresql://db:5432/shop?currentSchema=app", "ann", "p@ss"));
        assertThat(JdbcUrls.of(ConnectionSpec.engine("tortoise.backends.asyncpg",
                Map.of("host", "h", "port", 6543, "user", "u", "database", "d"))))
                .isEqualTo(new JdbcUrls.Jdbc("jdbc:postgresql://h:6543/d", "u", null));
    }

    @Test
    void inMemoryH2IsTheSameDatabaseOverJdbc() {
        assertThat(JdbcUrls.ofUrl("r2dbc:h2:mem:///notes")).isEqualTo(
                new JdbcUrls.Jdbc("jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1", "", ""));
        assertThat(JdbcUrls.ofUrl("sqlite://mem:notes")).isEqualTo(
                new JdbcUrls.Jdbc("jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1", "", ""));
        assertThat(JdbcUrls.ofUrl("r2dbc:pool:h2:mem:///notes")).isEqualTo(
                new JdbcUrls.Jdbc("jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1", "", ""));
    }

    @Test
    void mariaDbAndMySqlUrlsBecomeMariaDbConnectorJUrls() {
        JdbcUrls.Jdbc expected = new JdbcUrls.Jdbc("jdbc:mariadb://db:3306/shop", "root", "pw");
        assertThat(JdbcUrls.ofUrl("mysql://root:pw@db/shop?charset=utf8mb4&maxsize=5")).isEqualTo(expected);
        assertThat(JdbcUrls.ofUrl("mariadb://root:pw@db:3306/shop")).isEqualTo(expected);
        assertThat(JdbcUrls.ofUrl("r2dbc:mariadb://root:pw@db:3306/shop")).isEqualTo(expected);
        assertThat(JdbcUrls.ofUrl("r2dbc:mysql://root:pw@db/shop")).isEqualTo(expected);
        assertThat(JdbcUrls.ofUrl("r2dbc:pool:mysql://root:pw@db/shop")).isEqualTo(expected);
        assertThat(JdbcUrls.of(ConnectionSpec.engine("tortoise.backends.mysql",
                Map.of("host", "db", "user", "root", "password", "pw", "database", "shop"))))
                .isEqualTo(expected);
    }

    @Test
    void anUnknownDatabaseHasNoJdbcForm() {
        assertThat(JdbcUrls.ofUrl("mssql://sa@db/shop")).isNull();
        assertThat(JdbcUrls.ofUrl("r2dbc:mssql://sa@db/shop")).isNull();
        assertThat(JdbcUrls.of(ConnectionSpec.engine("tortoise.backends.mssql", Map.of()))).isNull();
    }
}
