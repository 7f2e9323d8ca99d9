package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.execution.PoolSettings;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A runtime for the reliability suite: a small pool (so exhaustion is easy to reach), a fresh
 * database, and on PostgreSQL an application name of its own so that {@code pg_stat_activity}
 * shows exactly this runtime's sessions.
 */
final class ReliabilityDb implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Repetitions per case: a few in the normal build, 300 in the long mode (scripts/reliability.sh). */
    static final int REPS = Integer.getInteger("tortoise.reliability.reps", 15);

    final DatabaseKind db;
    final Tortoise orm;
    /** The fresh database (tortoise-test-r2dbc's), dropped by {@link #close()}. */
    final TestDatabase database;
    /** The PostgreSQL schema (also the runtime's application name), or null. */
    final String schema;
    final int poolSize;
    /** The database's URL, for looking at its sessions from outside the runtime. */
    final String url;

    private ReliabilityDb(DatabaseKind db, Tortoise orm, TestDatabase database, int poolSize, String url) {
        this.db = db;
        this.orm = orm;
        this.database = database;
        this.schema = database.schema();
        this.poolSize = poolSize;
        this.url = url;
    }

    @SafeVarargs
    static ReliabilityDb start(DatabaseKind db, int poolSize, Class<? extends Model>... models) {
        return start(db, poolSize, b -> { }, models);
    }

    /** A runtime as {@link #start(DatabaseKind, int, Class[])} makes, with more configuration by {@code configure}. */
    @SafeVarargs
    static ReliabilityDb start(DatabaseKind db, int poolSize, java.util.function.Consumer<TortoiseConfig.Builder> configure,
                               Class<? extends Model>... models) {
        TestDatabase database = db.fresh();
        try {
            // the schema's name doubles as the application name, so pg_stat_activity shows this runtime's sessions
            String url = database.schema() == null ? database.url()
                    : database.url() + "&applicationName=" + database.schema();
            TortoiseConfig.Builder config = TortoiseConfig.builder().connection("default", url).models(models)
                    .poolDefaults(PoolSettings.DEFAULTS.withSizes(poolSize, poolSize)
                            .withAcquireTimeout(Duration.ofSeconds(20)));
            configure.accept(config);
            Tortoise orm = Tortoise.init(config.build());
            orm.generateSchemas(false).block(TIMEOUT);
            return new ReliabilityDb(db, orm, database, poolSize, url);
        } catch (RuntimeException | Error e) {
            database.close();
            throw e;
        }
    }

    ConnectionPool pool() {
        return (ConnectionPool) orm.connections().get("default").pool();
    }

    /**
     * Waits until the runtime is healthy again: every pooled connection idle and usable (a query
     * answers at once), and on PostgreSQL no session of this runtime running a statement or left
     * idle in a transaction.
     */
    void assertHealthy(String when) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        PoolMetrics m = pool().getMetrics().orElseThrow();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<String> busy = serverSessionsBusy();
            boolean poolIdle = m.acquiredSize() == 0 && m.pendingAcquireSize() == 0 && m.idleSize() == m.allocatedSize();
            if (poolIdle && busy.isEmpty()) {
                long start = System.nanoTime();
                // The probe's connection goes back to the pool on cancel too (usingWhen): with a plain flatMap a
                // timed-out probe kept it acquired, and every later check of this runtime saw "pool acquired 1".
                Boolean answered = Mono.usingWhen(Mono.from(pool().create()),
                                (Connection c) -> Mono.from(c.createStatement("SELECT 1").execute())
                                        .flatMap(r -> Mono.from(r.map((row, md) -> row.get(0))))
                                        .thenReturn(true),
                                Connection::close)
                        .timeout(Duration.ofSeconds(2), Mono.just(false))
                        .block(Duration.ofSeconds(5));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (Boolean.TRUE.equals(answered) && took.compareTo(Duration.ofSeconds(1)) < 0) {
                    return;
                }
                // A slow answer is asked again until the deadline: a connection stuck behind something (a lock,
                // a statement still running) stays slow each time the pool hands it out, while a one-off stall
                // does not. Seen on a loaded machine (load 30 on 2 cores) with one database alone
                // (-Dtortoise.test.databases=h2 or =postgres): the JVM's first health check took 1.6-1.8 s.
                last = "SELECT 1 " + (Boolean.TRUE.equals(answered) ? "answered in " + took.toMillis() + " ms"
                        : "not answered within 2 s") + ", not at once";
                continue;
            }
            last = "pool acquired " + m.acquiredSize() + ", pending " + m.pendingAcquireSize() + ", idle "
                    + m.idleSize() + " of " + m.allocatedSize() + "; server sessions " + busy;
            sleep(5);
        }
        throw new AssertionError(when + ": not healthy after 10 s: " + last);
    }

    /**
     * This runtime's database sessions that run a statement or sit in a transaction: from
     * {@code pg_stat_activity} on PostgreSQL, from {@code INFORMATION_SCHEMA.SESSIONS} on H2 (a
     * session executing a statement or holding uncommitted changes), from the process list and InnoDB's
     * open transactions on MariaDB, seen from a session of its own.
     */
    List<String> serverSessionsBusy() {
        if (db == DatabaseKind.MARIADB) {
            // MariaDB: the server's other sessions on this runtime's database that run a statement or hold an
            // InnoDB transaction with locks or changes. The transactions come from SHOW ENGINE INNODB STATUS,
            // which is made when asked, not from INFORMATION_SCHEMA.INNODB_TRX: that table is a server-wide
            // snapshot refreshed only when nobody has read it for 0.1 s, so this loop's own polling (every few
            // ms) kept a snapshot taken during a failed INSERT's statement rollback for the whole 10 s: a
            // session seen "ROLLING BACK" long after the server had finished and sent the error.
            ConnectionFactory own = ConnectionFactories.get(url);
            return Flux.usingWhen(Mono.from(own.create()),
                    (Connection c) -> Mono.from(c.createStatement("SHOW ENGINE INNODB STATUS").execute())
                            .flatMap(r -> Mono.from(r.map((row, md) -> row.get("Status", String.class))))
                            .map(ReliabilityDb::innodbTransactionsHolding)
                            .flatMapMany(held -> Flux.from(c.createStatement("SELECT p.ID, p.COMMAND, p.INFO "
                                            + "FROM information_schema.PROCESSLIST p WHERE p.DB = DATABASE() "
                                            + "AND p.ID <> CONNECTION_ID() "
                                            // nor another probe's session (one of this probe's earlier runs,
                                            // its close still under way on a loaded server)
                                            + "AND COALESCE(p.INFO, '') NOT LIKE '%information\\_schema.PROCESSLIST p WHERE%' "
                                            + "AND COALESCE(p.INFO, '') NOT LIKE 'SHOW ENGINE INNODB STATUS%'")
                                    .execute())
                                    .flatMap(r -> r.map((row, md) -> {
                                        String trx = held.get(String.valueOf(row.get(0)));
                                        String command = row.get(1, String.class);
                                        return "Sleep".equals(command) && trx == null ? ""
                                                : "session " + row.get(0) + ": " + command + " "
                                                        + row.get(2, String.class)
                                                        + (trx != null ? " (in a transaction: " + trx + ")" : "");
                                    }))
                                    .filter(busy -> !busy.isEmpty())),
                    Connection::close).collectList().block(Duration.ofSeconds(10));
        }
        if (schema == null) {
            ConnectionFactory h2 = ConnectionFactories.get(url);
            return Flux.usingWhen(Mono.from(h2.create()),
                    (Connection c) -> Flux.from(c.createStatement("SELECT SESSION_ID, EXECUTING_STATEMENT, "
                            + "CONTAINS_UNCOMMITTED FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID() "
                            + "AND (EXECUTING_STATEMENT IS NOT NULL OR CONTAINS_UNCOMMITTED)").execute())
                            .flatMap(r -> r.map((row, md) -> "session " + row.get(0) + ": " + row.get(1, String.class)
                                    + (Boolean.TRUE.equals(row.get(2, Boolean.class)) ? " (uncommitted)" : ""))),
                    Connection::close)
                    // H2 2.x reads other sessions' transactions without a lock: a session that is just ending one
                    // makes this query fail with an internal NullPointerException (seen in CI). That is a race in
                    // the probe, not a busy session; ask again.
                    .retryWhen(Retry.fixedDelay(5, Duration.ofMillis(20)).filter(ReliabilityDb::isH2SessionRace))
                    .collectList().block(Duration.ofSeconds(10));
        }
        ConnectionFactory admin = ConnectionFactories.get(DatabaseKind.POSTGRES.serverUrl() + "?connectTimeout=PT3S");
        return Flux.usingWhen(Mono.from(admin.create()),
                (Connection c) -> Flux.from(c.createStatement("SELECT state, query FROM pg_stat_activity "
                        + "WHERE application_name = $1 AND state <> 'idle'").bind("$1", schema).execute())
                        .flatMap(r -> r.map((row, md) -> row.get(0, String.class) + ": " + row.get(1, String.class))),
                Connection::close).collectList().block(Duration.ofSeconds(10));
    }

    /**
     * The InnoDB transactions in a {@code SHOW ENGINE INNODB STATUS} text that hold locks or changes
     * (an idle session may keep the read view of a statement killed by max_statement_time, which holds
     * nothing), by the session (thread) id that runs them, each described by its first two lines
     * (its id, age and state, such as "ACTIVE 3 sec rollback", then its lock and undo counts).
     */
    static java.util.Map<String, String> innodbTransactionsHolding(String status) {
        java.util.Map<String, String> held = new java.util.HashMap<>();
        String[] blocks = status.split("\n---TRANSACTION ");
        for (int i = 1; i < blocks.length; i++) {
            String block = blocks[i];
            int end = block.indexOf("\n--------");
            if (end >= 0) {
                block = block.substring(0, end);
            }
            java.util.regex.Matcher thread = TRX_THREAD.matcher(block);
            java.util.regex.Matcher locks = TRX_LOCKS.matcher(block);
            java.util.regex.Matcher undo = TRX_UNDO.matcher(block);
            boolean holds = (locks.find() && Long.parseLong(locks.group(1)) > 0)
                    || (undo.find() && Long.parseLong(undo.group(1)) > 0);
            if (holds && thread.find()) {
                String[] lines = block.split("\n", 3);
                held.put(thread.group(1), lines[0] + (lines.length > 1 ? "; " + lines[1] : ""));
            }
        }
        return held;
    }

    private static final java.util.regex.Pattern TRX_THREAD = java.util.regex.Pattern.compile("thread id (\\d+),");
    private static final java.util.regex.Pattern TRX_LOCKS = java.util.regex.Pattern.compile("(\\d+) lock struct\\(s\\)");
    private static final java.util.regex.Pattern TRX_UNDO = java.util.regex.Pattern.compile("undo log entries (\\d+)");

    private static boolean isH2SessionRace(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("NullPointerException") && message.contains("INFORMATION_SCHEMA.SESSIONS");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Integer> ids(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            orm.close().block(TIMEOUT);
        } finally {
            database.close();
        }
    }
}
