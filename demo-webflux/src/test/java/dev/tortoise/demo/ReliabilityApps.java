package dev.tortoise.demo;

import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo as the reliability suite runs it: on H2 (its embedded default), or on PostgreSQL in a fresh schema of
 * tortoise-test's with an application name of its own, so that {@code pg_stat_activity} shows exactly the demo's sessions.
 */
final class ReliabilityApps {
    private static final Map<DatabaseKind, App> RUNNING = new ConcurrentHashMap<>();

    /** A running demo; {@code database} is its fresh database, or null for the embedded H2 one. */
    record App(ConfigurableApplicationContext context, int port, TestDatabase database) {
        /** The demo's PostgreSQL sessions that run a statement or sit in a transaction (none on H2). */
        List<String> busySessions() {
            if (database == null || database.kind() != DatabaseKind.POSTGRES) {
                return List.of();
            }
            String schema = database.schema();
            ConnectionFactory admin = ConnectionFactories.get(DatabaseKind.POSTGRES.serverUrl() + "?connectTimeout=PT3S");
            return Flux.usingWhen(Mono.from(admin.create()),
                    (Connection c) -> Flux.from(c.createStatement("SELECT state, query FROM pg_stat_activity "
                            + "WHERE application_name = $1 AND state <> 'idle'").bind("$1", schema).execute())
                            .flatMap(r -> r.map((row, md) -> row.get(0, String.class) + ": " + row.get(1, String.class))),
                    Connection::close).collectList().block(Duration.ofSeconds(10));
        }
    }

    private ReliabilityApps() {
    }

    static synchronized App start(DatabaseKind kind, String... properties) {
        App running = RUNNING.get(kind);
        if (running != null && properties.length == 0) {
            return running;
        }
        List<String> props = new ArrayList<>(List.of("server.port=0"));
        TestDatabase database = null;
        if (kind != DatabaseKind.H2) {
            database = kind.fresh();
            // the schema's name doubles as the application name, so pg_stat_activity shows the demo's sessions
            props.add("tortoise.db-url=" + database.url()
                    + (database.schema() == null ? "" : "&applicationName=" + database.schema()));
        }
        props.addAll(List.of(properties));
        ConfigurableApplicationContext ctx;
        try {
            ctx = new SpringApplicationBuilder(DemoApplication.class).properties(props.toArray(String[]::new)).run();
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            throw e;
        }
        App app = new App(ctx, ((WebServerApplicationContext) ctx).getWebServer().getPort(), database);
        if (properties.length == 0) {
            RUNNING.put(kind, app);
        }
        return app;
    }

    static synchronized void stop(App app) {
        try {
            app.context().close();
        } finally {
            if (app.database() != null) {
                app.database().close();
            }
            RUNNING.values().remove(app);
        }
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
