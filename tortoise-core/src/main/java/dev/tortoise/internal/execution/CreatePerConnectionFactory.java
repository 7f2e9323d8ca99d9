package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A connection factory that calls its driver's {@code create()} anew for every connection, for a
 * pool (r2dbc-pool calls {@code create()} once and subscribes to that publisher for each connection
 * it opens).
 *
 * <p>Why: r2dbc-mariadb makes the lock that guards a connection's hand-over of queued rows in
 * {@code create()} itself, not per subscription, so every connection of a pool over its factory
 * shares one lock; a connection's request for rows then gives up when another connection's I/O
 * thread holds it, and the result can stop for good (see {@link MariaDbRequests}).
 */
final class CreatePerConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {
    private final ConnectionFactory delegate;

    CreatePerConnectionFactory(ConnectionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> Mono.from(delegate.create()));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return delegate.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return delegate;
    }
}
