package dev.tortoise.starterit.flyway;

import dev.tortoise.starterit.Databases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Flyway on PostgreSQL, with the JDBC driver and flyway-database-postgresql the README names. */
@ExtendWith(Databases.RequiresPostgres.class)
class PostgresFlywayTest extends FlywayLibraryTests {
    private static final Databases.Schema SCHEMA = new Databases.Schema();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void drop() {
        SCHEMA.drop();
    }

    @Override
    String vendor() {
        return "postgresql";
    }
}
