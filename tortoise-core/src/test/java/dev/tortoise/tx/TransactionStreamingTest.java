package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * A stream inside a transaction keeps backpressure: rows are read from the driver and mapped only
 * as far as they are requested, a stream cancelled midway rolls the block back and frees the
 * connection, and a later statement of the same block runs after a cancelled stream.
 */
class TransactionStreamingTest {
    private static final int ROWS = 100_000;
    /**
     * The most rows that may be mapped ahead of the subscriber's demand: the driver's and Reactor's
     * prefetch windows, far below the result's size (the gate used to read all 100,000 first).
     */
    private static final long MAX_AHEAD = 5_000;

    /** How many instances were built: one per row mapped. */
    static final AtomicLong CONSTRUCTED = new AtomicLong();

    @Meta(table = "stream_row")
    public static class StreamRow extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer n;

        public StreamRow() {
            CONSTRUCTED.incrementAndGet();
        }
    }

    private static Env seeded(DatabaseKind db) {
        Env env = Env.start(db, StreamRow.class);
        env.query(switch (db) {
            case POSTGRES -> "INSERT INTO \"stream_row\" (\"n\") SELECT g FROM generate_series(1, " + ROWS + ") g";
            // MariaDB's SEQUENCE engine: the table seq_1_to_<n> holds 1..n
            case MARIADB -> "INSERT INTO \"stream_row\" (\"n\") SELECT seq FROM seq_1_to_" + ROWS;
            default -> "INSERT INTO \"stream_row\" (\"n\") SELECT X FROM SYSTEM_RANGE(1, " + ROWS + ")";
        });
        return env;
    }

    private static void awaitNoConnectionAcquired(Env env) {
        ConnectionPool pool = (ConnectionPool) env.tortoise().connections().get("default").factory();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.getMetrics().orElseThrow().acquiredSize() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isZero();
        assertThat(pool.getMetrics().orElseThrow().pendingAcquireSize()).isZero();
    }

    @DatabaseTest
    void rowsOfAStreamInsideATransactionAreReadOnlyAsTheyAreRequested(DatabaseKind db) {
        try (Env env = seeded(db)) {
            CONSTRUCTED.set(0);
            StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class).all().orderBy("n").flux()),
                            0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(100))
                    .thenRequest(3)
                    .expectNextMatches(x -> x.n == 1)
                    .expectNextMatches(x -> x.n == 2)
                    .expectNextMatches(x -> x.n == 3)
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> assertThat(CONSTRUCTED.get()).isBetween(3L, MAX_AHEAD))
                    .thenRequest(7)
                    .expectNextCount(7)
                    .expectNoEvent(Duration.ofMillis(100))
                    .then(() -> assertThat(CONSTRUCTED.get()).isBetween(10L, MAX_AHEAD))
                    .thenCancel()
                    .verify(Env.TIMEOUT);
            awaitNoConnectionAcquired(env);
        }
    }

    @DatabaseTest
    void aWholeLargeStreamInsideATransactionIsNeverReadFarAheadOfItsConsumer(DatabaseKind db) {
        try (Env env = seeded(db)) {
            CONSTRUCTED.set(0);
            AtomicLong consumed = new AtomicLong();
            AtomicLong maxAhead = new AtomicLong();
            StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class).all().flux())
                            .limitRate(100)
                            .doOnNext(x -> {
                                long ahead = CONSTRUCTED.get() - consumed.incrementAndGet();
                                maxAhead.accumulateAndGet(ahead, Math::max);
                            })
                            .map(x -> (long) x.n)
                            .reduce(0L, Long::sum))
                    .expectNext((long) ROWS * (ROWS + 1) / 2)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(consumed.get()).isEqualTo(ROWS);
            assertThat(maxAhead.get()).isLessThan(MAX_AHEAD);
            awaitNoConnectionAcquired(env);
        }
    }

    // r2dbc-mariadb is asked for rows only as far as the subscriber asks (docs/reliability.md, "MariaDB results
    // that stopped midway": it used to be asked for whole results), and rows are mapped only when handed over: with
    // 3 requested exactly 3 of the 100,000 are mapped, with 7 more exactly 10, however long the subscriber waits.
    @DatabaseTest(DatabaseKind.MARIADB)
    void onMariaDbAResultInsideATransactionIsMappedOnlyAsFarAsRequested(DatabaseKind db) {
        try (Env env = seeded(db)) {
            CONSTRUCTED.set(0);
            StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class).all().orderBy("n").flux()),
                            0)
                    .expectSubscription()
                    .thenRequest(3)
                    .expectNextMatches(x -> x.n == 1)
                    .expectNextMatches(x -> x.n == 2)
                    .expectNextMatches(x -> x.n == 3)
                    .expectNoEvent(Duration.ofMillis(500))
                    .then(() -> assertThat(CONSTRUCTED.get()).as("rows mapped with 3 requested").isEqualTo(3L))
                    .thenRequest(7)
                    .expectNextCount(7)
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> assertThat(CONSTRUCTED.get()).as("rows mapped with 10 requested").isEqualTo(10L))
                    .thenCancel()
                    .verify(Env.TIMEOUT);
            awaitNoConnectionAcquired(env);
        }
    }

    /** A few microseconds of work per row without blocking: a consumer slower than the database. */
    private static long work(long seed) {
        long h = seed;
        for (int i = 0; i < 2_000; i++) {
            h = h * 31 + i;
        }
        return h;
    }

    // Point 3's shape on every database: a 20,000-row result of a transaction read 16 rows at a time by a slow
    // consumer on a thread of its own arrives whole, within a time box (on MariaDB, asked a few rows at a time,
    // such a read used to stop for good midway), and the driver stays within its prefetch window of the consumer.
    @DatabaseTest
    void aLargeResultReadSixteenRowsAtATimeByASlowConsumerOnAnotherThreadArrivesWhole(DatabaseKind db) {
        int rows = 20_000;
        try (Env env = seeded(db)) {
            Scheduler reader = Schedulers.newSingle("paced-reader");
            try {
                // Its thread starts on its first task; started here, not on the event loop's first row.
                Mono.fromRunnable(() -> { }).subscribeOn(reader).block(Env.TIMEOUT);
                for (int round = 0; round < 2; round++) {
                    CONSTRUCTED.set(0);
                    AtomicLong consumed = new AtomicLong();
                    AtomicLong maxAhead = new AtomicLong();
                    AtomicLong checksum = new AtomicLong();
                    StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class)
                                            .filter("n__lte", rows).flux())
                                    .limitRate(16)
                                    .publishOn(reader, 16)
                                    .doOnNext(x -> {
                                        long ahead = CONSTRUCTED.get() - consumed.incrementAndGet();
                                        maxAhead.accumulateAndGet(ahead, Math::max);
                                        checksum.addAndGet(work(x.n) & 1);
                                    })
                                    .map(x -> (long) x.n)
                                    .reduce(0L, Long::sum))
                            .expectNext((long) rows * (rows + 1) / 2)
                            .expectComplete().verify(Duration.ofSeconds(20));
                    assertThat(consumed.get()).as("round %d", round).isEqualTo(rows);
                    assertThat(checksum.get()).isBetween(0L, (long) rows);
                    assertThat(maxAhead.get()).as("round %d: rows mapped ahead of the consumer", round)
                            .isLessThan(MAX_AHEAD);
                }
            } finally {
                reader.dispose();
            }
            awaitNoConnectionAcquired(env);
        }
    }

    @DatabaseTest
    void cancellingAStreamMidwayRollsTheBlockBackAndReleasesTheConnection(DatabaseKind db) {
        try (Env env = seeded(db)) {
            CONSTRUCTED.set(0);
            StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class).create("n", -1)
                                    .thenMany(env.of(StreamRow.class).filter("n__gt", 0).orderBy("n").flux()))
                            .map(x -> x.n)
                            .take(5))
                    .expectNext(1, 2, 3, 4, 5)
                    .expectComplete().verify(Env.TIMEOUT);
            awaitNoConnectionAcquired(env);
            // The row created inside the block was rolled back with it.
            assertThat(env.countRows("stream_row")).isEqualTo(ROWS);
            assertThat(env.query("SELECT COUNT(*) AS \"c\" FROM \"stream_row\" WHERE \"n\" = -1").get(0).get("c"))
                    .isEqualTo(0L);
            // The connection went back clean: the next block on the pool commits.
            StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class).create("n", -2)
                            .then(env.of(StreamRow.class).filter("n", -2).count())))
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("stream_row")).isEqualTo(ROWS + 1);
            awaitNoConnectionAcquired(env);
        }
    }

    @DatabaseTest
    void aStatementAfterACancelledStreamInTheSameTransactionRuns(DatabaseKind db) {
        try (Env env = seeded(db)) {
            CONSTRUCTED.set(0);
            StepVerifier.create(env.tortoise().inTransaction(tx -> env.of(StreamRow.class).all().orderBy("n").flux()
                            .take(10)
                            .map(x -> x.n)
                            .collectList()
                            .flatMap(first -> env.of(StreamRow.class).create("n", -3)
                                    .then(env.of(StreamRow.class).filter("n__lte", 10).count())
                                    .map(count -> first + " " + count))))
                    .expectNext("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10] 11")
                    .expectComplete().verify(Env.TIMEOUT);
            awaitNoConnectionAcquired(env);
            assertThat(env.countRows("stream_row")).isEqualTo(ROWS + 1);
        }
    }

    @DatabaseTest
    void twoStreamsOfOneTransactionZippedTogetherBothComplete(DatabaseKind db) {
        try (Env env = seeded(db)) {
            // The second waits for the connection, so the first is read ahead instead of deadlocking the zip.
            Flux<Integer> up = env.of(StreamRow.class).filter("n__lte", 3_000).orderBy("n").flux().map(x -> x.n);
            Flux<Integer> down = env.of(StreamRow.class).filter("n__lte", 3_000).orderBy("-n").flux().map(x -> x.n);
            StepVerifier.create(env.tortoise().inTransaction(tx -> Flux.zip(up, down, (a, b) -> a + b)
                            .all(sum -> sum == 3_001)))
                    .expectNext(true)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().inTransaction(tx -> Mono.zip(up.count(), down.count())
                            .map(t -> t.getT1() + t.getT2())))
                    .expectNext(6_000L)
                    .expectComplete().verify(Env.TIMEOUT);
            awaitNoConnectionAcquired(env);
        }
    }
}
