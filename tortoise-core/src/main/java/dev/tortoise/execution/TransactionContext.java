package dev.tortoise.execution;

import dev.tortoise.exception.TransactionManagementError;
import io.r2dbc.spi.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * An open transaction (or savepoint) on one connection. It rides in the Reactor Context, so
 * every ORM call subscribed inside the block, whenever it was built, runs on its connection.
 * Handed to the block so it can commit or roll back explicitly; a second explicit commit or
 * rollback is a TransactionManagementError.
 */
public final class TransactionContext {
    private static final Object KEY = TransactionContext.class;

    private final String connectionName;
    private final Connection connection;
    private final TransactionContext parent;
    private final String savepoint;
    private final int depth;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean failed;

    TransactionContext(String connectionName, Connection connection, TransactionContext parent, String savepoint) {
        this.connectionName = connectionName;
        this.connection = connection;
        this.parent = parent;
        this.savepoint = savepoint;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** The connection name this transaction is on. */
    public String connectionName() {
        return connectionName;
    }

    /** The R2DBC connection of the transaction (for application SQL in the same transaction). */
    public Connection connection() {
        return connection;
    }

    /** 0 for the outermost transaction, 1 for a savepoint inside it, and so on. */
    public int depth() {
        return depth;
    }

    /** Whether commit or rollback already ended this block. */
    public boolean isFinished() {
        return finished.get();
    }

    /** Commits now (releases the savepoint when nested); the block's end then does nothing. */
    public Mono<Void> commit() {
        return Mono.defer(() -> {
            if (!finished.compareAndSet(false, true)) {
                return Mono.error(new TransactionManagementError("Transaction already finalised"));
            }
            return doCommit();
        });
    }

    /** Rolls back now (to the savepoint when nested); the block's end then does nothing. */
    public Mono<Void> rollback() {
        return Mono.defer(() -> {
            if (!finished.compareAndSet(false, true)) {
                return Mono.error(new TransactionManagementError("Transaction already finalised"));
            }
            return doRollback();
        });
    }

    Mono<Void> doCommit() {
        if (savepoint == null) {
            return Mono.from(connection.commitTransaction());
        }
        return Mono.from(connection.releaseSavepoint(savepoint));
    }

    Mono<Void> doRollback() {
        if (savepoint == null) {
            return Mono.from(connection.rollbackTransaction());
        }
        return Mono.from(connection.rollbackTransactionToSavepoint(savepoint));
    }

    /** Ends the block as it completed, unless it was ended explicitly. */
    Mono<Void> completeBlock() {
        return Mono.defer(() -> finished.compareAndSet(false, true)
                ? (failed ? doRollback().then(Mono.error(new TransactionManagementError(
                        "The transaction failed earlier and was rolled back"))) : doCommit())
                : Mono.empty());
    }

    /** Ends the block after an error or cancel, unless it was ended explicitly. */
    Mono<Void> abortBlock() {
        return Mono.defer(() -> finished.compareAndSet(false, true) ? doRollback() : Mono.empty());
    }

    /** Records that a statement failed, so that later ones fail fast until the block ends. */
    void markFailed() {
        this.failed = true;
    }

    /** Fails with TransactionManagementError when the transaction cannot take more statements. */
    void checkUsable() {
        if (finished.get()) {
            throw new TransactionManagementError("Transaction already finalised; no more queries can run in it");
        }
        if (failed) {
            throw new TransactionManagementError("current transaction is aborted, commands ignored until end of "
                    + "transaction block");
        }
    }

    TransactionContext parent() {
        return parent;
    }

    String savepoint() {
        return savepoint;
    }

    /** The innermost transaction open on {@code connectionName} in this context, or null. */
    static TransactionContext current(ContextView ctx, String connectionName) {
        Map<String, TransactionContext> map = ctx.getOrDefault(KEY, null);
        return map == null ? null : map.get(connectionName);
    }

    /** Whether any transaction is open in the context. */
    static boolean any(ContextView ctx) {
        Map<String, TransactionContext> map = ctx.getOrDefault(KEY, null);
        return map != null && !map.isEmpty();
    }

    /** The context with this transaction as the current one for its connection. */
    Context bind(Context ctx) {
        Map<String, TransactionContext> map = ctx.getOrDefault(KEY, null);
        Map<String, TransactionContext> copy = map == null ? new HashMap<>() : new HashMap<>(map);
        copy.put(connectionName, this);
        return ctx.put(KEY, Map.copyOf(copy));
    }
}
