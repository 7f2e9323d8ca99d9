package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Large results stream with backpressure, and cancelling a stream leaks no connection. */
class StreamingTest {
    private static final int ROWS = 20_000;

    @Meta(table = "num")
    public static class Num extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer n;
    }

    private static Env seeded(DatabaseKind db) {
        Env env = Env.start(db, Num.class);
        env.query(switch (db) {
            case POSTGRES -> "INSERT INTO \"num\" (\"n\") SELECT g FROM generate_series(1, " + ROWS + ") g";
            // MariaDB's SEQUENCE engine: the table seq_1_to_<n> holds 1..n
            case MARIADB -> "INSERT INTO \"num\" (\"n\") SELECT seq FROM seq_1_to_" + ROWS;
            default -> "INSERT INTO \"num\" (\"n\") SELECT X FROM SYSTEM_RANGE(1, " + ROWS + ")";
        });
        return env;
    }

    private static PoolMetrics metrics(Env env) {
        return ((ConnectionPool) env.tortoise().connections().get("default").factory()).getMetrics().orElseThrow();
    }

    /** Waits until the pool has no connection out (releases happen asynchronously after a cancel). */
    private static void assertNoConnectionAcquired(Env env) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metrics(env).acquiredSize() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(metrics(env).acquiredSize()).isZero();
        assertThat(metrics(env).pendingAcquireSize()).isZero();
    }

    @DatabaseTest
    void takingTheFirstRowsOfALargeResultCompletesAndReleasesTheConnection(DatabaseKind db) {
        try (Env env = seeded(db)) {
            StepVerifier.create(env.of(Num.class).all().orderBy("n").flux().take(10).map(x -> x.n))
                    .expectNext(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
                    .expectComplete().verify(Env.TIMEOUT);
            assertNoConnectionAcquired(env);
            // The cancelled connection is not poisoned: later queries on the pool answer.
            for (int i = 0; i < 5; i++) {
                StepVerifier.create(env.of(Num.class).count()).expectNext((long) ROWS).expectComplete()
                        .verify(Env.TIMEOUT);
            }
            assertNoConnectionAcquired(env);
        }
    }

    @DatabaseTest
    void rowsArriveOnlyAsTheyAreRequested(DatabaseKind db) {
        try (Env env = seeded(db)) {
            AtomicLong emitted = new AtomicLong();
            StepVerifier.create(env.of(Num.class).all().orderBy("n").flux().doOnNext(x -> emitted.incrementAndGet()),
                            0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(100))
                    .thenRequest(3)
                    .expectNextMatches(x -> x.n == 1)
                    .expectNextMatches(x -> x.n == 2)
                    .expectNextMatches(x -> x.n == 3)
                    .expectNoEvent(Duration.ofMillis(100))
                    .thenCancel()
                    .verify(Env.TIMEOUT);
            assertThat(emitted.get()).isEqualTo(3);
            assertNoConnectionAcquired(env);
        }
    }

    @DatabaseTest
    void theWholeResultStreamsWithALimitedRate(DatabaseKind db) {
        try (Env env = seeded(db)) {
            StepVerifier.create(env.of(Num.class).all().flux().limitRate(100).map(x -> (long) x.n)
                            .reduce(0L, Long::sum))
                    .expectNext((long) ROWS * (ROWS + 1) / 2)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Num.class).all().fetchSize(250).flux().take(300).count())
                    .expectNext(300L).expectComplete().verify(Env.TIMEOUT);
            assertNoConnectionAcquired(env);
        }
    }

    @DatabaseTest
    void manyConcurrentCancelledStreamsLeaveThePoolClean(DatabaseKind db) {
        try (Env env = seeded(db)) {
            List<Long> counts = Flux.range(0, 20)
                    .flatMap(i -> env.of(Num.class).filter("n__gt", i * 100).orderBy("n").flux().take(5).count(), 4)
                    .collectList().block(Env.TIMEOUT);
            assertThat(counts).hasSize(20).allMatch(c -> c == 5L);
            assertNoConnectionAcquired(env);
            StepVerifier.create(env.of(Num.class).filter("n__lte", 10).count()).expectNext(10L).expectComplete()
                    .verify(Env.TIMEOUT);
        }
    }
}
