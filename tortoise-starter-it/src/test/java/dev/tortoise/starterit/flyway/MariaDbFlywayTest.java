package dev.tortoise.starterit.flyway;

import dev.tortoise.starterit.Databases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Flyway on MariaDB, with the JDBC driver and flyway-mysql the README names: {vendor} is "mariadb", the JDBC URL
 * is derived from Tortoise's {@code mariadb://} URL.
 */
@ExtendWith(Databases.RequiresMariaDb.class)
class MariaDbFlywayTest extends FlywayLibraryTests {
    private static final Databases.MariaDbDatabase DATABASE =
            new Databases.MariaDbDatabase("tortoise.db-url", "mariadb://root@127.0.0.1:3306/%s");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void drop() {
        DATABASE.drop();
    }

    @Override
    String vendor() {
        return "mariadb";
    }
}
