package dev.tortoise.internal.execution;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A connection factory that calls its driver's {@code create()} anew for every connection, for a
 * pool (r2dbc-pool calls {@code create()} once and subscribes to that publisher for each connection
 * it opens), and hands out each connection with the event loop it was opened on.
 *
 * <p>Why: r2dbc-mariadb makes the lock that guards a connection's hand-over of queued rows in
 * {@code create()} itself, not per subscription, so every connection of a pool over its factory
 * would share one lock; a connection's request for rows then gives up when another connection's
 * I/O thread holds it, and the result can stop for good (see {@link MariaDbRequests}). The driver
 * emits a new connection on that connection's own I/O thread (the end of its session set-up is the
 * last message read there), which {@link MariaDbRequests} asks for rows on.
 */
final class CreatePerConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {
    private final ConnectionFactory delegate;

    CreatePerConnectionFactory(ConnectionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> Mono.from(delegate.create()))
                .map(c -> new OwnLock(c, MariaDbRequests.currentLoop()));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return delegate;
    }

    /** A connection made by its own {@code create()}: its driver lock is its own; every call goes to it. */
    static final class OwnLock implements Connection, Wrapped<Connection> {
        private final Connection delegate;
        private final Executor loop;

        OwnLock(Connection delegate, Executor loop) {
            this.delegate = delegate;
            this.loop = loop;
        }

        /** The event loop the connection was opened on (its I/O thread), or null if it was opened elsewhere. */
        Executor loop() {
            return loop;
        }

        @Override
        public Connection unwrap() {
            return delegate;
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return delegate.beginTransaction();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return delegate.beginTransaction(definition);
        }

        @Override
        public Publisher<Void> close() {
            return delegate.close();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return delegate.commitTransaction();
        }

        @Override
        public Batch createBatch() {
            return delegate.createBatch();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return delegate.createSavepoint(name);
        }

        @Override
        public Statement createStatement(String sql) {
            return delegate.createStatement(sql);
        }

        @Override
        public boolean isAutoCommit() {
            return delegate.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return delegate.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return delegate.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return delegate.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return delegate.rollbackTransaction();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return delegate.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return delegate.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return delegate.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return delegate.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
            return delegate.setTransactionIsolationLevel(isolationLevel);
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return delegate.validate(depth);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
