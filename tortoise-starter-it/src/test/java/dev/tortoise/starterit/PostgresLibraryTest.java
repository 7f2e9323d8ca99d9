package dev.tortoise.starterit;

import dev.tortoise.ModelManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The library on PostgreSQL, in a schema of its own. */
@ExtendWith(Databases.RequiresPostgres.class)
class PostgresLibraryTest extends LibraryTests {
    private static final Databases.Schema SCHEMA = new Databases.Schema();

    @Autowired
    ModelManager models;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void drop() {
        SCHEMA.drop();
    }

    @Override
    void deleteAll() {
        Databases.deleteAll(models);
    }
}
