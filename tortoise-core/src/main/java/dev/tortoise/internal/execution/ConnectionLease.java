package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Lends a connection for one piece of work: the surrounding transaction's, a Spring-managed one, or
 * one from the pool released on every outcome, after a cancelled statement has settled.
 */
final class ConnectionLease {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.db_client");
    /** How long a cancelled statement may take to finish before its connection is closed instead of reused. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

    private final ConnectionRouter router;
    private final java.util.concurrent.ConcurrentHashMap<DatabaseConnection, Pooled> pooled =
            new java.util.concurrent.ConcurrentHashMap<>();

    ConnectionLease(ConnectionRouter router) {
        this.router = router;
    }

    /** Runs {@code use} on the current transaction's connection, or on a pooled one released on every outcome. */
    <R> Flux<R> withConnection(String name, Function<Connection, Flux<R>> use) {
        return withConnection(name, use, null);
    }

    /**
     * Runs {@code use} as {@link #withConnection(String, Function)} does; a pooled connection whose
     * subscriber cancels goes back to the pool once {@code settledOnCancel} completes (the
     * statement's conversation is over), or is closed when that takes longer than
     * {@link #SETTLE_LIMIT}.
     */
    <R> Flux<R> withConnection(String name, Function<Connection, Flux<R>> use, Mono<Void> settledOnCancel) {
        return Flux.deferContextual(ctx -> lend(ctx, name, use, settledOnCancel));
    }

    /**
     * {@link #withConnection(String, Function, Mono)} for a subscriber whose context is {@code ctx},
     * called when that subscriber subscribes: for a caller that already runs at subscription (one
     * statement's run) and so needs no deferral of its own.
     */
    <R> Flux<R> lend(reactor.util.context.ContextView ctx, String name, Function<Connection, Flux<R>> use,
                     Mono<Void> settledOnCancel) {
        TransactionContext tx = TransactionContext.current(ctx, name);
        if (tx != null) {
            return tx.execute(use, settledOnCancel);
        }
        Pinned pin = ctx.getOrDefault(Pinned.class, null);
        if (pin != null && pin.name.equals(name)) {
            return pin.gate.run(() -> use.apply(pin.connection), pin.watched(settledOnCancel));
        }
        DatabaseConnection db = router.connection(name);
        if (SpringTransactions.mayBeActive(ctx)) {
            return SpringTransactions.withConnection(db.factory(), use);
        }
        Pooled pooled = pooled(db);
        // Acquisition errors (pool timeouts, refused connections) are translated by the lease: they
        // happen before any statement, so execute() never sees them. After an error too, a
        // statement's connection is released once it has settled: a statement given up on past its
        // timeout may still be running.
        return LeaseSubscriber.Lend.of(db.offload(Mono.<Connection>from(db.factory().create())), pooled.translate,
                use, pooled.release, pooled.settleThenRelease, settledOnCancel);
    }

    /**
     * Runs {@code body} with every statement it sends on connection {@code name} on one pooled
     * connection, one after the other, taken at subscription and released once when the body has
     * ended (after the statement cancelled last has settled), before its value goes on; as it is
     * where a transaction is open on {@code name}, where Spring may manage one, or where such a
     * scope is already open for {@code name}. No transaction is begun.
     */
    <R> Mono<R> pinned(ContextView ctx, String name, Supplier<? extends Mono<R>> body) {
        Pinned open = ctx.getOrDefault(Pinned.class, null);
        if ((open != null && open.name.equals(name)) || TransactionContext.current(ctx, name) != null
                || SpringTransactions.mayBeActive(ctx)) {
            return Mono.defer(body);
        }
        DatabaseConnection db = router.connection(name);
        Pooled pooled = pooled(db);
        Mono<Pinned> acquire = db.offload(Mono.<Connection>from(db.factory().create()))
                .onErrorMap(pooled.translate)
                .map(c -> new Pinned(name, c));
        // The gate's empty unit starts once the unit before it has ended or settled after a cancel:
        // only then is the connection free of every conversation this body began.
        // A statement that did not settle in time may still be running: its connection is closed, not reused.
        Function<Pinned, Mono<Void>> release = p -> p.gate.runEmpty(Mono::empty)
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> p.unsettled ? db.offload(discard(p.connection)) : Mono.empty()))
                .then(pooled.release.apply(p.connection));
        // Flux.usingWhen passes a completion on only after the release; singleOrEmpty emits on completion.
        return Flux.usingWhen(acquire, p -> Mono.defer(body).contextWrite(c -> c.put(Pinned.class, p)),
                        release, (p, e) -> release.apply(p), release)
                .singleOrEmpty();
    }

    /** A pooled connection held for the statements of one {@link #pinned} scope, which run through its gate. */
    private static final class Pinned {
        final String name;
        final Connection connection;
        final StatementGate gate = new StatementGate();
        /** Whether a cancelled or failed statement was still not settled when the gate stopped waiting for it. */
        volatile boolean unsettled;

        Pinned(String name, Connection connection) {
            this.name = name;
            this.connection = connection;
        }

        /**
         * {@code settled} as the gate waits on it, giving up a little before the gate does (at
         * {@link #SETTLE_LIMIT}) and noting that it gave up, so that the release can tell.
         */
        Mono<Void> watched(Mono<Void> settled) {
            return settled == null ? null : settled.timeout(SETTLE_LIMIT.minusSeconds(1)).onErrorResume(e -> {
                unsettled = true;
                return Mono.empty();
            });
        }
    }

    private Pooled pooled(DatabaseConnection db) {
        Pooled p = pooled.get(db);
        return p != null ? p : pooled.computeIfAbsent(db, Pooled::new);
    }

    /** The functions that release one runtime connection's pooled connections, made once, not per statement. */
    private static final class Pooled {
        final Function<Throwable, Throwable> translate;
        final Function<Connection, Mono<Void>> release;
        /** Releases a connection once its cancelled or failed statement has settled (closing it if that takes too long). */
        final BiFunction<Connection, Mono<Void>, Mono<Void>> settleThenRelease;

        Pooled(DatabaseConnection db) {
            this.translate = e -> ExceptionTranslator.translate(e, null, db.dialect());
            this.release = c -> db.offload(PoolRelease.close(c));
            this.settleThenRelease = (c, settled) -> settled.timeout(SETTLE_LIMIT)
                    .onErrorResume(e -> db.offload(discard(c)))
                    .then(release.apply(c));
        }
    }

    /**
     * Closes the physical connection under a pooled one whose cancelled statement did not settle in
     * time, so that the pool drops it instead of lending out a connection with a conversation still
     * in flight.
     */
    private static Mono<Void> discard(Connection c) {
        LOG.warn("A cancelled statement did not finish within {}; closing its connection", SETTLE_LIMIT);
        // Through every wrapper (pool, r2dbc-proxy, ...) down to the driver's own connection.
        Connection physical = Drivers.physical(c);
        return physical == c ? Mono.empty() : Mono.from(physical.close()).onErrorResume(x -> Mono.empty());
    }
}
