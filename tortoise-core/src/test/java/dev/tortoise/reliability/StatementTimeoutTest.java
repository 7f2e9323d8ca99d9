package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.QueryTimeoutError;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.query.QuerySet;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Statement timeouts ({@code statementTimeout} in the configuration, {@code QuerySet.timeout}) and
 * the server-side stop of abandoned statements: a statement past its timeout is cancelled on the
 * server (PostgreSQL: the driver's cancel request; H2: the session's QUERY_TIMEOUT), the caller
 * gets a QueryTimeoutError, no session is left running it, other queries answer meanwhile, and the
 * same connection goes on serving queries.
 */
class StatementTimeoutTest {
    /**
     * How much later than its timeout the caller may hear of it: generous, for a loaded machine. That
     * the server stopped the statement is checked by looking at the server, not by the clock.
     */
    private static final Duration SLACK = Duration.ofSeconds(5);

    @Meta(table = "to_item")
    public static class TimedItem extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    private static ReliabilityDb start(DatabaseKind db, int poolSize, Duration statementTimeout) {
        ReliabilityDb r = ReliabilityDb.start(db, poolSize, b -> b.statementTimeout(statementTimeout), TimedItem.class);
        Manager<TimedItem> items = r.orm.of(TimedItem.class);
        for (int i = 1; i <= 3; i++) {
            items.create("name", "item " + i).block(ReliabilityDb.TIMEOUT);
        }
        return r;
    }

    /**
     * A value that takes the database about {@code seconds} to compute: {@code pg_sleep} on
     * PostgreSQL, {@code SLEEP} on MariaDB; on H2 (which has no sleep function) a cross join counted row by row, which H2
     * checks for cancellation as it goes.
     */
    static RawSQL slow(DatabaseKind db, double seconds) {
        if (db == DatabaseKind.POSTGRES) {
            return RawSQL.of("SELECT 7 FROM pg_sleep(?)", seconds).as(Long.class);
        }
        if (db == DatabaseKind.MARIADB) {
            return RawSQL.of("SELECT 7 + SLEEP(?) * 0", seconds).as(Long.class);
        }
        // About 5 million rows a second here; only the order of magnitude matters for the cases below.
        long side = Math.max(1, (long) Math.sqrt(seconds * 5_000_000));
        return RawSQL.of("SELECT COUNT(*) * 0 + 7 FROM SYSTEM_RANGE(1, ?) a, SYSTEM_RANGE(1, ?) b", side, side)
                .as(Long.class);
    }

    private static Mono<Object> slowValue(Manager<TimedItem> items, DatabaseKind db, double seconds,
                                          java.util.function.UnaryOperator<QuerySet<TimedItem>> configure) {
        return configure.apply(items.filter("id", 1).annotate("v", slow(db, seconds))).valuesList(true, "v")
                .flux().singleOrEmpty();
    }

    /** The database session id the runtime's (single) pooled connection has. */
    private static long sessionId(ReliabilityDb r) {
        RawSQL id = RawSQL.of(switch (r.db) {
            case POSTGRES -> "CAST(pg_backend_pid() AS BIGINT)";
            case MARIADB -> "CONNECTION_ID()";
            default -> "CAST(SESSION_ID() AS BIGINT)";
        })
                .as(Long.class);
        Object v = r.orm.of(TimedItem.class).filter("id", 1).annotate("sid", id).valuesList(true, "sid").flux()
                .singleOrEmpty().block(ReliabilityDb.TIMEOUT);
        return ((Number) v).longValue();
    }

    /**
     * Asserts that {@code work} fails with the timeout error no sooner than its timeout, and that no
     * session of the runtime runs a statement or holds a transaction's changes within five seconds of
     * it (a statement merely given up on by the client would run on for a minute). Five, not one: on
     * a loaded machine MariaDB was once seen still ending a rolled-back transaction after a second.
     */
    private static void assertTimedOut(ReliabilityDb r, Mono<?> work, long timeoutMs) {
        long start = System.nanoTime();
        StepVerifier.create(work)
                .expectErrorSatisfies(e -> Assertions.assertThat(e)
                        .isInstanceOf(QueryTimeoutError.class)
                        .isInstanceOf(dev.tortoise.exception.OperationalError.class)
                        .hasMessage("canceling statement due to statement timeout (" + timeoutMs + " ms)"))
                .verify(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("time to the timeout error").isGreaterThanOrEqualTo(Duration.ofMillis(timeoutMs - 50))
                .isLessThan(Duration.ofMillis(timeoutMs).plus(SLACK));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> busy = r.serverSessionsBusy();
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            ReliabilityDb.sleep(10);
            busy = r.serverSessionsBusy();
        }
        assertThat(busy).as("sessions still running a statement five seconds after the timeout error").isEmpty();
    }

    @DatabaseTest
    void aStatementPastItsTimeoutIsCancelledOnTheServerAndItsConnectionIsReused(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 1, null)) {
            Manager<TimedItem> items = r.orm.of(TimedItem.class);
            PoolMetrics m = r.pool().getMetrics().orElseThrow();
            long session = sessionId(r);
            for (int rep = 0; rep < 3; rep++) {
                assertTimedOut(r, slowValue(items, db, 60, qs -> qs.timeout(Duration.ofMillis(500))), 500);
                // No session still runs it, and the pool's one connection answers at once.
                r.assertHealthy("rep " + rep);
                assertThat(sessionId(r)).as("the same database session serves the next query").isEqualTo(session);
                assertThat(m.allocatedSize()).isEqualTo(1);
                StepVerifier.create(items.all().orderBy("id").valuesList(true, "name").flux())
                        .expectNext("item 1", "item 2", "item 3").expectComplete().verify(Duration.ofSeconds(10));
            }
        }
    }

    @DatabaseTest
    void otherQueriesAnswerWhileATimedStatementRuns(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 2, null)) {
            Manager<TimedItem> items = r.orm.of(TimedItem.class);
            AtomicLong failedAt = new AtomicLong();
            long start = System.nanoTime();
            Disposable running = slowValue(items, db, 60, qs -> qs.timeout(Duration.ofSeconds(6)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(v -> { }, e -> failedAt.set(e instanceof QueryTimeoutError ? System.nanoTime() : -1));
            long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (r.serverSessionsBusy().isEmpty() && System.nanoTime() < waitUntil) {
                ReliabilityDb.sleep(10);
            }
            for (int i = 0; i < 5; i++) {
                StepVerifier.create(items.filter("id", 2).valuesList(true, "name").flux())
                        .expectNext("item 2").expectComplete().verify(Duration.ofSeconds(5));
            }
            assertThat(failedAt.get()).as("the parallel queries answered while the timed statement ran").isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (failedAt.get() == 0 && System.nanoTime() < deadline) {
                ReliabilityDb.sleep(10);
            }
            assertThat(failedAt.get()).as("the timed statement failed with QueryTimeoutError").isPositive();
            assertThat(Duration.ofNanos(failedAt.get() - start)).isLessThan(Duration.ofSeconds(6).plus(SLACK));
            running.dispose();
            r.assertHealthy("after the timed statement");
        }
    }

    @DatabaseTest
    void theConfiguredStatementTimeoutAppliesToEveryQueryAndAQuerySetOverridesIt(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 1, Duration.ofMillis(400))) {
            Manager<TimedItem> items = r.orm.of(TimedItem.class);
            assertTimedOut(r, slowValue(items, db, 60, qs -> qs), 400);
            r.assertHealthy("after the configured timeout");
            // A longer limit, and none at all, let a statement of about a second finish. The limits are generous:
            // H2's second is CPU work, which took over 20 s once on a loaded CI machine.
            StepVerifier.create(slowValue(items, db, 1, qs -> qs.timeout(Duration.ofSeconds(120))))
                    .expectNext(7L).expectComplete().verify(Duration.ofSeconds(150));
            StepVerifier.create(slowValue(items, db, 1, qs -> qs.timeout(Duration.ZERO)))
                    .expectNext(7L).expectComplete().verify(Duration.ofSeconds(150));
            // A shorter one than the configuration's wins too.
            assertTimedOut(r, slowValue(items, db, 60, qs -> qs.timeout(Duration.ofMillis(200))), 200);
            // Writes and counts carry the queryset's timeout as well.
            assertTimedOut(r, items.filter("id", 1).annotate("v", slow(db, 60)).filter("v", 7).timeout(
                    Duration.ofMillis(300)).count(), 300);
            r.assertHealthy("at the end");
        }
    }

    @DatabaseTest
    void aTimeoutSetForOneStatementDoesNotLimitTheNextOnTheSameConnection(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 1, null)) {
            Manager<TimedItem> items = r.orm.of(TimedItem.class);
            StepVerifier.create(items.all().timeout(Duration.ofMillis(300)).count())
                    .expectNext(3L).expectComplete().verify(Duration.ofSeconds(10));
            StepVerifier.create(slowValue(items, db, 1, qs -> qs))
                    .expectNext(7L).expectComplete().verify(Duration.ofSeconds(150));
        }
    }

    @DatabaseTest
    void aTimeoutInsideATransactionRollsTheTransactionBack(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 1, null)) {
            Manager<TimedItem> items = r.orm.of(TimedItem.class);
            Mono<Object> block = r.orm.inTransaction(tx -> items.create("name", "in tx")
                    .then(slowValue(items, db, 60, qs -> qs.timeout(Duration.ofMillis(400))))).singleOrEmpty();
            assertTimedOut(r, block, 400);
            r.assertHealthy("after the transaction");
            assertThat(items.filter("name", "in tx").count().block(ReliabilityDb.TIMEOUT)).isZero();
            assertThat(items.all().count().block(ReliabilityDb.TIMEOUT)).isEqualTo(3);
        }
    }

    @DatabaseTest
    void aNegativeTimeoutIsRefused(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 1, null)) {
            Assertions.assertThatThrownBy(() -> r.orm.of(TimedItem.class).all().timeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(ParamsError.class)
                    .hasMessage("timeout should be a non-negative duration, got PT-1S");
            Assertions.assertThatThrownBy(() -> dev.tortoise.TortoiseConfig.builder()
                            .statementTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(dev.tortoise.exception.ConfigurationError.class)
                    .hasMessage("statement timeout must not be negative: PT-1S");
        }
    }

    /** The rows' statement: how the queryset's SQL looks is unchanged by a timeout. */
    @DatabaseTest
    void aTimeoutDoesNotChangeTheSql(DatabaseKind db) {
        try (ReliabilityDb r = start(db, 1, null)) {
            QuerySet<TimedItem> qs = r.orm.of(TimedItem.class).filter("id", 1);
            assertThat(qs.timeout(Duration.ofSeconds(1)).sql()).isEqualTo(qs.sql());
            assertThat(qs.timeout(Duration.ofSeconds(1)).sql().bindings()).isEqualTo(List.of(1));
        }
    }
}
