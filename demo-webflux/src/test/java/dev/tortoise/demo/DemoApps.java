package dev.tortoise.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo started as its users start it, with the database URL and any setting as command-line
 * arguments: on H2 in a fresh in-memory database, or on PostgreSQL in a fresh schema of the test
 * database (dropped by {@link Running#close()}).
 */
final class DemoApps {
    private DemoApps() {
    }

    record Running(ConfigurableApplicationContext context, int port, String schema) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
            if (schema != null) {
                DemoDatabases.admin("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        }
    }

    /** Creates {@code schema} in the test database (PostgreSQL must be reachable). */
    static String freshPostgresSchema(String schema) {
        DemoDatabases.requirePostgres();
        DemoDatabases.admin("CREATE SCHEMA \"" + schema + "\"");
        return schema;
    }

    static String schemaName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The demo on {@code db}, with {@code args} added to its command line. */
    static Running start(Db db, String... args) {
        String schema = null;
        String url;
        if (db == Db.POSTGRES) {
            schema = freshPostgresSchema(schemaName("demo"));
            url = DemoDatabases.PG_BASE + "?schema=" + schema + "&applicationName=" + schema;
        } else {
            url = "r2dbc:h2:mem:///" + schemaName("demo") + "?options=DB_CLOSE_DELAY=-1";
        }
        return start(url, schema, args);
    }

    /** The demo on the database at {@code url}; {@code schema} is dropped when it stops (null: none). */
    static Running start(String url, String schema, String... args) {
        List<String> line = new ArrayList<>(List.of("--server.port=0", "--tortoise.db-url=" + url));
        line.addAll(List.of(args));
        try {
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(DemoApplication.class)
                    .run(line.toArray(String[]::new));
            return new Running(ctx, ((WebServerApplicationContext) ctx).getWebServer().getPort(), schema);
        } catch (RuntimeException e) {
            if (schema != null) {
                DemoDatabases.admin("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
            throw e;
        }
    }
}
