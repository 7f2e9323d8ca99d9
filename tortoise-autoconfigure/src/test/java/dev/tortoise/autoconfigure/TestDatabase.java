package dev.tortoise.autoconfigure;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A database the auto-configuration tests run on: a fresh in-memory H2, or a fresh schema in PostgreSQL at
 * 127.0.0.1:5432 (user postgres, database test), dropped by {@link #close()}. Without a reachable PostgreSQL
 * the [postgres] cases are skipped loudly, or fail under {@code -Dtortoise.test.require-postgres=true}.
 */
final class TestDatabase implements AutoCloseable {
    static final String PG_HOST = System.getProperty("tortoise.test.pg-host", "127.0.0.1");
    static final String PG_BASE = "r2dbc:postgresql://postgres@" + PG_HOST + ":5432/test";
    private static volatile Boolean reachable;

    final String kind;
    final String name;
    final String url;
    final String schema;

    private TestDatabase(String kind) {
        this.kind = kind;
        this.name = "ac_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (kind.equals("postgres")) {
            requirePostgres();
            admin("CREATE SCHEMA \"" + name + "\"");
            this.schema = name;
            this.url = PG_BASE + "?schema=" + name;
        } else {
            this.schema = null;
            this.url = "r2dbc:h2:mem:///" + name + "?options=DB_CLOSE_DELAY=-1";
        }
    }

    /** A fresh database of the kind ("h2" or "postgres"). */
    static TestDatabase create(String kind) {
        return new TestDatabase(kind);
    }

    boolean isPostgres() {
        return kind.equals("postgres");
    }

    @Override
    public void close() {
        if (schema != null) {
            admin("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    static void requirePostgres() {
        if (reachable == null) {
            synchronized (TestDatabase.class) {
                if (reachable == null) {
                    try {
                        admin("SELECT 1");
                        reachable = true;
                    } catch (RuntimeException e) {
                        reachable = false;
                        System.err.println("\n!!!!!!!!!! PostgreSQL at " + PG_BASE + " is NOT reachable: "
                                + e.getMessage() + "\n!!!!!!!!!! The [postgres] test cases are SKIPPED.\n");
                    }
                }
            }
        }
        if (!reachable) {
            if (Boolean.getBoolean("tortoise.test.require-postgres")) {
                Assertions.fail("PostgreSQL at " + PG_BASE + " is required (-Dtortoise.test.require-postgres=true)"
                        + " but not reachable");
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
