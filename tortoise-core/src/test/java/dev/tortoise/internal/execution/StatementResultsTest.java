package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.sql.dialect.Dialects;
import dev.tortoise.sql.render.RenderedSql;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

/**
 * The statement subscriber reading the driver's results itself (no database): results one after
 * another, each one's rows asked for the caller's outstanding demand, counts summed; a cancel before
 * the first result, between results, mid-rows and after the end, with and without settling; errors of
 * the results, of a result's rows and of the result mapping; every request and cancel on the loop;
 * and cancels racing the driver's signals on another thread.
 */
class StatementResultsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A driver's result standing for its rows: the statement's {@link StatementFlow.ResultRows} hands them out. */
    private record FakeResult(Publisher<?> rows) implements Result {
        @Override
        public Publisher<Long> getRowsUpdated() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mappingFunction) {
            throw new UnsupportedOperationException();
        }
    }

    private static final StatementFlow.ResultRows ROWS = r -> ((FakeResult) r).rows();

    /** What the driver was asked: "results N", "rows<i> N", "cancel results", "cancel rows<i>". */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private Result result(int i, Publisher<?> rows) {
        return new FakeResult(Flux.from(rows).doOnRequest(n -> asked.add("rows" + i + " " + n))
                .doOnCancel(() -> asked.add("cancel rows" + i)));
    }

    private Flux<Result> results(Publisher<Result> source) {
        return Flux.from(source).doOnRequest(n -> asked.add("results " + n))
                .doOnCancel(() -> asked.add("cancel results"));
    }

    private static DatabaseConnection h2() {
        return new DatabaseConnection("test", null, Dialects.forName("h2").dialect(), false);
    }

    @Test
    void severalResultsAreReadInOrderOneAtATimeWithOneRowRequestedAtATime() {
        Flux<Object> flow = StatementFlow.driverSide(results(Flux.just(result(1, Flux.just(1, 2)),
                result(2, Flux.empty()), result(3, Flux.just(3, 4, 5)))), ROWS, null, null);
        StepVerifier.create(flow, 0)
                .thenRequest(1).expectNext(1)
                .thenRequest(1).expectNext(2)
                .thenRequest(1).expectNext(3)
                .thenRequest(1).expectNext(4)
                .thenRequest(1).expectNext(5)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(asked).containsExactly("results 1", "rows1 1", "rows1 1", "results 1", "rows2 1", "results 1",
                "rows3 1", "rows3 1", "rows3 1", "results 1");
    }

    @Test
    void theDemandAResultLeavesGoesToTheNextResult() {
        Flux<Object> flow = StatementFlow.driverSide(results(Flux.just(result(1, Flux.just(1, 2)),
                result(2, Flux.just(3, 4, 5)))), ROWS, null, null);
        StepVerifier.create(flow, 0)
                .thenRequest(3).expectNext(1, 2, 3)
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(5).expectNext(4, 5)
                .expectComplete()
                .verify(TIMEOUT);
        // Flux.just completes after its last result: nothing more is asked for.
        assertThat(asked).containsExactly("results 1", "rows1 3", "results 1", "rows2 1", "rows2 5");
    }

    @Test
    void rowCountsOfSeveralResultsAreSummedOnceAskedFor() {
        Flux<Object> flow = StatementFlow.both(results(Flux.just(result(1, Mono.just(2L)), result(2, Mono.just(0L)),
                        result(3, Mono.just(3L)))), ROWS, null, new SettlingRows(), true, h2(),
                new RenderedSql("UPDATE t SET a = 1", List.of()), null, null, null, 0);
        StepVerifier.create(flow, 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .expectNext(5L)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "results 1",
                "rows2 " + Long.MAX_VALUE, "results 1", "rows3 " + Long.MAX_VALUE, "results 1");
    }

    @Test
    void aCancelBeforeTheFirstResultCancelsTheResultsWithoutSettling() {
        Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Object> seen = new CopyOnWriteArrayList<>();
        StatementFlow.driverSide(results(driver.asFlux()), ROWS, null, null).subscribe(seen::add).dispose();
        driver.tryEmitNext(result(1, Flux.just(1)));
        assertThat(asked).containsExactly("results 1", "cancel results");
        assertThat(seen).isEmpty();
    }

    @Test
    void aCancelBeforeTheFirstResultReadsEveryResultToItsEndUnseenWhenSettling() {
        SettlingRows settling = new SettlingRows();
        Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Object> seen = new CopyOnWriteArrayList<>();
        StatementFlow.driverSide(results(driver.asFlux()), ROWS, null, settling)
                .subscribe(seen::add, e -> seen.add(e), () -> seen.add("complete")).dispose();
        assertThat(settling.cancelled()).isTrue();
        StepVerifier.create(settling.settled()).expectSubscription().expectNoEvent(Duration.ofMillis(50))
                .thenCancel().verify(TIMEOUT);
        driver.tryEmitNext(result(1, Flux.just(1, 2)));
        driver.tryEmitNext(result(2, Flux.just(SettlingRows.SKIPPED)));
        driver.tryEmitComplete();
        StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
        assertThat(seen).isEmpty();
        assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "results 1",
                "rows2 " + Long.MAX_VALUE, "results 1");
    }

    @Test
    void aCancelBetweenResultsCancelsTheResultsOrReadsTheRestWhenSettling() {
        for (boolean settles : new boolean[] {false, true}) {
            asked.clear();
            SettlingRows settling = settles ? new SettlingRows() : null;
            Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
            List<Object> seen = new CopyOnWriteArrayList<>();
            Sinks.Many<Object> second = Sinks.many().unicast().onBackpressureBuffer();
            BaseSubscriber<Object> caller = new BaseSubscriber<>() {
                @Override
                protected void hookOnNext(Object value) {
                    seen.add(value);
                }
            };
            StatementFlow.driverSide(results(driver.asFlux()), ROWS, null, settling).subscribe(caller);
            driver.tryEmitNext(result(1, Flux.just(1)));
            assertThat(seen).containsExactly(1);
            caller.cancel();
            driver.tryEmitNext(result(2, second.asFlux()));
            second.tryEmitNext(2);
            second.tryEmitComplete();
            driver.tryEmitComplete();
            assertThat(seen).as("settles " + settles).containsExactly(1);
            if (settles) {
                assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "results 1",
                        "rows2 " + Long.MAX_VALUE, "results 1");
                StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
            } else {
                assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "results 1",
                        "cancel results");
            }
        }
    }

    @Test
    void aCancelMidRowsCancelsTheRowsThenTheResultsOrReadsThemToTheirEndWhenSettling() {
        for (boolean settles : new boolean[] {false, true}) {
            asked.clear();
            SettlingRows settling = settles ? new SettlingRows() : null;
            Sinks.Many<Object> rows = Sinks.many().unicast().onBackpressureBuffer();
            Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
            driver.tryEmitNext(result(1, rows.asFlux()));
            driver.tryEmitNext(result(2, Flux.just(9)));
            driver.tryEmitComplete();
            StepVerifier.create(StatementFlow.driverSide(results(driver.asFlux()), ROWS, null, settling), 0)
                    .thenRequest(1)
                    .then(() -> rows.tryEmitNext(1))
                    .expectNext(1)
                    .thenCancel()
                    .verify(TIMEOUT);
            rows.tryEmitNext(SettlingRows.SKIPPED);
            rows.tryEmitComplete();
            if (settles) {
                // The driver's results had already completed: none is asked for after the second's rows.
                assertThat(asked).containsExactly("results 1", "rows1 1", "rows1 " + Long.MAX_VALUE, "results 1",
                        "rows2 " + Long.MAX_VALUE);
                StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
            } else {
                assertThat(asked).containsExactly("results 1", "rows1 1", "cancel rows1", "cancel results");
            }
        }
    }

    @Test
    void aCancelAfterTheEndAsksTheDriverNothingMore() {
        SettlingRows settling = new SettlingRows();
        AtomicReference<Subscription> held = new AtomicReference<>();
        List<Object> seen = new CopyOnWriteArrayList<>();
        StatementFlow.driverSide(results(Flux.just(result(1, Flux.just(1)))), ROWS, null, settling)
                .subscribe(new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription s) {
                        held.set(s);
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    protected void hookOnNext(Object value) {
                        seen.add(value);
                    }

                    @Override
                    protected void hookOnComplete() {
                        seen.add("complete");
                    }
                });
        held.get().cancel();
        assertThat(seen).containsExactly(1, "complete");
        assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "results 1");
        assertThat(settling.cancelled()).isFalse();
        StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void anErrorOfTheResultsCancelsTheRowsBeingReadAndEndsTheSettling() {
        SettlingRows settling = new SettlingRows();
        Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
        driver.tryEmitNext(result(1, Flux.never()));
        StepVerifier.create(StatementFlow.driverSide(results(driver.asFlux()), ROWS, null, settling))
                .then(() -> driver.tryEmitError(new IllegalStateException("results failed")))
                .expectErrorMessage("results failed")
                .verify(TIMEOUT);
        assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "cancel rows1", "cancel results");
        StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void anErrorOfAResultsRowsCancelsTheResultsAfterTheRowsBeforeIt() {
        SettlingRows settling = new SettlingRows();
        StepVerifier.create(StatementFlow.driverSide(results(Flux.just(result(1, Flux.just(1)),
                        result(2, Flux.just(2).concatWith(Flux.error(new IllegalStateException("rows failed")))),
                        result(3, Flux.just(3)))), ROWS, null, settling))
                .expectNext(1, 2)
                .expectErrorMessage("rows failed")
                .verify(TIMEOUT);
        assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "results 1",
                "rows2 " + Long.MAX_VALUE, "cancel results");
        StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void anErrorOfTheResultMappingCancelsTheResultsAndIsTranslatedOnTheCallersSide() {
        StatementFlow.ResultRows failing = r -> {
            throw new IllegalStateException("no mapper");
        };
        Flux<Object> flow = StatementFlow.both(results(Flux.just(result(1, Flux.just(1)))), failing, null,
                new SettlingRows(), false, h2(), new RenderedSql("SELECT a FROM t", List.of()), null, null, null, 0);
        StepVerifier.create(flow)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessage("no mapper"))
                .verify(TIMEOUT);
        assertThat(asked).containsExactly("results 1", "cancel results");
    }

    @Test
    void everyRequestAndCancelAfterTheFirstResultsRequestIsMadeOnTheLoop() throws Exception {
        Scheduler loop = Schedulers.newSingle("stmtflow-loop");
        try {
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            loop.schedule(() -> loopThread.set(Thread.currentThread()));
            while (loopThread.get() == null) {
                Thread.onSpinWait();
            }
            List<String> offLoop = new CopyOnWriteArrayList<>();
            for (boolean settles : new boolean[] {false, true}) {
                Sinks.Many<Object> rows = Sinks.many().unicast().onBackpressureBuffer();
                AtomicInteger resultsRequests = new AtomicInteger();
                Flux<Result> results = Flux.just((Result) new FakeResult(rows.asFlux()
                                .doOnRequest(n -> check(loopThread, offLoop, "rows request"))
                                .doOnCancel(() -> check(loopThread, offLoop, "rows cancel"))),
                        new FakeResult(Flux.just(2).doOnRequest(n -> check(loopThread, offLoop, "rows2 request"))))
                        .doOnRequest(n -> {
                            if (resultsRequests.incrementAndGet() > 1) {
                                check(loopThread, offLoop, "results request");
                            }
                        })
                        .doOnCancel(() -> check(loopThread, offLoop, "results cancel"));
                StepVerifier.create(StatementFlow.driverSide(results, ROWS, loop, settles ? new SettlingRows() : null)
                                .publishOn(Schedulers.parallel(), 1), 0)
                        .thenRequest(1)
                        .then(() -> rows.tryEmitNext(1))
                        .expectNext(1)
                        .thenRequest(1)
                        .then(() -> rows.tryEmitComplete())
                        .expectNext(2)
                        .expectComplete()
                        .verify(TIMEOUT);
                Sinks.Many<Object> more = Sinks.many().unicast().onBackpressureBuffer();
                StepVerifier.create(StatementFlow.driverSide(Flux.just((Result) new FakeResult(more.asFlux()
                                        .doOnRequest(n -> check(loopThread, offLoop, "rows request"))
                                        .doOnCancel(() -> check(loopThread, offLoop, "rows cancel"))))
                                .doOnCancel(() -> check(loopThread, offLoop, "results cancel")), ROWS, loop,
                                settles ? new SettlingRows() : null), 0)
                        .thenRequest(1)
                        .then(() -> more.tryEmitNext(1))
                        .expectNext(1)
                        .thenCancel()
                        .verify(TIMEOUT);
                more.tryEmitComplete();
            }
            assertThat(offLoop).isEmpty();
        } finally {
            loop.dispose();
        }
    }

    private static void check(AtomicReference<Thread> loopThread, List<String> offLoop, String what) {
        if (Thread.currentThread() != loopThread.get()) {
            offLoop.add(what + " on " + Thread.currentThread().getName());
        }
    }

    @Test
    void aCancelRacingTheDriversRowsAndEndOnAnotherThreadSettlesAndSignalsAtMostOnce() {
        for (int i = 0; i < 2_000; i++) {
            boolean settles = i % 2 == 0;
            SettlingRows settling = settles ? new SettlingRows() : null;
            Sinks.Many<Object> rows = Sinks.many().unicast().onBackpressureBuffer();
            Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
            AtomicInteger cancels = new AtomicInteger();
            AtomicInteger ends = new AtomicInteger();
            List<Object> seen = new CopyOnWriteArrayList<>();
            driver.tryEmitNext(new FakeResult(rows.asFlux().doOnCancel(cancels::incrementAndGet)));
            BaseSubscriber<Object> caller = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    s.request(1);
                }

                @Override
                protected void hookOnNext(Object value) {
                    seen.add(value);
                    request(1);
                }

                @Override
                protected void hookOnComplete() {
                    ends.incrementAndGet();
                }

                @Override
                protected void hookOnError(Throwable t) {
                    ends.incrementAndGet();
                }
            };
            StatementFlow.driverSide(Flux.from(driver.asFlux()).doOnCancel(cancels::incrementAndGet), ROWS, null,
                    settling).subscribe(caller);
            rows.tryEmitNext(1);
            RaceTestUtils.race(caller::cancel, () -> {
                rows.tryEmitNext(2);
                rows.tryEmitComplete();
                driver.tryEmitComplete();
            });
            assertThat(ends.get()).as("iteration " + i).isLessThanOrEqualTo(1);
            assertThat(seen.size()).as("iteration " + i).isBetween(1, 2);
            assertThat(seen.get(0)).isEqualTo(1);
            if (settles) {
                assertThat(cancels).as("iteration " + i).hasValue(0);
                StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
            } else {
                assertThat(cancels.get()).as("iteration " + i).isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void theRowsEndRacingTheResultsEndCompletesTheCallerOnce() {
        for (int i = 0; i < 2_000; i++) {
            Sinks.Many<Object> rows = Sinks.many().unicast().onBackpressureBuffer();
            Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
            driver.tryEmitNext(new FakeResult(rows.asFlux()));
            AtomicInteger completes = new AtomicInteger();
            List<Object> seen = new CopyOnWriteArrayList<>();
            StatementFlow.driverSide(driver.asFlux(), ROWS, null, new SettlingRows())
                    .subscribe(seen::add, seen::add, completes::incrementAndGet);
            rows.tryEmitNext(1);
            RaceTestUtils.race(rows::tryEmitComplete, driver::tryEmitComplete);
            assertThat(seen).as("iteration " + i).containsExactly(1);
            assertThat(completes).as("iteration " + i).hasValue(1);
        }
    }

    /** A result's rows whose subscriber the test drives itself: requests and the cancel are only recorded. */
    private final class HeldRows implements Publisher<Object> {
        final AtomicReference<Subscriber<? super Object>> subscriber = new AtomicReference<>();

        @Override
        public void subscribe(Subscriber<? super Object> s) {
            subscriber.set(s);
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    asked.add("held rows " + n);
                }

                @Override
                public void cancel() {
                    asked.add("cancel held rows");
                }
            });
        }
    }

    @Test
    void aRowAlreadyOnItsWayWhenTheResultsFailIsNotDeliveredAfterTheError() {
        // Reactive Streams 2.8: rows requested before the cancel may still arrive after it; 1.7: the caller
        // must see nothing after onError. concatMap dropped such a row; the statement subscriber must too.
        Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
        HeldRows rows = new HeldRows();
        List<Object> seen = new CopyOnWriteArrayList<>();
        StatementFlow.driverSide(results(driver.asFlux()), ROWS, null, null)
                .subscribe(seen::add, e -> seen.add("error " + e.getMessage()), () -> seen.add("complete"));
        driver.tryEmitNext(new FakeResult(rows));
        rows.subscriber.get().onNext(1);
        driver.tryEmitError(new IllegalStateException("results failed"));
        rows.subscriber.get().onNext(2);
        rows.subscriber.get().onComplete();
        assertThat(asked).containsExactly("results 1", "held rows " + Long.MAX_VALUE, "cancel held rows",
                "cancel results");
        assertThat(seen).containsExactly(1, "error results failed");
    }

    @Test
    void aRowEmittedBeforeTheLoopPassesOnTheCancelOfAFailedStatementIsNotDeliveredAfterTheError()
            throws Exception {
        // A plain executor: the test blocks its thread, which a Reactor non-blocking thread must not.
        ExecutorService io = Executors.newSingleThreadExecutor();
        Scheduler loop = Schedulers.fromExecutorService(io);
        try {
            Sinks.Many<Result> driver = Sinks.many().unicast().onBackpressureBuffer();
            Sinks.Many<Object> rows = Sinks.many().unicast().onBackpressureBuffer();
            List<Object> seen = new CopyOnWriteArrayList<>();
            StatementFlow.driverSide(results(driver.asFlux()), ROWS, loop, null)
                    .subscribe(seen::add, e -> seen.add("error " + e.getMessage()), () -> seen.add("complete"));
            driver.tryEmitNext(result(1, rows.asFlux()));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!asked.contains("rows1 " + Long.MAX_VALUE) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            rows.tryEmitNext(1);
            // The loop is busy (as an I/O thread reading another connection's messages) when the results fail.
            CountDownLatch busy = new CountDownLatch(1);
            loop.schedule(() -> {
                try {
                    busy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            driver.tryEmitError(new IllegalStateException("results failed"));
            rows.tryEmitNext(2);
            busy.countDown();
            deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!asked.contains("cancel results") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(asked).containsExactly("results 1", "rows1 " + Long.MAX_VALUE, "cancel rows1",
                    "cancel results");
            assertThat(seen).containsExactly(1, "error results failed");
        } finally {
            loop.dispose();
            io.shutdownNow();
        }
    }
}
