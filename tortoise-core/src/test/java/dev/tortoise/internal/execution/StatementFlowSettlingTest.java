package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * A statement's subscriber on the driver's side, without a database: a cancel midway asks the
 * driver for the rest of the result, drops it, and settles only once the result has ended; an
 * error or a completion ends the settling too; a statement never started is settled at once.
 */
class StatementFlowSettlingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aCancelMidResultReadsTheRestUnseenAndSettlesWhenTheResultEnds() {
        SettlingRows settling = new SettlingRows();
        Sinks.Many<Object> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Long> requested = new CopyOnWriteArrayList<>();
        List<Object> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        Flux<Object> rows = StatementFlow.driverSide(driver.asFlux().doOnRequest(requested::add), null, settling);
        rows.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                s.request(2);
            }

            @Override
            protected void hookOnNext(Object value) {
                seen.add(value);
                if (seen.size() == 2) {
                    cancel();
                }
            }

            @Override
            protected void hookFinally(reactor.core.publisher.SignalType type) {
                ended.set(true);
            }
        });
        driver.tryEmitNext(1);
        driver.tryEmitNext(2);
        driver.tryEmitNext(3);
        assertThat(seen).containsExactly(1, 2);
        assertThat(requested).containsExactly(2L, Long.MAX_VALUE);
        assertThat(settling.cancelled()).isTrue();
        AtomicBoolean settled = new AtomicBoolean();
        settling.settled().subscribe(null, null, () -> settled.set(true));
        assertThat(settled).isFalse();
        driver.tryEmitNext(SettlingRows.SKIPPED);
        driver.tryEmitComplete();
        assertThat(settled).isTrue();
        assertThat(seen).containsExactly(1, 2);
        assertThat(ended).isTrue();
    }

    @Test
    void anErrorEndsTheSettlingAndReachesTheSubscriber() {
        SettlingRows settling = new SettlingRows();
        StepVerifier.create(StatementFlow.driverSide(Flux.<Object>just(1).concatWith(
                        Flux.error(new IllegalStateException("driver failed"))), null, settling))
                .expectNext(1)
                .expectErrorMessage("driver failed")
                .verify(TIMEOUT);
        StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void anErrorAfterACancelEndsTheSettlingUnseen() {
        SettlingRows settling = new SettlingRows();
        Sinks.Many<Object> driver = Sinks.many().unicast().onBackpressureBuffer();
        List<Object> signals = new CopyOnWriteArrayList<>();
        StatementFlow.driverSide(driver.asFlux(), null, settling)
                .subscribe(signals::add, e -> signals.add("error " + e.getMessage()), () -> signals.add("complete"))
                .dispose();
        AtomicBoolean settled = new AtomicBoolean();
        settling.settled().subscribe(null, null, () -> settled.set(true));
        assertThat(settled).isFalse();
        driver.tryEmitError(new IllegalStateException("late"));
        assertThat(settled).isTrue();
        assertThat(signals).isEmpty();
    }

    @Test
    void aStatementNeverSubscribedIsSettledAtOnce() {
        SettlingRows settling = new SettlingRows();
        StatementFlow.driverSide(Flux.never(), null, settling);
        StepVerifier.create(settling.settled()).expectComplete().verify(TIMEOUT);
    }
}
