package dev.tortoise.demo;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo as the reliability suite runs it: on H2, or on PostgreSQL in a fresh schema with an
 * application name of its own, so that {@code pg_stat_activity} shows exactly the demo's sessions.
 */
final class ReliabilityApps {
    private static final Map<Kind, App> RUNNING = new ConcurrentHashMap<>();

    enum Kind {
        H2("h2"), POSTGRES("postgres");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    record App(ConfigurableApplicationContext context, int port, String schema) {
        /** The demo's PostgreSQL sessions that run a statement or sit in a transaction (none on H2). */
        List<String> busySessions() {
            if (schema == null) {
                return List.of();
            }
            ConnectionFactory admin = ConnectionFactories.get(DemoDatabases.PG_BASE + "?connectTimeout=PT3S");
            return Flux.usingWhen(Mono.from(admin.create()),
                    (Connection c) -> Flux.from(c.createStatement("SELECT state, query FROM pg_stat_activity "
                            + "WHERE application_name = $1 AND state <> 'idle'").bind("$1", schema).execute())
                            .flatMap(r -> r.map((row, md) -> row.get(0, String.class) + ": " + row.get(1, String.class))),
                    Connection::close).collectList().block(Duration.ofSeconds(10));
        }
    }

    private ReliabilityApps() {
    }

    static synchronized App start(Kind kind, String... properties) {
        App running = RUNNING.get(kind);
        if (running != null && properties.length == 0) {
            return running;
        }
        List<String> props = new ArrayList<>(List.of("server.port=0"));
        String schema = null;
        if (kind == Kind.POSTGRES) {
            DemoDatabases.requirePostgres();
            schema = "rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            DemoDatabases.admin("CREATE SCHEMA \"" + schema + "\"");
            props.add("tortoise.db-url=" + DemoDatabases.PG_BASE + "?schema=" + schema + "&applicationName=" + schema);
        }
        props.addAll(List.of(properties));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(DemoApplication.class)
                .properties(props.toArray(String[]::new)).run();
        App app = new App(ctx, ((WebServerApplicationContext) ctx).getWebServer().getPort(), schema);
        if (properties.length == 0) {
            RUNNING.put(kind, app);
        }
        return app;
    }

    static synchronized void stop(App app) {
        app.context().close();
        if (app.schema() != null) {
            DemoDatabases.admin("DROP SCHEMA IF EXISTS \"" + app.schema() + "\" CASCADE");
        }
        RUNNING.values().remove(app);
    }

    static synchronized void stopAll() {
        for (App app : List.copyOf(RUNNING.values())) {
            stop(app);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
