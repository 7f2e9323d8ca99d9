package dev.tortoise.execution;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Serialises the statements sent on one transaction connection: an R2DBC connection is not
 * thread-safe, and two subscribers of one transaction (a {@code Mono.zip} of two queries) would
 * otherwise interleave their conversations. Each unit of work waits for the previous one to
 * finish, runs, and is read to the end before the next starts; its results are then emitted.
 * Buffering the rows is what keeps {@code qs.flux().concatMap(x -> x.save())} inside a
 * transaction from deadlocking (the save would wait for a select that waits for demand), at the
 * price of holding one statement's rows in memory.
 */
final class StatementGate {
    private final AtomicReference<Mono<Void>> tail = new AtomicReference<>(Mono.empty());

    /** Runs {@code work} once every earlier unit has finished; its elements are buffered, then emitted. */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work) {
        return Flux.defer(() -> {
            Sinks.Empty<Void> done = Sinks.empty();
            Mono<Void> previous = tail.getAndSet(done.asMono());
            AtomicBoolean started = new AtomicBoolean();
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    done.tryEmitEmpty();
                }
            };
            Mono<List<R>> unit = previous.then(Mono.defer(() -> {
                started.set(true);
                return work.get().collectList();
            }));
            return unit
                    .doOnEach(signal -> {
                        if (!signal.isOnSubscribe()) {
                            release.run();
                        }
                    })
                    .doOnCancel(() -> {
                        if (started.get()) {
                            release.run();
                        } else {
                            // Still waiting: hand over only when the unit ahead of us is done.
                            previous.subscribe(null, e -> release.run(), release);
                        }
                    })
                    .flatMapIterable(list -> list);
        });
    }

    /** Runs a unit of work that yields no elements. */
    Mono<Void> runEmpty(Supplier<? extends Mono<Void>> work) {
        return run(() -> work.get().flux()).then();
    }
}
