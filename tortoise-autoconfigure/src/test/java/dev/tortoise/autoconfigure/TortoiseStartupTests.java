package dev.tortoise.autoconfigure;

import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import dev.tortoise.autoconfigure.fixture.models.Author;
import dev.tortoise.autoconfigure.fixture.notes.Note;
import dev.tortoise.exception.OperationalError;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Start-up work the Boot way: Spring Boot's Flyway auto-configuration on the Tortoise connection, schema generation
 * as a database initializer after it, pool metrics, and a lifecycle that test-context pausing leaves alone.
 */
class TortoiseStartupTests {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class, FlywayAutoConfiguration.class))
            .withPropertyValues("tortoise.modules.notes=dev.tortoise.autoconfigure.fixture.notes",
                    "tortoise.modules.library=" + TortoiseAutoConfigurationTests.MODELS);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackages = TortoiseAutoConfigurationTests.MODELS)
    static class ModelPackage {
    }

    /** Records Flyway's callback events and whether the ORM's tables existed when migrations finished. */
    static final class Recorder implements Callback {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_MIGRATE || event == Event.AFTER_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            try (var rs = context.getConnection().getMetaData().getTables(null, null, "%", null)) {
                boolean authorTable = false;
                while (rs.next()) {
                    authorTable |= rs.getString("TABLE_NAME").equalsIgnoreCase("ac_author");
                }
                events.add(event.getId() + (authorTable ? " with ac_author" : " without ac_author"));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getCallbackName() {
            return "recorder";
        }
    }

    @DatabaseTest
    void vendorInLocationsIsExpandedAndCallbacksRunBeforeSchemaGeneration(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            Recorder recorder = new Recorder();
            runner.withBean(Callback.class, () -> recorder)
                    .withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.generate-schemas=true",
                            "spring.flyway.locations=classpath:flyway-vendor/{vendor}")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        ModelManager models = ctx.getBean(ModelManager.class);
                        StepVerifier.create(models.of(Note.class).get("id", 1).map(n -> n.title))
                                .expectNext("from the " + (db.isPostgres() ? "postgresql" : db.kind().label()) + " folder")
                                .expectComplete().verify(TIMEOUT);
                        // migrations ran before schema generation created the models' tables
                        assertThat(recorder.events).containsExactly("beforeMigrate without ac_author",
                                "afterMigrate without ac_author");
                        StepVerifier.create(models.of(Author.class).create("name", "Le Guin").then(
                                        models.of(Author.class).all().count()))
                                .expectNext(1L).expectComplete().verify(TIMEOUT);
                    });
        }
    }

    @DatabaseTest
    void aFlywayMigrationStrategyDecidesWhatHappens(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            List<String> calls = new CopyOnWriteArrayList<>();
            FlywayMigrationStrategy strategy = flyway -> calls.add("pending " + flyway.info().pending().length);
            runner.withBean(FlywayMigrationStrategy.class, () -> strategy)
                    .withPropertyValues("tortoise.db-url=" + db.url(),
                            "spring.flyway.locations=classpath:flyway-test")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(calls).containsExactly("pending 1");
                        // the strategy did not migrate: the table is not there
                        StepVerifier.create(ctx.getBean(ModelManager.class).of(Note.class).all().count())
                                .expectError(OperationalError.class).verify(TIMEOUT);
                    });
        }
    }

    @Test
    void theSchemaInitializerIsReplaceable() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .withUserConfiguration(ModelPackage.class, OwnInitializer.class)
                .withPropertyValues("tortoise.generate-schemas=true")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(TortoiseSchemaInitializer.class);
                    assertThat(OwnInitializer.CALLS).containsExactly("mine");
                    StepVerifier.create(ctx.getBean(ModelManager.class).of(Author.class).all().count())
                            .expectError(OperationalError.class).verify(TIMEOUT);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInitializer {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();

        @org.springframework.context.annotation.Bean
        TortoiseSchemaInitializer mySchemaInitializer(Tortoise tortoise) {
            return new TortoiseSchemaInitializer(tortoise) {
                @Override
                public void afterPropertiesSet() {
                    CALLS.add("mine");
                }
            };
        }
    }

    @Test
    void noSchemaInitializerUnlessAskedFor() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .withUserConfiguration(ModelPackage.class)
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(Tortoise.class)
                        .doesNotHaveBean(TortoiseSchemaInitializer.class));
    }

    /** Spring Framework 7 pauses cached test contexts; stopping the lifecycle would close the runtime. */
    @Test
    void theLifecycleIsNotPauseable() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .withUserConfiguration(ModelPackage.class)
                .withPropertyValues("tortoise.generate-schemas=true")
                .run(ctx -> {
                    TortoiseLifecycle lifecycle = ctx.getBean(TortoiseLifecycle.class);
                    assertThat(lifecycle.isPauseable()).isFalse();
                    ctx.getSourceApplicationContext().pause();
                    assertThat(lifecycle.isRunning()).isTrue();
                    StepVerifier.create(ctx.getBean(ModelManager.class).of(Author.class).all().count())
                            .expectNext(0L).expectComplete().verify(TIMEOUT);
                });
    }

    @DatabaseTest
    void poolGaugesExistAndMove(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class,
                            MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                            SimpleMetricsExportAutoConfiguration.class))
                    .withUserConfiguration(ModelPackage.class)
                    .withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.pool.max-size=4",
                            "tortoise.pool.initial-size=1")
                    .run(ctx -> {
                        MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                        ConnectionPool pool = (ConnectionPool) ctx.getBean(Tortoise.class).connections()
                                .get("default").pool();
                        assertThat(gauge(registry, "max.allocated")).isEqualTo(4.0);
                        assertThat(gauge(registry, "acquired")).isEqualTo(0.0);
                        assertThat(gauge(registry, "pending")).isEqualTo(0.0);
                        assertThat(registry.find("r2dbc.pool.max.pending").tag("name", "default").gauge())
                                .isNotNull();
                        Connection held = Mono.from(pool.create()).block(TIMEOUT);
                        assertThat(gauge(registry, "acquired")).isEqualTo(1.0);
                        assertThat(gauge(registry, "allocated")).isGreaterThanOrEqualTo(1.0);
                        Mono.from(held.close()).block(TIMEOUT);
                        assertThat(gauge(registry, "acquired")).isEqualTo(0.0);
                        assertThat(gauge(registry, "idle")).isGreaterThanOrEqualTo(1.0);
                    });
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get("r2dbc.pool." + name).tag("name", "default").gauge().value();
    }
}
