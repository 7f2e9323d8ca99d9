package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A connection factory whose connections are opened on a scheduler that allows blocking: for
 * drivers that open them synchronously on the subscribing thread (r2dbc-h2 opens the embedded
 * database, reading files and loading classes), since the pool subscribes from its own
 * non-blocking threads.
 */
final class OffloadingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {
    private final ConnectionFactory delegate;

    OffloadingConnectionFactory(ConnectionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.from(delegate.create()).subscribeOn(Schedulers.boundedElastic());
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
