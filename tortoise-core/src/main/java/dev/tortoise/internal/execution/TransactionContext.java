package dev.tortoise.internal.execution;

import dev.tortoise.exception.TransactionManagementError;
import dev.tortoise.execution.Transaction;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * An open transaction (or savepoint) on one connection. It rides in the Reactor Context, so
 * every ORM call subscribed inside the block, whenever it was built, runs on its connection.
 * Handed to the block so it can commit or roll back explicitly; a second explicit commit or
 * rollback is a TransactionManagementError ("Transaction already finalised").
 *
 * <p>After a statement of the block fails in the database, every later statement of the block
 * fails with TransactionManagementError until the block ends (PostgreSQL behaves so by itself;
 * H2 would carry on, so the ORM enforces it for every database). A block whose body completes
 * after such a failure is rolled back and ends with TransactionManagementError: work the body
 * believes done was not committed, and saying so beats losing it silently. A failure inside a
 * nested block that the nested block ends with is rolled back to its savepoint and leaves the
 * outer block usable.
 *
 * <p>Statements on the connection are serialised (see {@link StatementGate}), so concurrent
 * subscribers inside one block cannot interleave on it; each statement's rows stream with
 * backpressure unless another statement waits for the connection.
 */
public final class TransactionContext implements Transaction {
    private static final Object KEY = TransactionContext.class;

    private final String connectionName;
    private final Connection connection;
    private final TransactionContext parent;
    private final String savepoint;
    private final int depth;
    private final StatementGate gate;
    private final boolean external;
    /** The connection's runtime entry (null for a transaction begun by Spring), for {@link #offload}. */
    private final DatabaseConnection db;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<TransactionContext> openChild =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean begun;
    private volatile boolean failed;
    /** Marks the block failed when the database rejected a statement; one per block, shared by its statements. */
    private final java.util.function.Consumer<Throwable> onStatementError = e -> {
        if (isDatabaseError(e)) {
            failed = true;
        }
    };

    private TransactionContext(String connectionName, Connection connection, TransactionContext parent,
                               String savepoint, StatementGate gate, boolean external, DatabaseConnection db) {
        this.connectionName = connectionName;
        this.connection = connection;
        this.parent = parent;
        this.savepoint = savepoint;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.gate = gate;
        this.external = external;
        this.db = db;
    }

    /** The outermost block of a transaction the ORM begins on {@code connection}. */
    static TransactionContext root(String connectionName, Connection connection, DatabaseConnection db) {
        return new TransactionContext(connectionName, connection, null, null, new StatementGate(), false, db);
    }

    /** A transaction somebody else (Spring) began and ends; the ORM only adds savepoints to it. */
    static TransactionContext external(String connectionName, Connection connection) {
        TransactionContext tx = new TransactionContext(connectionName, connection, null, null, new StatementGate(),
                true, null);
        tx.begun = true;
        return tx;
    }

    /**
     * A savepoint block inside this one. Savepoints on one connection nest strictly (releasing one
     * releases every later one), so two sibling blocks open at once would corrupt each other: the
     * second is refused with TransactionManagementError instead.
     */
    TransactionContext nested(String savepointName) {
        TransactionContext tx = new TransactionContext(connectionName, connection, this, savepointName, gate, false,
                db);
        if (!openChild.compareAndSet(null, tx)) {
            throw new TransactionManagementError("Nested transaction blocks on one connection must run one after "
                    + "the other, not concurrently (" + openChild.get() + " is still open)");
        }
        return tx;
    }

    /** Marks this nested block as ended, so that its parent may open the next one. */
    void detach() {
        if (parent != null) {
            parent.openChild.compareAndSet(this, null);
        }
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

    /** Whether a statement of this block failed in the database (so the block can only roll back). */
    public boolean isFailed() {
        return failed;
    }

    /** Commits now (releases the savepoint when nested); the block's end then does nothing. */
    public Mono<Void> commit() {
        return Mono.defer(() -> {
            if (external) {
                return Mono.error(new TransactionManagementError("This transaction is managed outside the ORM"));
            }
            if (!finished.compareAndSet(false, true)) {
                return Mono.error(new TransactionManagementError("Transaction already finalised"));
            }
            if (failed) {
                return doRollback().then(Mono.error(new TransactionManagementError(
                        "The transaction failed earlier and was rolled back instead of committed")));
            }
            return doCommit();
        });
    }

    /** Rolls back now (to the savepoint when nested); the block's end then does nothing. */
    public Mono<Void> rollback() {
        return Mono.defer(() -> {
            if (external) {
                return Mono.error(new TransactionManagementError("This transaction is managed outside the ORM"));
            }
            if (!finished.compareAndSet(false, true)) {
                return Mono.error(new TransactionManagementError("Transaction already finalised"));
            }
            return doRollback();
        });
    }

    /** Begins the outermost transaction through the SPI (so the pool knows to roll it back if left open). */
    Mono<Void> begin() {
        return gate.runEmpty(() -> {
            begun = true;
            return offload(Mono.from(connection.beginTransaction()));
        });
    }

    /** Opens this block's savepoint. */
    Mono<Void> openSavepoint() {
        return gate.runEmpty(() -> {
            begun = true;
            return offload(Mono.from(connection.createSavepoint(savepoint)));
        });
    }

    private Mono<Void> doCommit() {
        return gate.runEmpty(() -> offload(savepoint == null
                ? Mono.from(connection.commitTransaction())
                : Mono.from(connection.releaseSavepoint(savepoint))));
    }

    private Mono<Void> doRollback() {
        if (!begun) {
            return Mono.empty();
        }
        return gate.runEmpty(() -> offload(savepoint == null
                ? Mono.from(connection.rollbackTransaction())
                : Mono.from(connection.rollbackTransactionToSavepoint(savepoint))));
    }

    /** Runs a driver call of this transaction off reactive threads when the driver blocks (see DatabaseConnection#offload). */
    Mono<Void> offload(Mono<Void> work) {
        return db == null ? work : db.offload(work);
    }

    /** Ends the block as it completed, unless it was ended explicitly. */
    Mono<Void> completeBlock() {
        return Mono.defer(() -> {
            if (!finished.compareAndSet(false, true)) {
                return Mono.empty();
            }
            if (failed) {
                return doRollback().then(Mono.error(new TransactionManagementError(
                        "A statement failed earlier in this transaction block, so it was rolled back")));
            }
            return doCommit();
        });
    }

    /** Ends the block after an error or cancel, unless it was ended explicitly. */
    Mono<Void> abortBlock() {
        return Mono.defer(() -> finished.compareAndSet(false, true) ? doRollback() : Mono.empty());
    }

    /**
     * Runs one statement's work on the transaction connection: after the statements queued before
     * it, failing fast when the block can take no more, and marking the block failed when the
     * database rejects it.
     */
    <R> Flux<R> execute(java.util.function.Function<Connection, ? extends Flux<R>> use) {
        return execute(use, null);
    }

    /**
     * Runs one statement's work as {@link #execute(java.util.function.Function)} does, streaming its
     * rows with backpressure; when its subscriber cancels midway, the next statement waits for
     * {@code settledOnCancel} (the statement's conversation is over) or, when that is null, for the
     * rest of the result to be read and dropped.
     */
    <R> Flux<R> execute(java.util.function.Function<Connection, ? extends Flux<R>> use, Mono<Void> settledOnCancel) {
        return gate.run(() -> {
            checkUsable();
            return use.apply(connection);
        }, settledOnCancel, onStatementError);
    }


    static boolean isDatabaseError(Throwable e) {
        return e instanceof R2dbcException || e.getCause() instanceof R2dbcException;
    }

    /** Fails with TransactionManagementError when the transaction cannot take more statements. */
    void checkUsable() {
        if (finished.get()) {
            throw new TransactionManagementError("Transaction already finalised; no more queries can run in it");
        }
        for (TransactionContext t = this; t != null; t = t.parent) {
            if (t.failed) {
                throw new TransactionManagementError("An error occurred in the current transaction; no more "
                        + "queries can run in it until the end of the transaction block");
            }
            if (t != this && t.finished.get()) {
                throw new TransactionManagementError("The enclosing transaction was already finalised");
            }
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

    @Override
    public String toString() {
        return "TransactionContext[" + connectionName + (savepoint == null ? "" : ", " + savepoint) + ", depth "
                + depth + (external ? ", external" : "") + "]";
    }
}
