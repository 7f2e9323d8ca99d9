package dev.tortoise.testing;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.model.Model;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A database the behaviour tests run on: H2 in memory, or PostgreSQL at 127.0.0.1:5432 (user
 * postgres, database test) with a fresh schema per test. Without a reachable PostgreSQL the
 * PostgreSQL cases are skipped loudly, or fail under {@code -Dtortoise.test.require-postgres=true}.
 */
public enum TestDb {
    H2("h2"), POSTGRES("postgres");

    public static final String PG_HOST = System.getProperty("tortoise.test.pg-host", "127.0.0.1");
    public static final String PG_URL = "r2dbc:postgresql://postgres@" + PG_HOST + ":5432/test";
    private static volatile Boolean pgReachable;

    private final String label;

    TestDb(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Whether this is PostgreSQL. */
    public boolean isPostgres() {
        return this == POSTGRES;
    }

    /** Starts a runtime over a fresh, empty database with the given models' tables created. */
    @SafeVarargs
    public final Env start(Class<? extends Model>... models) {
        return start(b -> b.models(models));
    }

    /** Starts a runtime configured by {@code configure} (which must add the apps) on a fresh database. */
    public Env start(Consumer<TortoiseConfig.Builder> configure) {
        return start(configure, true);
    }

    /** Starts a runtime; {@code schemas} says whether to create the tables. */
    public Env start(Consumer<TortoiseConfig.Builder> configure, boolean schemas) {
        StatementRecorder recorder = new StatementRecorder();
        String schema = null;
        String url;
        if (this == H2) {
            url = "r2dbc:h2:mem:///t" + UUID.randomUUID().toString().replace("-", "") + "?options=DB_CLOSE_DELAY=-1";
        } else {
            requirePostgres();
            schema = "tt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            admin("CREATE SCHEMA \"" + schema + "\"");
            url = PG_URL + "?schema=" + schema;
        }
        TortoiseConfig.Builder b = TortoiseConfig.builder().connection("default", url).statementListener(recorder);
        configure.accept(b);
        Tortoise t = Tortoise.init(b.build());
        Env env = new Env(this, t, recorder, schema);
        if (schemas) {
            t.generateSchemas(false).block(Duration.ofSeconds(60));
            recorder.clear();
        }
        return env;
    }

    /** Skips (or, when required, fails) a PostgreSQL case whose server is unreachable. */
    public static void requirePostgres() {
        if (pgReachable == null) {
            synchronized (TestDb.class) {
                if (pgReachable == null) {
                    boolean ok;
                    try {
                        admin("SELECT 1");
                        ok = true;
                    } catch (RuntimeException e) {
                        ok = false;
                        System.err.println("\n!!!!!!!!!! PostgreSQL at " + PG_URL + " is NOT reachable: "
                                + e.getMessage() + "\n!!!!!!!!!! The [postgres] test cases are SKIPPED.\n");
                    }
                    pgReachable = ok;
                }
            }
        }
        if (!pgReachable) {
            if (Boolean.getBoolean("tortoise.test.require-postgres")) {
                Assertions.fail("PostgreSQL at " + PG_URL + " is required (-Dtortoise.test.require-postgres=true) "
                        + "but not reachable");
            }
            Assumptions.abort("PostgreSQL at " + PG_URL + " is not reachable");
        }
    }

    /** Runs one SQL statement on the PostgreSQL test database outside any runtime. */
    public static void admin(String sql) {
        ConnectionFactory cf = ConnectionFactories.get(PG_URL + "?connectTimeout=PT3S");
        Mono.usingWhen(Mono.from(cf.create()),
                        c -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then(),
                        Connection::close)
                .block(Duration.ofSeconds(20));
    }

    /** Every database, for parameterised tests. */
    public static List<TestDb> all() {
        return List.of(H2, POSTGRES);
    }
}
