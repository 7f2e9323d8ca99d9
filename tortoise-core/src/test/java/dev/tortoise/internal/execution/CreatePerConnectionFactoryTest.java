package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.PoolSettings;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

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
        ConnectionPool pool = ConnectionUrls.pool(FakeDriverFactory.named("MariaDB", creates, opened),
                PoolSettings.DEFAULTS.withSizes(0, 3), "create-per-connection");
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
        ConnectionPool pool = ConnectionUrls.pool(FakeDriverFactory.named("PostgreSQL", creates, opened),
                PoolSettings.DEFAULTS.withSizes(0, 3), "left-as-it-was");
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
}
