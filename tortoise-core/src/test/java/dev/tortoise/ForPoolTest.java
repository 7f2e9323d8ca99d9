package dev.tortoise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.internal.execution.FakeDriverFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@link Tortoise#forPool}: an application's own pool over its result calls r2dbc-mariadb's
 * {@code create()} once per connection (each connection gets a driver lock of its own, see
 * docs/reliability.md, "MariaDB results that stopped midway"); every other factory, a factory it
 * already wrapped (also under a decorator) and a pool come back as they are.
 */
class ForPoolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void anApplicationPoolOverTheResultCallsMariaDbsCreateOncePerConnection() {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        ConnectionFactory driver = FakeDriverFactory.named("MariaDB", creates, opened);
        ConnectionFactory forPool = Tortoise.forPool(driver);
        assertThat(forPool).isNotSameAs(driver);
        assertThat(forPool.getMetadata().getName()).isEqualTo("MariaDB");
        assertThat(((Wrapped<?>) forPool).unwrap()).isSameAs(driver);
        assertThat(poolOpensThree(forPool, opened)).as("calls of the driver's create()").isEqualTo(3);
        assertThat(creates).hasValue(3);
    }

    @Test
    void aPoolStraightOverMariaDbCallsCreateOnce() {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        poolOpensThree(FakeDriverFactory.named("MariaDB", creates, opened), opened);
        assertThat(creates).as("the driver lock all pooled connections share").hasValue(1);
    }

    @Test
    void anotherDriversFactoryIsReturnedAsItIs() {
        ConnectionFactory postgres = FakeDriverFactory.named("PostgreSQL", new AtomicInteger(), new AtomicInteger());
        ConnectionFactory h2 = FakeDriverFactory.named("H2", new AtomicInteger(), new AtomicInteger());
        assertThat(Tortoise.forPool(postgres)).isSameAs(postgres);
        assertThat(Tortoise.forPool(h2)).isSameAs(h2);
    }

    @Test
    void aFactoryAlreadyWrappedIsNotWrappedTwice() {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        ConnectionFactory once = Tortoise.forPool(FakeDriverFactory.named("MariaDB", creates, opened));
        assertThat(Tortoise.forPool(once)).isSameAs(once);
        ConnectionFactory decorated = new Decorator(once);
        assertThat(Tortoise.forPool(decorated)).as("wrapped under a decorator").isSameAs(decorated);
        assertThat(poolOpensThree(Tortoise.forPool(decorated), opened)).isEqualTo(3);
        assertThat(creates).as("calls of the driver's create()").hasValue(3);
    }

    @Test
    void aDecoratedMariaDbFactoryIsWrappedByTheDriversName() {
        AtomicInteger creates = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        ConnectionFactory decorated = new Decorator(FakeDriverFactory.named("MariaDB", creates, opened));
        ConnectionFactory forPool = Tortoise.forPool(decorated);
        assertThat(forPool).isNotSameAs(decorated);
        assertThat(((Wrapped<?>) forPool).unwrap()).isSameAs(decorated);
        poolOpensThree(forPool, opened);
        assertThat(creates).hasValue(3);
    }

    @Test
    void aPoolIsReturnedAsItIs() {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(
                FakeDriverFactory.named("MariaDB", new AtomicInteger(), new AtomicInteger()))
                .initialSize(0).maxSize(1).build());
        try {
            assertThat(Tortoise.forPool(pool)).isSameAs(pool);
        } finally {
            pool.disposeLater().block(TIMEOUT);
        }
    }

    /** Opens three connections at once from a pool of three over {@code cf}; the connections opened. */
    private static int poolOpensThree(ConnectionFactory cf, AtomicInteger opened) {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(cf).initialSize(0).maxSize(3)
                .build());
        try {
            List<Connection> held = Flux.range(0, 3).flatMap(i -> pool.create()).collectList().block(TIMEOUT);
            assertThat(held).hasSize(3);
            Flux.fromIterable(held).flatMap(Connection::close).then().block(TIMEOUT);
            return opened.get();
        } finally {
            pool.disposeLater().block(TIMEOUT);
        }
    }

    /** A decorator (statement counting, r2dbc-proxy) that keeps its factory's metadata and unwraps to it. */
    private record Decorator(ConnectionFactory delegate) implements ConnectionFactory, Wrapped<ConnectionFactory> {
        @Override
        public Publisher<? extends Connection> create() {
            return delegate.create();
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
}
