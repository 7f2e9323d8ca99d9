package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.autoconfigure.fixture.models.Author;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import reactor.test.StepVerifier;

/**
 * The pool Spring Boot makes from {@code spring.r2dbc.url} is built over {@link Tortoise#forPool}: on
 * r2dbc-mariadb over the factory that calls the driver's {@code create()} once per connection (each connection a
 * driver lock of its own), under the application's own decorators; over H2's and PostgreSQL's factories as Boot
 * made them.
 */
class TortoiseR2dbcPoolConfigurationTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PER_CONNECTION = "dev.tortoise.internal.execution.CreatePerConnectionFactory";
    private static final String BOOT_WRAPPER = "org.springframework.boot.r2dbc.OptionsCapableConnectionFactory";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, TortoiseAutoConfiguration.class))
            .withUserConfiguration(ModelPackage.class);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackages = TortoiseAutoConfigurationTests.MODELS)
    static class ModelPackage {
    }

    @DatabaseTest
    void springR2dbcPoolIsBuiltOverForPool(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withPropertyValues("spring.r2dbc.url=" + db.url(), "tortoise.generate-schemas=true").run(ctx -> {
                ConnectionFactory bean = ctx.getBean(ConnectionFactory.class);
                Tortoise t = ctx.getBean(Tortoise.class);
                assertThat(t.connections().get("default").factory()).isSameAs(bean);
                assertThat(bean).isInstanceOf(ConnectionPool.class);
                ConnectionFactory underPool = ((ConnectionPool) bean).unwrap();
                if (kind == DatabaseKind.MARIADB) {
                    assertThat(underPool.getClass().getName()).isEqualTo(PER_CONNECTION);
                    assertThat(underPool.getMetadata().getName()).isEqualTo("MariaDB");
                    assertThat(unwrapped(underPool).getClass().getName()).isEqualTo(BOOT_WRAPPER);
                } else {
                    assertThat(underPool.getClass().getName()).isEqualTo(BOOT_WRAPPER);
                }
                StepVerifier.create(t.of(Author.class).create("name", "Le Guin")
                                .then(t.of(Author.class).all().count()))
                        .expectNext(1L).expectComplete().verify(TIMEOUT);
            });
        }
    }

    // Boot applies its decorators in order, each around the one before: ours, first, wraps the driver's factory,
    // and an application's decorator (r2dbc-proxy, observation) wraps ours.
    @DatabaseTest(DatabaseKind.MARIADB)
    void anApplicationsDecoratorWrapsTheFactoryForPool(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withBean("appDecorator", ConnectionFactoryDecorator.class, () -> Decorator::new)
                    .withPropertyValues("spring.r2dbc.url=" + db.url(), "tortoise.generate-schemas=true").run(ctx -> {
                        ConnectionFactory underPool = ((ConnectionPool) ctx.getBean(ConnectionFactory.class)).unwrap();
                        assertThat(underPool).isInstanceOf(Decorator.class);
                        ConnectionFactory decorated = ((Decorator) underPool).unwrap();
                        assertThat(decorated.getClass().getName()).isEqualTo(PER_CONNECTION);
                        assertThat(unwrapped(decorated).getClass().getName()).isEqualTo(BOOT_WRAPPER);
                        Tortoise t = ctx.getBean(Tortoise.class);
                        StepVerifier.create(t.of(Author.class).create("name", "Le Guin")
                                        .then(t.of(Author.class).all().count()))
                                .expectNext(1L).expectComplete().verify(TIMEOUT);
                    });
        }
    }

    @Test
    void theDecoratorIsThereOnlyWithR2dbcMariaDb() {
        runner.run(ctx -> assertThat(ctx)
                .hasSingleBean(TortoiseR2dbcPoolConfiguration.MariaDbPoolDecorator.class));
        runner.withClassLoader(new FilteredClassLoader("org.mariadb.r2dbc")).run(ctx -> assertThat(ctx)
                .hasNotFailed().doesNotHaveBean(TortoiseR2dbcPoolConfiguration.MariaDbPoolDecorator.class));
        runner.withClassLoader(new FilteredClassLoader(ConnectionFactoryDecorator.class)).run(ctx -> assertThat(ctx)
                .hasNotFailed().doesNotHaveBean(TortoiseR2dbcPoolConfiguration.MariaDbPoolDecorator.class));
    }

    private static Object unwrapped(ConnectionFactory cf) {
        return ((Wrapped<?>) cf).unwrap();
    }

    /** An application's decorator, as r2dbc-proxy's: keeps the metadata, unwraps to its factory. */
    record Decorator(ConnectionFactory delegate) implements ConnectionFactory, Wrapped<ConnectionFactory> {
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
