package dev.tortoise.bench;

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
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A connection factory that counts the SQL statements created on its connections, so every
 * contender's statements per operation are measured the same way, below the pool. The count is
 * one {@link LongAdder} increment per statement; nothing is wrapped per statement.
 */
final class CountingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {
    private final ConnectionFactory delegate;
    private final LongAdder statements = new LongAdder();

    CountingConnectionFactory(ConnectionFactory delegate) {
        this.delegate = delegate;
    }

    long statements() {
        return statements.sum();
    }

    void countExtra() {
        statements.increment();
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.from(delegate.create()).map(CountingConnection::new);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return delegate;
    }

    private final class CountingConnection implements Connection, Wrapped<Connection> {
        private final Connection c;

        CountingConnection(Connection c) {
            this.c = c;
        }

        @Override
        public Statement createStatement(String sql) {
            statements.increment();
            return c.createStatement(sql);
        }

        @Override
        public Batch createBatch() {
            return c.createBatch();
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return c.beginTransaction();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return c.beginTransaction(definition);
        }

        @Override
        public Publisher<Void> close() {
            return c.close();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return c.commitTransaction();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return c.createSavepoint(name);
        }

        @Override
        public boolean isAutoCommit() {
            return c.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return c.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return c.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return c.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return c.rollbackTransaction();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return c.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return c.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return c.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return c.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
            return c.setTransactionIsolationLevel(level);
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return c.validate(depth);
        }

        @Override
        public Connection unwrap() {
            return c;
        }
    }
}
