package dev.tortoise.demo;

import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo started as its users start it, with the database URL and any setting as command-line
 * arguments, on a fresh database of tortoise-test's (H2 in memory, or a fresh PostgreSQL schema with an
 * application name of its own), dropped by {@link Running#close()}.
 */
final class DemoApps {
    private DemoApps() {
    }

    record Running(ConfigurableApplicationContext context, int port, TestDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            try {
                context.close();
            } finally {
                database.close();
            }
        }
    }

    /** The demo on a fresh database of {@code db}, with {@code args} added to its command line. */
    static Running start(DatabaseKind db, String... args) {
        TestDatabase database = db.fresh();
        String url = database.schema() == null ? database.url()
                : database.url() + "&applicationName=" + database.schema();
        return start(url, database, args);
    }

    /** The demo on {@code database} reached at {@code url}; the database is dropped when the demo stops. */
    static Running start(String url, TestDatabase database, String... args) {
        List<String> line = new ArrayList<>(List.of("--server.port=0", "--tortoise.db-url=" + url));
        line.addAll(List.of(args));
        try {
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(DemoApplication.class)
                    .run(line.toArray(String[]::new));
            return new Running(ctx, ((WebServerApplicationContext) ctx).getWebServer().getPort(), database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
