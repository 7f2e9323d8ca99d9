package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.sql.dialect.ConnectionTarget;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.Dialects;
import dev.tortoise.sql.dialect.ErrorCategory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The databases found through ServiceLoader, and what each provider says about names, URLs and errors. */
class DialectProviderTest {

    private static DialectProvider postgres() {
        return Dialects.forName("postgres");
    }

    private static DialectProvider h2() {
        return Dialects.forName("h2");
    }

    private static DialectProvider mariadb() {
        return Dialects.forName("mariadb");
    }

    @Test
    void theProvidersAreFoundThroughServiceLoaderInRegistrationOrder() {
        assertThat(Dialects.providers()).extracting(p -> p.dialect().name()).containsExactly("postgres", "h2", "mariadb");
        assertThat(Dialects.providers()).extracting(p -> p.getClass().getName()).containsExactly(
                "dev.tortoise.sql.dialect.postgres.PostgresDialectProvider",
                "dev.tortoise.sql.dialect.h2.H2DialectProvider",
                "dev.tortoise.sql.dialect.mariadb.MariaDbDialectProvider");
    }

    @Test
    void aDatabaseIsFoundByDialectNameDriverNameOrReportedProductNameIgnoringCase() {
        assertThat(Dialect.forName("PostgreSQL").name()).isEqualTo("postgres");
        assertThat(Dialect.forName("postgresql").name()).isEqualTo("postgres");
        assertThat(Dialect.forName("postgres").name()).isEqualTo("postgres");
        assertThat(Dialect.forName("H2").name()).isEqualTo("h2");
        assertThat(Dialect.forName("MariaDB").name()).isEqualTo("mariadb");
        assertThat(Dialect.forName("mysql").name()).isEqualTo("mariadb");
    }

    @Test
    void aNameThatOnlyContainsADatabaseNameIsRejectedWithTheSupportedOnes() {
        assertThatThrownBy(() -> Dialect.forName("my-postgres-fork"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("No SQL dialect for database 'my-postgres-fork'; supported: postgres, h2, mariadb");
        assertThatThrownBy(() -> Dialect.forName("MySQL 8"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("No SQL dialect for database 'MySQL 8'; supported: postgres, h2, mariadb");
    }

    @Test
    void urlSchemesAndEnginesNameTheirProvider() {
        assertThat(Dialects.forUrlScheme("asyncpg")).containsSame(postgres());
        assertThat(Dialects.forUrlScheme("postgres")).containsSame(postgres());
        assertThat(Dialects.forUrlScheme("sqlite")).containsSame(h2());
        assertThat(Dialects.forUrlScheme("mysql")).containsSame(mariadb());
        assertThat(Dialects.forUrlScheme("mariadb")).containsSame(mariadb());
        assertThat(Dialects.forUrlScheme("mssql")).isEmpty();
        assertThat(Dialects.forEngine("tortoise.backends.asyncpg")).containsSame(postgres());
        assertThat(Dialects.forEngine("tortoise.backends.sqlite")).containsSame(h2());
        assertThat(Dialects.forEngine("tortoise.backends.mysql")).containsSame(mariadb());
        assertThat(Dialects.forEngine("tortoise.backends.mssql")).isEmpty();
        assertThat(postgres().defaultPort()).isEqualTo(5432);
        assertThat(mariadb().defaultPort()).isEqualTo(3306);
        assertThat(h2().defaultPort()).isEqualTo(-1);
    }

    @Test
    void aPostgresUrlBecomesDriverOptionsWithItsPartsDecodedAndTheDefaultPort() {
        ConnectionTarget t = postgres().urlTarget("postgres", "ann:p%40ss@db.example/shop",
                Map.of("schema", "app", "ssl", "true", "application_name", "x", "minsize", "2"));
        assertThat(t.r2dbcUrl()).isNull();
        assertThat(t.options()).containsExactly(Map.entry("driver", "postgresql"), Map.entry("host", "db.example"),
                Map.entry("port", "5432"), Map.entry("user", "ann"), Map.entry("password", "p@ss"),
                Map.entry("database", "shop"), Map.entry("schema", "app"), Map.entry("ssl", true),
                Map.entry("applicationName", "x"));
        assertThat(postgres().credentialsTarget(Map.of("host", "h", "port", "6543")).options())
                .containsExactly(Map.entry("driver", "postgresql"), Map.entry("host", "h"), Map.entry("port", "6543"));
    }

    @Test
    void aMysqlUrlBecomesMariaDbDriverOptionsWithTheConnectTimeoutAndAUtf8Charset() {
        ConnectionTarget t = mariadb().urlTarget("mysql", "ann:p%40ss@db.example/shop",
                Map.of("charset", "utf8mb4", "minsize", "1", "maxsize", "5", "connect_timeout", "2.5"));
        assertThat(t.r2dbcUrl()).isNull();
        assertThat(t.options()).containsExactly(Map.entry("driver", "mariadb"), Map.entry("host", "db.example"),
                Map.entry("port", "3306"), Map.entry("user", "ann"), Map.entry("password", "p@ss"),
                Map.entry("database", "shop"), Map.entry("connectTimeout", java.time.Duration.ofMillis(2500)));
        assertThat(mariadb().credentialsTarget(Map.of("host", "h", "port", "3307", "password", "")).options())
                .containsExactly(Map.entry("driver", "mariadb"), Map.entry("host", "h"), Map.entry("port", "3307"));
        assertThatThrownBy(() -> mariadb().urlTarget("mysql", "h/db", Map.of("charset", "latin1")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("charset=latin1 is not supported: r2dbc-mariadb always uses utf8mb4");
        // r2dbc:mysql:// URLs are served by r2dbc-mariadb's own driver name.
        assertThat(mariadb().r2dbcDriver("mysql")).isEqualTo("mariadb");
        assertThat(mariadb().r2dbcDriver("mariadb")).isEqualTo("mariadb");
        assertThat(postgres().r2dbcDriver("postgresql")).isEqualTo("postgresql");
    }

    @Test
    void eachProviderNamesTheJdbcUrlOfItsDatabase() {
        assertThat(mariadb().jdbcUrl(null, "h", "3307", "shop", Map.of()))
                .isEqualTo("jdbc:mariadb://h:3307/shop");
        assertThat(postgres().jdbcUrl(null, "h", null, "shop", Map.of("schema", "app")))
                .isEqualTo("jdbc:postgresql://h:5432/shop?currentSchema=app");
        assertThat(h2().jdbcUrl("mem", null, null, "x", Map.of())).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(h2().jdbcUrl("file", null, null, "./data/app", Map.of())).isEqualTo("jdbc:h2:file:./data/app");
    }

    @Test
    void anSqliteUrlBecomesAnH2Url() {
        assertThat(h2().urlTarget("sqlite", "data/app.db", Map.of()).r2dbcUrl())
                .isEqualTo("r2dbc:h2:file:///./data/app?options=DATABASE_TO_LOWER=TRUE");
        assertThat(h2().urlTarget("sqlite", "/tmp/app", Map.of()).r2dbcUrl())
                .isEqualTo("r2dbc:h2:file:///tmp/app?options=DATABASE_TO_LOWER=TRUE");
        assertThat(h2().urlTarget("sqlite", "mem:shared", Map.of()).r2dbcUrl())
                .isEqualTo("r2dbc:h2:mem:///shared?options=DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        assertThatThrownBy(() -> h2().urlTarget("sqlite", "", Map.of()))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("No path specified for DB_URL");
    }

    @Test
    void eachDialectReadsErrorCodes() {
        for (DialectProvider p : Dialects.providers()) {
            assertThat(p.dialect().classifyError("23505", 0)).isEqualTo(ErrorCategory.INTEGRITY);
            assertThat(p.dialect().classifyError("22003", 0)).isEqualTo(ErrorCategory.DATA);
            assertThat(p.dialect().classifyError("25P02", 0)).isEqualTo(ErrorCategory.TRANSACTION);
            assertThat(p.dialect().classifyError("08006", 0)).isEqualTo(ErrorCategory.CONNECTION);
            assertThat(p.dialect().classifyError("42P01", 0)).isNull();
        }
        // Operator intervention (admin shutdown, cannot connect now) is PostgreSQL's own class.
        assertThat(postgres().dialect().classifyError("57P01", 0)).isEqualTo(ErrorCategory.CONNECTION);
        assertThat(h2().dialect().classifyError("57P01", 0)).isNull();
        assertThat(mariadb().dialect().classifyError("57P01", 0)).isNull();
    }

    @Test
    void h2MessagesLoseTheStatementTheDriverAppends() {
        assertThat(h2().dialect().cleanErrorMessage("Unique index violation: X; SQL statement:\nINSERT ..."))
                .isEqualTo("Unique index violation: X");
        assertThat(h2().dialect().cleanErrorMessage(
                "Syntax error in SQL statement \"SELEC 1\"; expected \"SELECT\""))
                .isEqualTo("Syntax error in SQL statement; expected \"SELECT\"");
        assertThat(mariadb().dialect().cleanErrorMessage("You have an error in your SQL syntax; check the manual "
                + "that corresponds to your MariaDB server version for the right syntax to use near 'FRM t' at line 1"))
                .isEqualTo("You have an error in your SQL syntax");
        assertThat(postgres().dialect().cleanErrorMessage(" duplicate key ; SQL statement: kept "))
                .isEqualTo("duplicate key ; SQL statement: kept");
    }
}
