package dev.tortoise.starterit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The library on MariaDB, in a database of its own, reached through Tortoise's {@code mysql://} URL. */
@ExtendWith(Databases.RequiresMariaDb.class)
class MariaDbLibraryTest extends LibraryTests {
    private static final Databases.MariaDbDatabase DATABASE =
            new Databases.MariaDbDatabase("tortoise.db-url", "mysql://root@127.0.0.1:3306/%s?charset=utf8mb4&maxsize=3");

    @Autowired
    ModelManager models;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void drop() {
        DATABASE.drop();
    }

    @Override
    void deleteAll() {
        Databases.deleteAll(models);
    }

    @Test
    void theDefaultConnectionIsMariaDbWithThePoolSizeOfTheUrl() {
        Tortoise tortoise = (Tortoise) models;
        assertThat(tortoise.connections().get("default").dialect().name()).isEqualTo("mariadb");
        io.r2dbc.pool.ConnectionPool pool = (io.r2dbc.pool.ConnectionPool) tortoise.connections().get("default").pool();
        assertThat(pool.getMetrics().orElseThrow().getMaxAllocatedSize()).isEqualTo(3);
    }
}
