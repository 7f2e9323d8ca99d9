package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The gate on its own, with works that complete synchronously: units run one at a time in the
 * order they were queued, a unit cancelled before it started is skipped, a unit cancelled midway
 * lets the next one run only after its settled signal, and a long chain of units that each end
 * inside the start of the next runs without growing the stack per unit.
 */
class StatementGateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Counts the works running at once and remembers the most seen. */
    private static final class Tracker {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final List<Integer> started = new CopyOnWriteArrayList<>();

        <T> Flux<T> track(int id, Flux<T> work) {
            return Flux.defer(() -> {
                started.add(id);
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                return work;
            // Counted down before the gate hears of the end: it releases on that signal, by design before the
            // operators above it run their doFinally.
            }).doOnTerminate(running::decrementAndGet).doOnCancel(running::decrementAndGet);
        }
    }

    @Test
    void tenThousandUnitsEndingSynchronouslyBehindAHeldUnitRunInOrderWithoutOverflowingTheStack() {
        StatementGate gate = new StatementGate();
        Tracker tracker = new Tracker();
        Sinks.Empty<Void> hold = Sinks.empty();
        List<Integer> seen = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger completed = new AtomicInteger();
        gate.run(() -> tracker.track(-1, hold.asMono().flux().cast(Integer.class))).subscribe();
        int units = 10_000;
        for (int i = 0; i < units; i++) {
            int id = i;
            gate.run(() -> tracker.track(id, Flux.just(id)))
                    .subscribe(seen::add, errors::add, completed::incrementAndGet);
        }
        assertThat(tracker.started).containsExactly(-1);
        hold.tryEmitEmpty();
        assertThat(errors).isEmpty();
        assertThat(completed.get()).isEqualTo(units);
        assertThat(seen).hasSize(units);
        for (int i = 0; i < units; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(tracker.most.get()).isEqualTo(1);
        assertThat(tracker.running.get()).isZero();
    }

    @Test
    void unitsCancelledBeforeTheyStartedAreSkippedEvenTenThousandInARow() {
        StatementGate gate = new StatementGate();
        Tracker tracker = new Tracker();
        Sinks.Empty<Void> hold = Sinks.empty();
        gate.run(() -> tracker.track(-1, hold.asMono().flux().cast(Integer.class))).subscribe();
        for (int i = 0; i < 10_000; i++) {
            int id = i;
            Disposable d = gate.run(() -> tracker.track(id, Flux.just(id))).subscribe();
            d.dispose();
        }
        List<Integer> last = new ArrayList<>();
        gate.run(() -> tracker.track(10_000, Flux.just(10_000))).subscribe(last::add);
        hold.tryEmitEmpty();
        assertThat(tracker.started).containsExactly(-1, 10_000);
        assertThat(last).containsExactly(10_000);
        assertThat(tracker.running.get()).isZero();
    }

    @Test
    void aUnitCancelledMidwayLetsTheNextRunOnlyOnceItsStatementSettled() {
        StatementGate gate = new StatementGate();
        Tracker tracker = new Tracker();
        Sinks.Empty<Void> settled = Sinks.empty();
        Sinks.Many<Integer> rows = Sinks.many().unicast().onBackpressureBuffer();
        StepVerifier.create(gate.run(() -> tracker.track(0, rows.asFlux()), settled.asMono()).take(2))
                .then(() -> {
                    rows.tryEmitNext(1);
                    rows.tryEmitNext(2);
                })
                .expectNext(1, 2)
                .expectComplete().verify(TIMEOUT);
        List<Integer> next = new ArrayList<>();
        gate.run(() -> tracker.track(1, Flux.just(7))).subscribe(next::add);
        assertThat(tracker.started).containsExactly(0);
        assertThat(next).isEmpty();
        settled.tryEmitEmpty();
        assertThat(tracker.started).containsExactly(0, 1);
        assertThat(next).containsExactly(7);
    }

    @Test
    void aUnitCancelledMidwayWithoutASettledSignalIsReadToItsEndBeforeTheNextRuns() {
        StatementGate gate = new StatementGate();
        Tracker tracker = new Tracker();
        Sinks.Many<Integer> rows = Sinks.many().unicast().onBackpressureBuffer();
        StepVerifier.create(gate.run(() -> tracker.track(0, rows.asFlux())).take(1))
                .then(() -> rows.tryEmitNext(1))
                .expectNext(1)
                .expectComplete().verify(TIMEOUT);
        List<Integer> next = new ArrayList<>();
        gate.run(() -> tracker.track(1, Flux.just(7))).subscribe(next::add);
        rows.tryEmitNext(2);
        assertThat(next).isEmpty();
        rows.tryEmitComplete();
        assertThat(tracker.started).containsExactly(0, 1);
        assertThat(next).containsExactly(7);
    }

    @Test
    void anErrorOfOneUnitReachesItsSubscriberAndTheNextUnitStillRuns() {
        StatementGate gate = new StatementGate();
        List<Throwable> seen = new ArrayList<>();
        gate.run(() -> Flux.<Integer>error(new IllegalStateException("boom")), Mono.empty(), seen::add)
                .subscribe(x -> { }, e -> { });
        List<Integer> next = new ArrayList<>();
        gate.run(() -> Flux.just(1, 2)).subscribe(next::add);
        // A work that throws while building its flux fails its unit only, and is not the hook's to see.
        StepVerifier.create(gate.run(() -> {
                    throw new IllegalArgumentException("no flux");
                }, Mono.empty(), seen::add))
                .expectErrorMessage("no flux").verify(TIMEOUT);
        gate.run(() -> Flux.just(3)).subscribe(next::add);
        assertThat(seen).extracting(Throwable::getMessage).containsExactly("boom");
        assertThat(next).containsExactly(1, 2, 3);
    }

    @Test
    void unitsQueuedFromFourThreadsEndingOnOthersWithSomeCancelledRunOneAtATimeAndAllEnd() throws Exception {
        for (int round = 0; round < 20; round++) {
            StatementGate gate = new StatementGate();
            Tracker tracker = new Tracker();
            int perThread = 2_000;
            CountDownLatch ended = new CountDownLatch(4 * perThread);
            AtomicInteger values = new AtomicInteger();
            AtomicInteger cancelledBeforeEnd = new AtomicInteger();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * perThread;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int id = base + i;
                        // Some end on the queuing thread, some on a parallel worker; every 7th has a settled signal.
                        Flux<Integer> work = id % 3 == 0 ? Flux.just(id)
                                : Flux.just(id).publishOn(Schedulers.parallel());
                        Flux<Integer> unit = id % 7 == 0
                                ? gate.run(() -> tracker.track(id, work), Mono.empty())
                                : gate.run(() -> tracker.track(id, work));
                        Disposable d = unit.doFinally(s -> ended.countDown())
                                .subscribe(v -> values.incrementAndGet(), errors::add);
                        if (id % 5 == 0) {
                            d.dispose();
                            cancelledBeforeEnd.incrementAndGet();
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread th : threads) {
                th.join();
            }
            assertThat(ended.await(10, TimeUnit.SECONDS)).as("round %d: all ended", round)
                    .isTrue();
            // A last unit runs once everything before it released: nothing was lost on the way.
            List<Integer> last = new CopyOnWriteArrayList<>();
            StepVerifier.create(gate.run(() -> tracker.track(-2, Flux.just(-2))).doOnNext(last::add))
                    .expectNext(-2).expectComplete().verify(TIMEOUT);
            assertThat(errors).isEmpty();
            assertThat(tracker.most.get()).as("round %d: most units running at once", round).isEqualTo(1);
            assertThat(tracker.running.get()).isZero();
            // Every unit not disposed gave its value; a disposed one may have given it before the dispose.
            assertThat(values.get()).isBetween(4 * perThread - cancelledBeforeEnd.get(), 4 * perThread);
            assertThat(tracker.started).doesNotHaveDuplicates();
        }
    }

    @Test
    void aZipOfTwoStreamsOfOneGateCompletesWithTheFirstReadAhead() {
        StatementGate gate = new StatementGate();
        Flux<Integer> up = gate.run(() -> Flux.range(1, 3_000).hide());
        Flux<Integer> down = gate.run(() -> Flux.range(1, 3_000).map(i -> 3_001 - i).hide());
        StepVerifier.create(Flux.zip(up, down, Integer::sum).all(s -> s == 3_001))
                .expectNext(true)
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void anErrorThrownOutOfAUnitsSubscriptionFailsTheUnitAndTheGateRunsTheNextOne() {
        StatementGate gate = new StatementGate();
        Flux<Integer> throwing = new Flux<>() {
            @Override
            public void subscribe(reactor.core.CoreSubscriber<? super Integer> actual) {
                throw new AssertionError("broken publisher");
            }
        };
        StepVerifier.create(gate.run(() -> throwing))
                .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(AssertionError.class)
                        .hasMessage("broken publisher"))
                .verify(TIMEOUT);
        StepVerifier.create(gate.run(() -> Flux.just(1, 2)))
                .expectNext(1, 2)
                .expectComplete().verify(TIMEOUT);
    }

    @Test
    void anErrorThrownByAUnitsSubscriberFailsTheUnitAndLeavesTheGateUsable() {
        StatementGate gate = new StatementGate();
        List<Object> signals = new CopyOnWriteArrayList<>();
        Sinks.Empty<Void> hold = Sinks.empty();
        // Held first, so that the throwing unit starts inside the trampoline run by the release.
        gate.run(() -> hold.asMono().flux().cast(Integer.class)).subscribe();
        gate.run(() -> Flux.just(1, 2, 3)).subscribe(new reactor.core.CoreSubscriber<Integer>() {
            @Override
            public void onSubscribe(org.reactivestreams.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer i) {
                signals.add(i);
                throw new Error("subscriber broke on " + i);
            }

            @Override
            public void onError(Throwable t) {
                signals.add(t.getClass().getSimpleName() + ": " + t.getMessage());
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });
        List<Integer> after = new CopyOnWriteArrayList<>();
        gate.run(() -> Flux.just(7)).subscribe(after::add);
        hold.tryEmitEmpty();
        assertThat(signals).containsExactly(1, "Error: subscriber broke on 1");
        assertThat(after).containsExactly(7);
        StepVerifier.create(gate.run(() -> Flux.just(8)))
                .expectNext(8)
                .expectComplete().verify(TIMEOUT);
    }
}
