package dev.tortoise.demo;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The demo application running on each database, started once per test class run: "h2" with its default
 * (embedded) configuration, "postgres" with the postgres profile on a fresh schema of the test database,
 * dropped at the end. Without a reachable PostgreSQL the [postgres] cases are skipped loudly, or fail under
 * {@code -Dtortoise.test.require-postgres=true}.
 */
final class DemoDatabases {
    static final String PG_BASE = "r2dbc:postgresql://postgres@127.0.0.1:5432/test";
    private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();
    private static volatile Boolean pgReachable;

    record Running(ConfigurableApplicationContext context, WebTestClient client, String schema) {
    }

    private DemoDatabases() {
    }

    static synchronized Running start(String kind) {
        Running r = RUNNING.get(kind);
        if (r != null) {
            return r;
        }
        String schema = null;
        SpringApplicationBuilder app = new SpringApplicationBuilder(DemoApplication.class)
                .properties("server.port=0");
        if (kind.equals("postgres")) {
            requirePostgres();
            schema = "demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            admin("CREATE SCHEMA \"" + schema + "\"");
            app.profiles("postgres").properties("tortoise.db-url=" + PG_BASE + "?schema=" + schema);
        }
        ConfigurableApplicationContext ctx = app.run();
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        r = new Running(ctx, client, schema);
        RUNNING.put(kind, r);
        return r;
    }

    static synchronized void stopAll() {
        for (Running r : RUNNING.values()) {
            r.context().close();
            if (r.schema() != null) {
                admin("DROP SCHEMA IF EXISTS \"" + r.schema() + "\" CASCADE");
            }
        }
        RUNNING.clear();
    }

    static void requirePostgres() {
        if (pgReachable == null) {
            try {
                admin("SELECT 1");
                pgReachable = true;
            } catch (RuntimeException e) {
                pgReachable = false;
                System.err.println("\n!!!!!!!!!! PostgreSQL at " + PG_BASE + " is NOT reachable: " + e.getMessage()
                        + "\n!!!!!!!!!! The [postgres] test cases are SKIPPED.\n");
            }
        }
        if (!pgReachable) {
            if (Boolean.getBoolean("tortoise.test.require-postgres")) {
                Assertions.fail("PostgreSQL at " + PG_BASE + " is required (-Dtortoise.test.require-postgres=true) "
                        + "but not reachable");
            }
            Assumptions.abort("PostgreSQL at " + PG_BASE + " is not reachable");
        }
    }

    static void admin(String sql) {
        ConnectionFactory cf = ConnectionFactories.get(PG_BASE + "?connectTimeout=PT3S");
        Mono.usingWhen(Mono.from(cf.create()),
                        c -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then(),
                        Connection::close)
                .block(Duration.ofSeconds(20));
    }
}
