package dev.tortoise.execution;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * Serialises the statements sent on one transaction connection: an R2DBC connection is not
 * thread-safe, and two subscribers of one transaction (a {@code Mono.zip} of two queries) would
 * otherwise interleave their conversations. Each unit of work waits for the previous one to
 * finish, runs, and is read to the end before the next starts; its results are then emitted.
 * Buffering the rows is what keeps {@code qs.flux().concatMap(x -> x.save())} inside a
 * transaction from deadlocking (the save would wait for a select that waits for demand), at the
 * price of holding one statement's rows in memory.
 *
 * <p>A unit that has started runs to its end even when its subscriber cancels: the next unit
 * starts only once the database has answered it. Cancelling a BEGIN, a COMMIT or a statement
 * midway would let the ROLLBACK queued behind it go out first, and r2dbc-postgresql skips a
 * rollback while it still believes no transaction is open, so the connection went back to the
 * pool idle in a transaction. A unit cancelled before it started is skipped.
 */
final class StatementGate {
    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int ABANDONED = 2;

    private final AtomicReference<Mono<Void>> tail = new AtomicReference<>(Mono.empty());

    /** Runs {@code work} once every earlier unit has finished; its elements are buffered, then emitted. */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work) {
        return Flux.deferContextual(ctx -> {
            Sinks.Empty<Void> done = Sinks.empty();
            Mono<Void> previous = tail.getAndSet(done.asMono());
            Sinks.One<List<R>> result = Sinks.one();
            AtomicInteger state = new AtomicInteger(WAITING);
            Runnable start = () -> {
                if (!state.compareAndSet(WAITING, STARTED)) {
                    done.tryEmitEmpty();
                    return;
                }
                Flux<R> flux;
                try {
                    flux = work.get();
                } catch (Throwable e) {
                    done.tryEmitEmpty();
                    result.tryEmitError(e);
                    return;
                }
                // The next unit may start before this one's elements are emitted (a save per selected row).
                flux.collectList().contextWrite(Context.of(ctx)).subscribe(
                        list -> {
                            done.tryEmitEmpty();
                            result.tryEmitValue(list);
                        },
                        e -> {
                            done.tryEmitEmpty();
                            result.tryEmitError(e);
                        });
            };
            previous.subscribe(null, e -> start.run(), start);
            return result.asMono()
                    .doOnCancel(() -> state.compareAndSet(WAITING, ABANDONED))
                    .flatMapIterable(list -> list);
        });
    }

    /** Runs a unit of work that yields no elements. */
    Mono<Void> runEmpty(Supplier<? extends Mono<Void>> work) {
        return run(() -> work.get().flux()).then();
    }
}
