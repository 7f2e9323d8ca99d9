package dev.tortoise.demo;

import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The demo application running on each database, started once per kind until {@link #stopAll()}: H2 with its
 * default (embedded) configuration; a server kind on a fresh database of tortoise-test's ({@link DatabaseKind#fresh()},
 * which skips loudly or fails under {@code -Dtortoise.test.require-<kind>=true} when the server is unreachable),
 * PostgreSQL with the demo's postgres profile, dropped when the demo stops.
 */
final class DemoDatabases {
    private static final Map<DatabaseKind, Running> RUNNING = new ConcurrentHashMap<>();

    /** A running demo; {@code database} is its fresh database, or null for the embedded H2 one. */
    record Running(ConfigurableApplicationContext context, WebTestClient client, TestDatabase database) {
    }

    private DemoDatabases() {
    }

    static synchronized Running start(DatabaseKind kind) {
        Running r = RUNNING.get(kind);
        if (r != null) {
            return r;
        }
        TestDatabase database = null;
        SpringApplicationBuilder app = new SpringApplicationBuilder(DemoApplication.class)
                .properties("server.port=0");
        String[] args = {};
        if (kind != DatabaseKind.H2) {
            database = kind.fresh();
            if (kind == DatabaseKind.POSTGRES) {
                app.profiles("postgres");
            } else if (kind == DatabaseKind.MARIADB) {
                app.profiles("mariadb");
            }
            // on the command line, so that it wins over the profile's own tortoise.db-url (default properties,
            // the builder's properties(...), lose to every profile file and would leave the demo on the shared schema)
            args = new String[] {"--tortoise.db-url=" + database.url()};
        }
        ConfigurableApplicationContext ctx;
        try {
            ctx = app.run(args);
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            throw e;
        }
        if (database != null && !database.url().equals(ctx.getEnvironment().getProperty("tortoise.db-url"))) {
            ctx.close();
            database.close();
            throw new IllegalStateException("the demo is not on its fresh database " + database.url() + " but on "
                    + ctx.getEnvironment().getProperty("tortoise.db-url"));
        }
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        // kept-alive connections, as browsers and most clients use (KeepAliveTests holds what made this fail once)
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        r = new Running(ctx, client, database);
        RUNNING.put(kind, r);
        return r;
    }

    static synchronized void stopAll() {
        for (Running r : RUNNING.values()) {
            try {
                r.context().close();
            } finally {
                if (r.database() != null) {
                    r.database().close();
                }
            }
        }
        RUNNING.clear();
    }
}
