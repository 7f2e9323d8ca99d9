package dev.tortoise.test;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One user's handle on the test's transactional connection. Its own transaction is a savepoint of the test's;
 * closing it leaves the physical connection open. Not {@code Wrapped}: nothing may reach the physical connection
 * and close it under the test.
 */
final class TestConnection implements Connection {
    private final TestTransaction owner;
    private final TestTransaction.Session session;
    private final Connection physical;
    /** The savepoint standing for this handle's transaction, or null outside one. */
    private volatile String savepoint;
    private volatile boolean closed;

    TestConnection(TestTransaction owner, TestTransaction.Session session, Connection physical) {
        this.owner = owner;
        this.session = session;
        this.physical = physical;
    }

    private <T> Mono<T> guarded(Supplier<? extends Publisher<T>> action) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new IllegalStateException("This connection was closed"));
            }
            if (session.isEnded()) {
                return Mono.error(session.ended());
            }
            return Mono.from(action.get());
        });
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return begin();
    }

    /** The definition's isolation level and read-only flag cannot change inside the test's transaction: ignored. */
    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return begin();
    }

    private Mono<Void> begin() {
        return guarded(() -> {
            if (savepoint != null) {
                return Mono.empty();
            }
            String name = owner.nextSavepoint();
            return Mono.from(physical.createSavepoint(name)).doOnSuccess(v -> savepoint = name);
        });
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return guarded(() -> {
            // Cleared before the release is sent: whoever hears of its completion may close this handle at once.
            String name = endTransaction();
            if (name == null) {
                return Mono.empty();
            }
            // A release that fails (PostgreSQL after an error in the block) ends the block as a failed COMMIT
            // does: rolled back, so that the test's transaction stays usable, and the error reported.
            return Mono.from(physical.releaseSavepoint(name))
                    .onErrorResume(e -> undo(name).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
        });
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return guarded(() -> {
            String name = endTransaction();
            return name == null ? Mono.empty() : undo(name);
        });
    }

    /** Ends this handle's transaction in its state and returns its savepoint (null when none was open). */
    private synchronized String endTransaction() {
        String name = savepoint;
        savepoint = null;
        return name;
    }

    private Mono<Void> undo(String name) {
        return Mono.from(physical.rollbackTransactionToSavepoint(name)).then(Mono.from(physical.releaseSavepoint(name)));
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return guarded(() -> savepoint == null ? begin().then(Mono.from(physical.createSavepoint(name)))
                : Mono.from(physical.createSavepoint(name)));
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return guarded(() -> physical.releaseSavepoint(name));
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return guarded(() -> physical.rollbackTransactionToSavepoint(name));
    }

    /** Rolls back this handle's unfinished transaction, as a pool does on release; the physical connection stays. */
    @Override
    public Publisher<Void> close() {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.empty();
            }
            closed = true;
            String name = endTransaction();
            if (name == null || session.isEnded()) {
                return Mono.empty();
            }
            return undo(name);
        });
    }

    @Override
    public Batch createBatch() {
        return new GuardedBatch(physical.createBatch());
    }

    @Override
    public Statement createStatement(String sql) {
        if (closed) {
            throw new IllegalStateException("This connection was closed");
        }
        if (session.isEnded()) {
            throw session.ended();
        }
        return new GuardedStatement(physical.createStatement(sql));
    }

    @Override
    public boolean isAutoCommit() {
        return savepoint == null;
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return physical.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return physical.getTransactionIsolationLevel();
    }

    /** Turning auto-commit off begins this handle's transaction; turning it on commits it (as the SPI says). */
    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
        return guarded(() -> autoCommit ? Mono.from(commitTransaction()) : begin());
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return guarded(() -> physical.setLockWaitTimeout(timeout));
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return guarded(() -> physical.setStatementTimeout(timeout));
    }

    /** The test's transaction is already open: its isolation level cannot change. Ignored. */
    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        return guarded(Mono::empty);
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return Mono.defer(() -> closed || session.isEnded() ? Mono.just(false) : Mono.from(physical.validate(depth)));
    }

    @Override
    public String toString() {
        return "TestConnection[" + session.description + (savepoint == null ? "" : ", " + savepoint) + "]";
    }

    /** Refuses to run once the test's transaction has ended; explains PostgreSQL's aborted transaction. */
    private Flux<Result> checkedExecute(Supplier<Publisher<? extends Result>> execute) {
        return Flux.defer(() -> session.isEnded() ? Flux.error(session.ended())
                : Flux.<Result>from(execute.get()).<Result>map(HintedResult::new).doOnError(TestConnection::hint));
    }

    /** SQLSTATE 25P02: PostgreSQL refuses statements after one failed in the transaction. */
    private static final String ABORTED = "25P02";

    /**
     * Adds to PostgreSQL's "current transaction is aborted" error why it happens in a rolled-back test and what to
     * do; the error itself (its type and message) is left as it is.
     */
    private static void hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r && ABORTED.equals(r.getSqlState())) {
                e.addSuppressed(new IllegalStateException("A statement failed earlier in this test, outside any "
                        + "transaction block, and PostgreSQL aborted the test's transaction (it holds every statement "
                        + "of a rolled-back test). Run a statement that is expected to fail inside atomic(...) or "
                        + "inTransaction(...): its failure then rolls back to a savepoint and the test carries on."));
                return;
            }
        }
    }

    /** A result whose consumption errors carry the {@link #hint}. */
    private record HintedResult(Result delegate) implements Result {
        @Override
        public Publisher<Long> getRowsUpdated() {
            return Flux.from(delegate.getRowsUpdated()).doOnError(TestConnection::hint);
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return Flux.<T>from(delegate.map(mapping)).doOnError(TestConnection::hint);
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return Flux.<T>from(delegate.map(mapping)).doOnError(TestConnection::hint);
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return new HintedResult(delegate.filter(filter));
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return Flux.<T>from(delegate.flatMap(mapping)).doOnError(TestConnection::hint);
        }
    }

    private final class GuardedStatement implements Statement {
        private final Statement delegate;

        GuardedStatement(Statement delegate) {
            this.delegate = delegate;
        }

        @Override
        public Statement add() {
            delegate.add();
            return this;
        }

        @Override
        public Statement bind(int index, Object value) {
            delegate.bind(index, value);
            return this;
        }

        @Override
        public Statement bind(String name, Object value) {
            delegate.bind(name, value);
            return this;
        }

        @Override
        public Statement bindNull(int index, Class<?> type) {
            delegate.bindNull(index, type);
            return this;
        }

        @Override
        public Statement bindNull(String name, Class<?> type) {
            delegate.bindNull(name, type);
            return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
            return checkedExecute(delegate::execute);
        }

        @Override
        public Statement fetchSize(int rows) {
            delegate.fetchSize(rows);
            return this;
        }

        @Override
        public Statement returnGeneratedValues(String... columns) {
            delegate.returnGeneratedValues(columns);
            return this;
        }
    }

    private final class GuardedBatch implements Batch {
        private final Batch delegate;

        GuardedBatch(Batch delegate) {
            this.delegate = delegate;
        }

        @Override
        public Batch add(String sql) {
            delegate.add(sql);
            return this;
        }

        @Override
        public Publisher<? extends Result> execute() {
            return checkedExecute(delegate::execute);
        }
    }
}
