package dev.tortoise.internal.execution;

import dev.tortoise.exception.ParamsError;
import io.r2dbc.spi.Connection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs blocks in transactions. The outermost block takes a connection from the pool and begins a
 * transaction through the R2DBC SPI (so the pool can roll back whatever is left open); nested
 * blocks are savepoints. A block commits when its publisher completes and rolls back on an error
 * signal, on an exception thrown by the body and on cancel; the connection goes back to the pool
 * only after the commit or rollback has finished. When the caller runs inside a Spring-managed
 * reactive transaction over the same connection factory, the block is a savepoint inside it.
 */
public final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.transactions");

    private final Map<String, DatabaseConnection> connections;
    private final AtomicLong savepoints = new AtomicLong();

    public Transactions(Map<String, DatabaseConnection> connections) {
        this.connections = connections;
    }

    /** The connection name to use: the given one, or the only one (ParamsError with several). */
    public String resolveName(String connectionName) {
        if (connectionName != null) {
            if (!connections.containsKey(connectionName)) {
                throw new ParamsError("Unknown connection \"" + connectionName + "\"; connections: "
                        + connections.keySet());
            }
            return connectionName;
        }
        if (connections.size() != 1) {
            throw new ParamsError("You are running with multiple databases, so you should specify "
                    + "connection_name: " + connections.keySet());
        }
        return connections.keySet().iterator().next();
    }

    /**
     * Runs {@code body} in a transaction (or a savepoint when one is already open on the
     * connection). The block ends when the body's publisher terminates: consume the result to its
     * end ({@code singleOrEmpty()}, {@code then()}, {@code collectList()}), since operators that cancel
     * after the first element ({@code next()}, {@code Mono.from}) cancel the block, which rolls back.
     */
    public <R> Flux<R> inTransaction(String connectionName, Function<TransactionContext, Publisher<R>> body) {
        return Flux.deferContextual(ctx -> {
            String name = resolveName(connectionName);
            TransactionContext outer = TransactionContext.current(ctx, name);
            if (outer != null) {
                outer.checkUsable();
                return nested(outer, body);
            }
            DatabaseConnection db = connections.get(name);
            if (SpringTransactions.mayBeActive(ctx)) {
                return SpringTransactions.transactionConnection(db.factory())
                        .map(java.util.Optional::of)
                        .defaultIfEmpty(java.util.Optional.empty())
                        .flatMapMany(spring -> spring.isPresent()
                                ? nested(TransactionContext.external(name, spring.get()), body)
                                : root(name, db, body));
            }
            return root(name, db, body);
        });
    }

    private <R> Flux<R> root(String name, DatabaseConnection db, Function<TransactionContext, Publisher<R>> body) {
        return Flux.usingWhen(
                db.offload(Mono.from(db.factory().create())).map(conn -> TransactionContext.root(name, conn, db)),
                tx -> tx.begin().thenMany(Flux.defer(() -> Flux.from(body.apply(tx))))
                        .concatWith(Mono.defer(tx::completeBlock).then(Mono.empty()))
                        .contextWrite(tx::bind),
                tx -> release(tx, Mono.empty()),
                (tx, err) -> release(tx, quiet(tx.abortBlock(), tx)),
                tx -> release(tx, quiet(tx.abortBlock(), tx)));
    }

    private <R> Flux<R> nested(TransactionContext outer, Function<TransactionContext, Publisher<R>> body) {
        return Flux.usingWhen(
                Mono.fromCallable(() -> outer.nested("tortoise_savepoint_" + savepoints.incrementAndGet())),
                t -> t.openSavepoint().thenMany(Flux.defer(() -> Flux.from(body.apply(t))))
                        .concatWith(Mono.defer(t::completeBlock).then(Mono.empty()))
                        .contextWrite(t::bind),
                t -> detached(t, Mono.empty()),
                (t, err) -> detached(t, t.abortBlock()),
                t -> {
                    // Cancel does not wait for the cleanup: the rollback to the savepoint is queued on the
                    // connection now, ahead of anything the parent sends next, so the parent is free at once.
                    Mono<Void> rollback = t.abortBlock();
                    rollback.subscribe(null, e -> LOG.warn("Rollback of cancelled {} failed", t, e));
                    t.detach();
                    return Mono.empty();
                });
    }

    /** Runs the block's ending, then frees its parent for the next nested block (before the caller hears of the end). */
    private static Mono<Void> detached(TransactionContext tx, Mono<Void> ending) {
        return ending
                .onErrorResume(e -> {
                    tx.detach();
                    return Mono.error(e);
                })
                .then(Mono.fromRunnable(tx::detach));
    }

    /** Ends the block, then returns the connection to the pool whatever the ending did. */
    private static Mono<Void> release(TransactionContext tx, Mono<Void> ending) {
        Connection conn = tx.connection();
        Mono<Void> close = tx.offload(PoolRelease.close(conn));
        return ending
                .onErrorResume(e -> close.onErrorResume(x -> Mono.empty()).then(Mono.error(e)))
                .then(close);
    }

    /** A rollback after an error or cancel: its own failure is logged, not raised over the original error. */
    private static Mono<Void> quiet(Mono<Void> rollback, TransactionContext tx) {
        return rollback.onErrorResume(e -> {
            LOG.warn("Rollback of {} failed", tx, e);
            return Mono.empty();
        });
    }
}
