package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.PoolSettings;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A pool the runtime makes over r2dbc-mariadb calls the driver's {@code create()} once for every
 * connection, so that each connection has a driver lock of its own (r2dbc-mariadb makes the lock in
 * {@code create()}, and r2dbc-pool calls {@code create()} once for all its connections, see
 * docs/reliability.md, "MariaDB results that stopped midway"); a pool over another driver is left
 * as it was.
 */
class CreatePerConnectionFactoryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aPoolOverMariaDbCallsTheDriversCreateOncePerConnection() {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        ConnectionPool pool = ConnectionUrls.pool(factory("MariaDB", creates, opened), PoolSettings.DEFAULTS
                .withSizes(0, 3), "create-per-connection");
        try {
            assertThat(pool.unwrap()).isInstanceOf(CreatePerConnectionFactory.class);
            List<Connection> held = Flux.range(0, 3).flatMap(i -> pool.create()).collectList().block(TIMEOUT);
            assertThat(held).hasSize(3);
            assertThat(opened).as("connections opened").hasValue(3);
            assertThat(creates).as("calls of the driver's create()").hasValue(3);
            Flux.fromIterable(held).flatMap(Connection::close).then().block(TIMEOUT);
        } finally {
            pool.disposeLater().block(TIMEOUT);
        }
    }

    @Test
    void aPoolOverAnotherDriverIsLeftAsItWas() {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        ConnectionPool pool = ConnectionUrls.pool(factory("PostgreSQL", creates, opened), PoolSettings.DEFAULTS
                .withSizes(0, 3), "left-as-it-was");
        try {
            assertThat(pool.unwrap()).isNotInstanceOf(CreatePerConnectionFactory.class);
            List<Connection> held = Flux.range(0, 3).flatMap(i -> pool.create()).collectList().block(TIMEOUT);
            assertThat(held).hasSize(3);
            assertThat(opened).as("connections opened").hasValue(3);
            assertThat(creates).as("calls of the driver's create()").hasValue(1);
            Flux.fromIterable(held).flatMap(Connection::close).then().block(TIMEOUT);
        } finally {
            pool.disposeLater().block(TIMEOUT);
        }
    }

    /** A factory named {@code name} counting its {@code create()} calls and the connections it opens. */
    private static ConnectionFactory factory(String name, AtomicInteger creates, AtomicInteger opened) {
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                creates.incrementAndGet();
                return Mono.fromSupplier(() -> {
                    opened.incrementAndGet();
                    return connection();
                });
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> name;
            }
        };
    }

    /** A connection that does nothing: validates true, every other call completes empty. */
    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "validate" -> Mono.just(true);
                    case "isAutoCommit" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeConnection";
                    default -> Publisher.class.isAssignableFrom(method.getReturnType()) ? Mono.empty() : null;
                });
    }
}
