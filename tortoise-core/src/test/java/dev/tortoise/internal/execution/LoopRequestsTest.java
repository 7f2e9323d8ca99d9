package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Requests and cancels reach the source on the loop's thread, whatever thread makes them (no database needed). */
class LoopRequestsTest {
    private final Scheduler loop = Schedulers.newSingle("test-loop");
    private final Scheduler reader = Schedulers.newSingle("test-reader");

    @AfterEach
    void dispose() {
        loop.dispose();
        reader.dispose();
    }

    @Test
    void requestsFromAnotherThreadReachTheSourceOnTheLoop() {
        List<String> requestedOn = new CopyOnWriteArrayList<>();
        List<Long> amounts = new CopyOnWriteArrayList<>();
        Flux<Integer> source = Flux.range(1, 10).doOnRequest(n -> {
            requestedOn.add(Thread.currentThread().getName());
            amounts.add(n);
        });
        StepVerifier.create(LoopRequests.on(source, loop).publishOn(reader, 2), 0)
                .thenRequest(10)
                .expectNext(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(requestedOn).isNotEmpty().allMatch(name -> name.startsWith("test-loop"));
        // publishOn(2) asks for 2, then for 2 after each pair taken (replenishing at 75%, rounded up): 10 in all
        assertThat(amounts.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aCancelFromAnotherThreadReachesTheSourceOnTheLoopAfterTheRequestsBeforeIt() {
        List<String> signals = new CopyOnWriteArrayList<>();
        Flux<Integer> source = Flux.<Integer>never()
                .doOnRequest(n -> signals.add("request " + n + " on " + Thread.currentThread().getName()))
                .doOnCancel(() -> signals.add("cancel on " + Thread.currentThread().getName()));
        StepVerifier.create(LoopRequests.on(source, loop), 0)
                .thenRequest(3)
                .thenAwait(Duration.ofMillis(50))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (signals.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0)).matches("request 3 on test-loop-\\d+");
        assertThat(signals.get(1)).matches("cancel on test-loop-\\d+");
    }

    @Test
    void eachLoopKeepsItsOwnThreadWhenStatementsAlternateBetweenLoops() {
        Scheduler other = Schedulers.newSingle("test-other");
        try {
            Scheduler unseen = Schedulers.newSingle("test-unseen");
            unseen.dispose();
            Thread loopThread = new Thread(() -> { }, "loop-thread");
            Thread otherThread = new Thread(() -> { }, "other-thread");
            LoopRequests.learn(loop, loopThread);
            LoopRequests.learn(other, otherThread);
            // Alternating look-ups, each after the other loop's (the one-entry memo missed every time).
            for (int i = 0; i < 3; i++) {
                assertThat(LoopRequests.known(loop)).isSameAs(loopThread);
                assertThat(LoopRequests.known(other)).isSameAs(otherThread);
            }
            assertThat(LoopRequests.known(unseen)).isNull();
            // After a miss for an unseen loop, the memo still answers for the loop it holds.
            assertThat(LoopRequests.known(other)).isSameAs(otherThread);
        } finally {
            other.dispose();
        }
    }

    @Test
    void aLearntLoopIsNotKeptAliveByItsEntry() throws InterruptedException {
        Scheduler gone = Schedulers.newSingle("test-gone");
        gone.dispose();
        LoopRequests.learn(gone, Thread.currentThread());
        assertThat(LoopRequests.known(gone)).isSameAs(Thread.currentThread());
        java.lang.ref.WeakReference<Scheduler> ref = new java.lang.ref.WeakReference<>(gone);
        gone = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ref.get()).isNull();
    }
}
