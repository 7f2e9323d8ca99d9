package dev.tortoise.execution;

import dev.tortoise.exception.ParamsError;
import io.r2dbc.spi.Connection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs blocks in transactions: the outermost block begins a transaction through the R2DBC SPI
 * (so the pool can roll back whatever is left open), nested blocks are savepoints. A block
 * commits when its publisher completes and rolls back on an error signal or on cancel.
 */
public final class Transactions {
    private final Map<String, DatabaseConnection> connections;
    private final AtomicInteger savepoints = new AtomicInteger();

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

    /** Runs {@code body} in a transaction (or a savepoint when one is already open on the connection). */
    public <R> Flux<R> inTransaction(String connectionName, Function<TransactionContext, Publisher<R>> body) {
        return Flux.deferContextual(ctx -> {
            String name = resolveName(connectionName);
            TransactionContext outer = TransactionContext.current(ctx, name);
            if (outer != null) {
                outer.checkUsable();
                return nested(outer, body);
            }
            DatabaseConnection db = connections.get(name);
            return Flux.usingWhen(
                    Mono.from(db.factory().create()),
                    conn -> Flux.usingWhen(
                            Mono.from(conn.beginTransaction()).thenReturn(new TransactionContext(name, conn, null,
                                    null)),
                            tx -> Flux.from(body.apply(tx)).contextWrite(tx::bind),
                            TransactionContext::completeBlock,
                            (tx, err) -> tx.abortBlock(),
                            TransactionContext::abortBlock),
                    Connection::close,
                    (conn, err) -> conn.close(),
                    Connection::close);
        });
    }

    private <R> Flux<R> nested(TransactionContext outer, Function<TransactionContext, Publisher<R>> body) {
        String sp = "tortoise_savepoint_" + savepoints.incrementAndGet();
        return Flux.usingWhen(
                Mono.from(outer.connection().createSavepoint(sp))
                        .thenReturn(new TransactionContext(outer.connectionName(), outer.connection(), outer, sp)),
                tx -> Flux.from(body.apply(tx)).contextWrite(tx::bind),
                TransactionContext::completeBlock,
                (tx, err) -> tx.abortBlock(),
                TransactionContext::abortBlock);
    }
}
