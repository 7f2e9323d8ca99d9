package dev.tortoise.starterit;

import dev.tortoise.ModelManager;
import dev.tortoise.starterit.models.Author;
import dev.tortoise.starterit.models.Book;
import dev.tortoise.starterit.models.Tag;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The library on the embedded H2 database the starter starts when no tortoise.db-url is set. */
class H2LibraryTest extends LibraryTests {
    @Autowired
    ModelManager models;

    @Override
    void deleteAll() {
        Databases.deleteAll(models);
    }

    /** The class path is the user's: no Spring Boot R2DBC or JDBC module, no Flyway, no tortoise-test or -migrations. */
    @Test
    void theClassPathIsExactlyTheUsersOne() throws ClassNotFoundException {
        for (String absent : new String[] {"org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.flywaydb.core.Flyway", "dev.tortoise.test.autoconfigure.TortoiseTest",
                "dev.tortoise.migrations.Migrations", "org.mariadb.jdbc.Driver"}) {
            assertThatThrownBy(() -> Class.forName(absent)).as(absent).isInstanceOf(ClassNotFoundException.class);
        }
        // what the starter itself brings for @Transactional: Boot's transaction auto-configuration
        assertThat(Class.forName("org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"))
                .isNotNull();
        assertThat(models).isInstanceOf(dev.tortoise.Tortoise.class);
    }
}
