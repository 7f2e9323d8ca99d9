package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The pooled lease releases its connection exactly once on every outcome and race (complete,
 * error, cancel before, during and after the acquire, cancel against completion and error), passes
 * a completion or error on only after the release, translates acquisition errors, lends again on
 * re-subscription and gives the work its subscriber's context; after each case every connection
 * of a two-connection pool is idle again.
 */
class LeaseSubscriberTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int ITERATIONS = 200;
    private static final int POOL = 2;

    /** A pool of two connections on {@code db} and the lease's functions, counting uses and releases. */
    private static final class Fixture implements AutoCloseable {
        final ConnectionPool pool;
        final PoolMetrics metrics;
        final boolean h2;
        final AtomicInteger uses = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        final AtomicInteger settles = new AtomicInteger();
        final Function<Connection, Mono<Void>> release;
        final java.util.function.BiFunction<Connection, Mono<Void>, Mono<Void>> settleThenRelease;

        Fixture(TestDatabase db) {
            h2 = !db.kind().isServer();
            pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(db.url()))
                    .initialSize(POOL).maxSize(POOL).maxAcquireTime(TIMEOUT).build());
            metrics = pool.getMetrics().orElseThrow();
            release = c -> offload(Mono.defer(() -> {
                releases.incrementAndGet();
                return PoolRelease.close(c);
            }));
            settleThenRelease = (c, settled) -> settled.doOnSuccess(v -> settles.incrementAndGet())
                    .then(release.apply(c));
            pool.warmup().block(TIMEOUT);
        }

        <T> Mono<T> offload(Mono<T> work) {
            return h2 ? work.subscribeOn(Schedulers.boundedElastic()) : work;
        }

        <R> Flux<R> lend(Function<Connection, ? extends Publisher<R>> use, Mono<Void> settled) {
            return new LeaseSubscriber.Lend<>(offload(Mono.from(pool.create())),
                    e -> new IllegalStateException("translated: " + e.getMessage()),
                    c -> {
                        uses.incrementAndGet();
                        return use.apply(c);
                    }, release, settleThenRelease, settled);
        }

        Flux<Integer> selectOne(Connection c) {
            return Flux.from(c.createStatement("SELECT 1").execute())
                    .concatMap(r -> r.map((row, md) -> row.get(0, Integer.class)));
        }

        /** Waits until no connection is lent, then asserts that both are idle and every lent one released once. */
        void assertIdle(String when) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // The pool counts a returned connection as no longer lent a moment before it counts it idle; and
            // r2dbc-pool takes back itself a connection whose acquire was cancelled as it was handed out, while
            // the lease, which got it all the same, releases it again (a no-op) a moment later.
            while ((metrics.acquiredSize() != 0 || metrics.idleSize() != POOL || releases.get() != uses.get())
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(metrics.acquiredSize()).as("%s: lent", when).isZero();
            assertThat(metrics.idleSize()).as("%s: idle", when).isEqualTo(POOL);
            assertThat(metrics.pendingAcquireSize()).as("%s: pending", when).isZero();
            assertThat(releases.get()).as("%s: releases", when).isEqualTo(uses.get());
        }

        @Override
        public void close() {
            pool.disposeLater().block(TIMEOUT);
        }
    }

    @DatabaseTest
    void aCompletionGoesOnOnlyAfterTheRelease(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            for (int i = 0; i < ITERATIONS; i++) {
                List<Integer> lentAtCompletion = new CopyOnWriteArrayList<>();
                StepVerifier.create(f.lend(f::selectOne, Mono.empty())
                                .doOnComplete(() -> lentAtCompletion.add(f.metrics.acquiredSize())))
                        .expectNext(1).expectComplete().verify(TIMEOUT);
                assertThat(lentAtCompletion).containsExactly(0);
                f.assertIdle("complete " + i);
            }
            assertThat(f.uses.get()).isEqualTo(ITERATIONS);
            assertThat(f.settles.get()).isZero();
        }
    }

    @DatabaseTest
    void anErrorGoesOnOnlyAfterTheSettledRelease(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            for (int i = 0; i < ITERATIONS; i++) {
                List<Integer> lentAtError = new CopyOnWriteArrayList<>();
                boolean thrown = i % 2 == 0;
                StepVerifier.create(f.lend(c -> {
                                    if (thrown) {
                                        throw new IllegalArgumentException("thrown");
                                    }
                                    return f.selectOne(c).concatWith(Flux.error(new IllegalArgumentException("failed")));
                                }, Mono.empty())
                                .doOnError(e -> lentAtError.add(f.metrics.acquiredSize())))
                        .expectNextCount(thrown ? 0 : 1)
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessage(thrown ? "thrown" : "failed"))
                        .verify(TIMEOUT);
                assertThat(lentAtError).containsExactly(0);
                f.assertIdle("error " + i);
            }
            assertThat(f.settles.get()).isEqualTo(ITERATIONS);
        }
    }

    @DatabaseTest
    void releaseErrorsAreReportedAsUsingWhenReportsThem(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            Function<Connection, Mono<Void>> failing = c -> f.release.apply(c)
                    .then(Mono.error(new IllegalStateException("release failed")));
            Flux<Integer> afterComplete = new LeaseSubscriber.Lend<>(f.offload(Mono.from(f.pool.create())), e -> e,
                    c -> {
                        f.uses.incrementAndGet();
                        return f.selectOne(c);
                    }, failing, (c, s) -> failing.apply(c), null);
            StepVerifier.create(afterComplete).expectNext(1)
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(RuntimeException.class)
                            .hasMessage("Async resource cleanup failed after onComplete")
                            .cause().isExactlyInstanceOf(IllegalStateException.class).hasMessage("release failed"))
                    .verify(TIMEOUT);
            Flux<Integer> afterError = new LeaseSubscriber.Lend<>(f.offload(Mono.from(f.pool.create())), e -> e,
                    c -> {
                        f.uses.incrementAndGet();
                        return Flux.<Integer>error(new IllegalArgumentException("failed"));
                    }, failing, (c, s) -> failing.apply(c), null);
            StepVerifier.create(afterError)
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(RuntimeException.class)
                                .hasMessage("Async resource cleanup failed after onError")
                                .cause().hasMessage("release failed");
                        assertThat(e.getSuppressed()).singleElement().satisfies(s ->
                                assertThat(s).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("failed"));
                    })
                    .verify(TIMEOUT);
            f.assertIdle("release errors");
        }
    }

    @DatabaseTest
    void anAcquisitionErrorIsTranslatedAndReleasesNothing(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            Flux<Integer> lend = new LeaseSubscriber.Lend<Integer>(Mono.error(new IllegalArgumentException("no connection")),
                    e -> new IllegalStateException("translated: " + e.getMessage()), c -> Flux.just(1),
                    f.release, f.settleThenRelease, Mono.empty());
            StepVerifier.create(lend)
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("translated: no connection"))
                    .verify(TIMEOUT);
            StepVerifier.create(new LeaseSubscriber.Lend<Integer>(Mono.empty(), e -> e, c -> Flux.just(1),
                    f.release, f.settleThenRelease, null)).expectComplete().verify(TIMEOUT);
            assertThat(f.releases.get()).isZero();
            f.assertIdle("acquisition error");
        }
    }

    @DatabaseTest
    void aResubscriptionLendsAgainAndTheWorkSeesTheContext(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            Flux<String> lend = f.lend(c -> f.selectOne(c).flatMap(one ->
                    Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("who") + one))), null);
            StepVerifier.create(lend.repeat(2).contextWrite(ctx -> ctx.put("who", "me")))
                    .expectNext("me1", "me1", "me1").expectComplete().verify(TIMEOUT);
            assertThat(f.uses.get()).isEqualTo(3);
            f.assertIdle("resubscription");
        }
    }

    @DatabaseTest
    void aCancelAtAnyPointReleasesOnceAfterSettling(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            for (int i = 0; i < ITERATIONS; i++) {
                // the work ends on its own (completes or fails) while a cancel comes from another thread
                boolean fails = i % 3 == 1;
                boolean never = i % 3 == 2;
                Flux<Integer> lend = f.lend(c -> never ? Flux.<Integer>never()
                        : fails ? f.selectOne(c).concatWith(Flux.error(new IllegalArgumentException("failed")))
                        : f.selectOne(c), Mono.delay(Duration.ofMillis(i % 4)).then());
                CountDownLatch ended = new CountDownLatch(1);
                Disposable d = lend.doFinally(s -> ended.countDown()).subscribe(v -> { }, e -> { });
                long spin = (i * 7919L) % 2_000_000L;
                long until = System.nanoTime() + spin;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                Schedulers.parallel().schedule(d::dispose);
                assertThat(ended.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                f.assertIdle("cancel " + i + " after " + spin + " ns");
            }
            assertThat(f.settles.get()).isLessThanOrEqualTo(f.releases.get());
        }
    }

    @DatabaseTest
    void aCancelBeforeOrWhileAcquiringReleasesTheConnectionThatArrivesLater(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            for (int i = 0; i < ITERATIONS / 4; i++) {
                // cancelled before anything was requested: nothing is lent
                StepVerifier.create(f.lend(f::selectOne, Mono.empty()), 0).thenCancel().verify(TIMEOUT);
                // the pool exhausted: the lease waits for a connection, is cancelled, then both come back
                Connection a = Mono.from(f.pool.create()).block(TIMEOUT);
                Connection b = Mono.from(f.pool.create()).block(TIMEOUT);
                Disposable waiting = f.lend(f::selectOne, Mono.empty()).subscribe();
                long until = System.nanoTime() + (i % 5) * 100_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                Schedulers.parallel().schedule(waiting::dispose);
                Mono.when(f.offload(Mono.from(a.close())), f.offload(Mono.from(b.close()))).block(TIMEOUT);
                f.assertIdle("cancel while acquiring " + i);
            }
        }
    }
}
