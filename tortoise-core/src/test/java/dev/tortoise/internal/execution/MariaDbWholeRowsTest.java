package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * A result's rows asked for whole (r2dbc-mariadb under a pool that shares the driver's lock), without a
 * database: the driver is asked for every row once, at subscription; rows go on as the consumer asks,
 * in order; the end and an error come after the rows before them; rows waiting when the consumer cancels
 * are discarded; a consumer asking from another thread while rows arrive gets each row once, in order, and
 * so does one that asks for everything while more is asked for from another thread.
 */
class MariaDbWholeRowsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void theDriverIsAskedForEveryRowOnceAndRowsGoOnAsTheConsumerAsks() {
        List<Long> requested = new CopyOnWriteArrayList<>();
        Flux<Integer> rows = MariaDbRequests.whole(Flux.range(1, 5).doOnRequest(requested::add));
        StepVerifier.create(rows, 0)
                .then(() -> assertThat(requested).containsExactly(Long.MAX_VALUE))
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(2)
                .expectNext(1, 2)
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(3)
                .expectNext(3, 4, 5)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(requested).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void rowsGoStraightOnToAConsumerThatAsksForEverything() {
        Sinks.Many<Integer> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        MariaDbRequests.whole(driver.asFlux()).subscribe(seen::add);
        driver.tryEmitNext(1);
        assertThat(seen).containsExactly(1);
        driver.tryEmitNext(2);
        driver.tryEmitNext(3);
        assertThat(seen).containsExactly(1, 2, 3);
    }

    @Test
    void anErrorComesAfterTheRowsBeforeIt() {
        Flux<Integer> rows = MariaDbRequests.whole(Flux.just(1, 2, 3)
                .concatWith(Flux.error(new IllegalStateException("connection lost"))));
        StepVerifier.create(rows, 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(1)
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(2)
                .expectNext(2, 3)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessage("connection lost"))
                .verify(TIMEOUT);
    }

    @Test
    void theEndOfAnEmptyResultNeedsNoDemand() {
        StepVerifier.create(MariaDbRequests.whole(Flux.<Integer>empty()), 0)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void rowsWaitingWhenTheConsumerCancelsAreDiscardedAndTheDriverIsCancelled() {
        Sinks.Many<Integer> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Object> discarded = new CopyOnWriteArrayList<>();
        List<Object> seen = new CopyOnWriteArrayList<>();
        List<String> upstream = new CopyOnWriteArrayList<>();
        BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            protected void hookOnNext(Integer value) {
                seen.add(value);
            }
        };
        MariaDbRequests.whole(driver.asFlux().doOnCancel(() -> upstream.add("cancel")))
                .doOnDiscard(Integer.class, discarded::add)
                .subscribe(consumer);
        driver.tryEmitNext(1);
        driver.tryEmitNext(2);
        driver.tryEmitNext(3);
        consumer.cancel();
        driver.tryEmitNext(4);
        assertThat(seen).containsExactly(1);
        assertThat(discarded).containsExactly(2, 3);
        assertThat(upstream).containsExactly("cancel");
    }

    @Test
    void aConsumerAskingFromAnotherThreadWhileRowsArriveGetsEachRowOnceInOrder() {
        int n = 100_000;
        List<Integer> expected = IntStream.range(0, n).boxed().collect(Collectors.toList());
        for (int round = 0; round < 3; round++) {
            Flux<Integer> rows = MariaDbRequests.whole(Flux.range(0, n).subscribeOn(Schedulers.single()))
                    .publishOn(Schedulers.parallel(), 7);
            StepVerifier.create(rows.collectList())
                    .assertNext(list -> assertThat(list).isEqualTo(expected))
                    .expectComplete()
                    .verify(TIMEOUT);
        }
    }
    @Test
    void aConsumerAskingForEverythingGetsEachRowOnceInOrderThenTheEndWhileMoreIsAskedFromAnotherThread() {
        int n = 100_000;
        List<Integer> expected = IntStream.range(0, n).boxed().collect(Collectors.toList());
        for (int round = 0; round < 3; round++) {
            List<Integer> seen = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger ends = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
                @Override
                protected void hookOnNext(Integer value) {
                    seen.add(value);
                }

                @Override
                protected void hookOnComplete() {
                    ends.incrementAndGet();
                    done.countDown();
                }
            };
            MariaDbRequests.whole(Flux.range(0, n).subscribeOn(Schedulers.single())).subscribe(consumer);
            // Unbounded demand already: these requests race the rows on the driver's thread and change nothing.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (done.getCount() != 0) {
                assertThat(System.nanoTime()).as("rows ended in time").isLessThan(deadline);
                consumer.request(1);
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(ends).hasValue(1);
        }
    }

    @Test
    void afterACancelUnderUnboundedDemandNoRowGoesOnAndTheDriverIsCancelled() {
        Sinks.Many<Integer> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<Object> discarded = new CopyOnWriteArrayList<>();
        BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(Integer value) {
                seen.add(value);
            }
        };
        MariaDbRequests.whole(driver.asFlux())
                .doOnDiscard(Integer.class, discarded::add)
                .subscribe(consumer);
        driver.tryEmitNext(1);
        consumer.cancel();
        driver.tryEmitNext(2);
        assertThat(seen).containsExactly(1);
        assertThat(discarded).isEmpty();
        assertThat(driver.currentSubscriberCount()).isZero();
    }
}
