package dev.tortoise.starterit.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.starterit.Databases;
import dev.tortoise.starterit.r2dbc.rows.StreamedRow;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pool Spring Boot's R2DBC starter makes from {@code spring.r2dbc.url}, which Tortoise takes as its default
 * connection, is built over {@code Tortoise.forPool} (the starter's {@code ConnectionFactoryDecorator}): on
 * MariaDB each pooled connection has a driver lock of its own, so Tortoise streams its results with backpressure
 * (docs/reliability.md, "MariaDB results that stopped midway"); H2's and PostgreSQL's factories are left as
 * Boot made them.
 */
class SpringR2dbcPoolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ROWS = 20_000;
    private static final String PER_CONNECTION = "dev.tortoise.internal.execution.CreatePerConnectionFactory";
    private static final String BOOT_WRAPPER = "org.springframework.boot.r2dbc.OptionsCapableConnectionFactory";

    /** The application's auto-configuration, without component scanning. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class PoolApp {
    }

    /** The databases, named as the display names show them. */
    enum Kind {
        h2, postgres, mariadb
    }

    private static ConfigurableApplicationContext start(Databases.Fresh db) {
        return new SpringApplicationBuilder(PoolApp.class).web(WebApplicationType.NONE)
                .properties("spring.r2dbc.url=" + db.url(), "tortoise.modules.streamed=" + StreamedRow.class
                        .getPackageName())
                .run();
    }

    @ParameterizedTest(name = "[{0}] the spring.r2dbc pool is built over the factory Tortoise.forPool gives")
    @EnumSource(Kind.class)
    void theSpringR2dbcPoolIsBuiltOverForPool(Kind kind) {
        try (Databases.Fresh db = Databases.fresh(kind.name(), "pool");
             ConfigurableApplicationContext ctx = start(db)) {
            ConnectionFactory bean = ctx.getBean(ConnectionFactory.class);
            Tortoise tortoise = ctx.getBean(Tortoise.class);
            assertThat(bean).isInstanceOf(ConnectionPool.class);
            assertThat(tortoise.connections().get("default").factory()).isSameAs(bean);
            ConnectionFactory underPool = ((ConnectionPool) bean).unwrap();
            if (kind == Kind.mariadb) {
                assertThat(underPool.getClass().getName()).isEqualTo(PER_CONNECTION);
                assertThat(((Wrapped<?>) underPool).unwrap().getClass().getName()).isEqualTo(BOOT_WRAPPER);
            } else {
                assertThat(underPool.getClass().getName()).as("left as Boot made it").isEqualTo(BOOT_WRAPPER);
            }
            assertThat(underPool.getMetadata().getName()).isEqualTo(switch (kind) {
                case h2 -> "H2";
                case postgres -> "PostgreSQL";
                case mariadb -> "MariaDB";
            });
            assertThat(Tortoise.forPool(underPool)).as("not wrapped twice").isSameAs(underPool);
            assertThat(tortoise.of(StreamedRow.class).create("n", 7)
                    .then(tortoise.of(StreamedRow.class).filter("n", 7).count()).block(TIMEOUT)).isEqualTo(1L);
        }
    }

    // Over a pool straight on r2dbc-mariadb's factory Tortoise asks for whole results (with the decorator left out,
    // all 20,000 rows were mapped with 3 requested); over Tortoise.forPool rows are asked for as the consumer asks
    // and mapped only when handed over.
    @ParameterizedTest(name = "[{0}] a read from the spring.r2dbc pool maps rows only as far as they are requested")
    @EnumSource(value = Kind.class, names = "mariadb")
    void aReadFromTheSpringR2dbcPoolMapsRowsOnlyAsFarAsRequested(Kind kind) throws Exception {
        try (Databases.Fresh db = Databases.fresh(kind.name(), "pool");
             ConfigurableApplicationContext ctx = start(db)) {
            ConnectionFactory bean = ctx.getBean(ConnectionFactory.class);
            Tortoise tortoise = ctx.getBean(Tortoise.class);
            // MariaDB's SEQUENCE engine: the table seq_1_to_<n> holds 1..n
            assertThat(Mono.usingWhen(Mono.from(bean.create()),
                    c -> Flux.from(c.createStatement("INSERT INTO it_streamed_row (n) SELECT seq FROM seq_1_to_" + ROWS)
                            .execute()).flatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum),
                    Connection::close).block(TIMEOUT)).isEqualTo((long) ROWS);

            StreamedRow.CONSTRUCTED.set(0);
            Requesting reader = new Requesting();
            tortoise.of(StreamedRow.class).all().orderBy("n").flux().subscribe(reader);
            reader.request(3);
            reader.await(3);
            Thread.sleep(500);
            assertThat(reader.error.get()).isNull();
            assertThat(reader.received.stream().map(r -> r.n).toList()).containsExactly(1, 2, 3);
            assertThat(StreamedRow.CONSTRUCTED.get()).as("rows mapped with 3 requested").isEqualTo(3L);
            reader.request(7);
            reader.await(10);
            Thread.sleep(300);
            assertThat(reader.received).hasSize(10);
            assertThat(StreamedRow.CONSTRUCTED.get()).as("rows mapped with 10 requested").isEqualTo(10L);
            reader.cancel();

            List<Integer> all = tortoise.of(StreamedRow.class).all().flux().limitRate(100).map(r -> r.n)
                    .collectList().block(TIMEOUT);
            assertThat(all).hasSize(ROWS);
            assertThat(all.stream().mapToLong(Integer::longValue).sum()).isEqualTo((long) ROWS * (ROWS + 1) / 2);
            ConnectionPool pool = (ConnectionPool) bean;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.getMetrics().orElseThrow().acquiredSize() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(pool.getMetrics().orElseThrow().acquiredSize()).as("connections held").isZero();
        }
    }

    /** A subscriber that asks for rows only when told to. */
    private static final class Requesting extends BaseSubscriber<StreamedRow> {
        final List<StreamedRow> received = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // nothing asked for until the test asks
        }

        @Override
        protected void hookOnNext(StreamedRow value) {
            received.add(value);
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error.set(throwable);
        }

        void await(int rows) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.size() < rows && error.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(error.get()).isNull();
            assertThat(received).hasSize(rows);
        }
    }
}
