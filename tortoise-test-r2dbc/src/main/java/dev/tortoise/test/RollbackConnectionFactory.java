package dev.tortoise.test;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;

/** A connection factory that hands out the running test's transactional connection, else its delegate's. */
final class RollbackConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {
    private final TestTransaction owner;
    private final String name;
    private final ConnectionFactory delegate;

    RollbackConnectionFactory(TestTransaction owner, String name, ConnectionFactory delegate) {
        this.owner = owner;
        this.name = name;
        this.delegate = delegate;
    }

    ConnectionFactory delegate() {
        return delegate;
    }

    @Override
    public Mono<Connection> create() {
        return Mono.defer(() -> {
            TestTransaction.Session session = owner.session();
            if (session == null) {
                return Mono.from(delegate.create());
            }
            return session.connection(this).map(physical -> new TestConnection(owner, session, physical));
        });
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return delegate;
    }

    @Override
    public String toString() {
        return "RollbackConnectionFactory[" + name + " over " + delegate + "]";
    }
}
