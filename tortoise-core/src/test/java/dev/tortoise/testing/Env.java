package dev.tortoise.testing;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.RawSql;
import dev.tortoise.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A runtime on a fresh test database ({@link DatabaseKind#fresh()}, from tortoise-test-r2dbc), with a statement
 * recorder; closing it closes the runtime and drops the database. The core suite's own helper: the database support
 * (kinds, fresh databases, the skip-or-fail rule for unreachable servers) is the shared one.
 */
public final class Env implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TestDatabase database;
    private final Tortoise tortoise;
    private final StatementRecorder statements;

    private Env(TestDatabase database, Tortoise tortoise, StatementRecorder statements) {
        this.database = database;
        this.tortoise = tortoise;
        this.statements = statements;
    }

    /** Starts a runtime over a fresh, empty database of {@code kind} with the given models' tables created. */
    @SafeVarargs
    public static Env start(DatabaseKind kind, Class<? extends Model>... models) {
        return start(kind, b -> b.models(models));
    }

    /** Starts a runtime configured by {@code configure} (which must add the apps) on a fresh database. */
    public static Env start(DatabaseKind kind, Consumer<TortoiseConfig.Builder> configure) {
        return start(kind, configure, true);
    }

    /** Starts a runtime; {@code schemas} says whether to create the tables. */
    public static Env start(DatabaseKind kind, Consumer<TortoiseConfig.Builder> configure, boolean schemas) {
        TestDatabase database = kind.fresh();
        try {
            StatementRecorder recorder = new StatementRecorder();
            TortoiseConfig.Builder b = TortoiseConfig.builder().connection("default", database.url())
                    .statementListener(recorder);
            configure.accept(b);
            Tortoise t = Tortoise.init(b.build());
            Env env = new Env(database, t, recorder);
            if (schemas) {
                t.generateSchemas(false).block(Duration.ofSeconds(60));
                recorder.clear();
            }
            return env;
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    /** The kind of database this runtime is on. */
    public DatabaseKind db() {
        return database.kind();
    }

    /** The fresh database this runtime is on. */
    public TestDatabase database() {
        return database;
    }

    public Tortoise tortoise() {
        return tortoise;
    }

    public <T extends Model> Manager<T> of(Class<T> model) {
        return tortoise.of(model);
    }

    public StatementRecorder statements() {
        return statements;
    }

    /**
     * Runs SQL on the runtime's default connection outside the ORM and returns the rows as maps from lower-case
     * column name to value (for checking what is stored); not seen by the statement recorder.
     */
    public List<Map<String, Object>> query(String sql) {
        // Written in the standard form (double-quoted names); MariaDB gets them in backticks (ExpectedSql).
        return RawSql.query(tortoise.connections().get("default").factory(), ExpectedSql.on(db(), sql));
    }

    /** The number of rows in a table, read outside the ORM. */
    public long countRows(String table) {
        return RawSql.countRows(tortoise.connections().get("default").factory(), table);
    }

    @Override
    public void close() {
        try {
            tortoise.close().block(TIMEOUT);
        } finally {
            database.close();
        }
    }
}
