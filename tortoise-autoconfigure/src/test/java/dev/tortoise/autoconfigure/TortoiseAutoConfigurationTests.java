package dev.tortoise.autoconfigure;

import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.autoconfigure.fixture.models.Author;
import dev.tortoise.autoconfigure.fixture.models.Book;
import dev.tortoise.autoconfigure.fixture.notes.Note;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.execution.StatementListener;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;

@ExtendWith(OutputCaptureExtension.class)
class TortoiseAutoConfigurationTests {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String MODELS = "dev.tortoise.autoconfigure.fixture.models";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
            .withUserConfiguration(ModelPackage.class);

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackages = MODELS)
    static class ModelPackage {
    }

    private static void roundTrip(ModelManager models) {
        Manager<Author> authors = models.of(Author.class);
        Author a = authors.create("name", "Le Guin").block(TIMEOUT);
        StepVerifier.create(authors.filter("name__icontains", "guin").count())
                .expectNext(1L).expectComplete().verify(TIMEOUT);
        assertThat(a.id).isNotNull();
    }

    // ------------------------------------------------------------------ property forms

    @Test
    void embeddedH2WhenNothingIsConfigured(CapturedOutput output) {
        runner.withPropertyValues("tortoise.generate-schemas=true").run(ctx -> {
            assertThat(ctx).hasSingleBean(ModelManager.class).hasSingleBean(Tortoise.class)
                    .hasSingleBean(ConnectionFactory.class).hasSingleBean(R2dbcTransactionManager.class)
                    .hasSingleBean(TransactionalOperator.class).hasSingleBean(TortoiseLifecycle.class);
            Tortoise t = ctx.getBean(Tortoise.class);
            assertThat(t.connections().get("default").dialect().name()).isEqualTo("h2");
            assertThat(t.config().apps().get("models").packages()).containsExactly(MODELS);
            assertThat(ctx.getBean(ConnectionFactory.class)).isSameAs(t.connections().get("default").factory());
            roundTrip(t);
        });
        assertThat(output).contains("using an embedded in-memory H2 database");
    }

    @DatabaseTest
    void dbUrlWithModules(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class, FlywayAutoConfiguration.class))
                    .withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.modules.library=" + MODELS,
                            "tortoise.generate-schemas=true")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.config().apps()).containsOnlyKeys("library");
                        assertThat(t.connections().get("default").dialect().name())
                                .isEqualTo(db.kind().label());
                        roundTrip(t);
                    });
        }
    }

    @DatabaseTest
    void configConnectionsWithEngineAndCredentials(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            List<String> props = db.isPostgres()
                    ? List.of("tortoise.config.connections.main.engine=tortoise.backends.asyncpg",
                    "tortoise.config.connections.main.credentials.host=" + db.host(),
                    "tortoise.config.connections.main.credentials.port=" + db.port(),
                    "tortoise.config.connections.main.credentials.user=" + db.user(),
                    "tortoise.config.connections.main.credentials.database=" + db.database(),
                    "tortoise.config.connections.main.credentials.schema=" + db.schema())
                    : db.kind() == DatabaseKind.MARIADB
                    ? List.of("tortoise.config.connections.main.engine=tortoise.backends.mysql",
                    "tortoise.config.connections.main.credentials.host=" + db.host(),
                    "tortoise.config.connections.main.credentials.port=" + db.port(),
                    "tortoise.config.connections.main.credentials.user=" + db.user(),
                    "tortoise.config.connections.main.credentials.database=" + db.database())
                    : List.of("tortoise.config.connections.main.engine=h2",
                    "tortoise.config.connections.main.credentials.database=" + db.database());
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                    .withPropertyValues(props.toArray(String[]::new))
                    .withPropertyValues("tortoise.config.connections.main.pool.max-size=3",
                            "tortoise.config.connections.main.pool.acquire-timeout=5s",
                            "tortoise.config.apps.library.models=" + MODELS,
                            "tortoise.config.apps.library.default-connection=main",
                            "tortoise.config.use-tz=true", "tortoise.config.timezone=Europe/Paris",
                            "tortoise.generate-schemas=true")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.connections()).containsOnlyKeys("main");
                        assertThat(t.config().useTz()).isTrue();
                        assertThat(t.config().timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
                        assertThat(t.config().apps().get("library").defaultConnection()).isEqualTo("main");
                        assertThat(t.connections().get("main").dialect().name())
                                .isEqualTo(db.kind().label());
                        ConnectionPool pool = (ConnectionPool) t.connections().get("main").factory();
                        assertThat(pool.getMetrics().orElseThrow().getMaxAllocatedSize()).isEqualTo(3);
                        roundTrip(t);
                    });
        }
    }

    @Test
    void poolDefaultsApplyToTheDbUrl() {
        runner.withPropertyValues("tortoise.db-url=sqlite://:memory:", "tortoise.pool.max-size=4")
                .run(ctx -> {
                    ConnectionPool pool = (ConnectionPool) ctx.getBean(Tortoise.class).connections().get("default")
                            .factory();
                    assertThat(pool.getMetrics().orElseThrow().getMaxAllocatedSize()).isEqualTo(4);
                });
    }

    @Test
    void statementCacheSizePropertyReachesEveryConnection() {
        runner.withPropertyValues("tortoise.db-url=sqlite://:memory:", "tortoise.statement-cache-size=7")
                .run(ctx -> {
                    Tortoise t = ctx.getBean(Tortoise.class);
                    assertThat(t.config().statementCacheSize()).isEqualTo(7);
                    assertThat(renderer(t).cacheSize()).isEqualTo(7);
                });
        runner.withPropertyValues("tortoise.db-url=sqlite://:memory:", "tortoise.statement-cache-size=0")
                .run(ctx -> assertThat(renderer(ctx.getBean(Tortoise.class))
                        .cacheSize()).isZero());
        runner.withPropertyValues("tortoise.db-url=sqlite://:memory:")
                .run(ctx -> assertThat(renderer(ctx.getBean(Tortoise.class))
                        .cacheSize()).isEqualTo(1024));
    }

    @DatabaseTest
    void statementTimeoutPropertyCancelsLongStatements(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                    .withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.modules.library=" + MODELS,
                            "tortoise.generate-schemas=true", "tortoise.statement-timeout=300ms")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.config().statementTimeout()).isEqualTo(java.time.Duration.ofMillis(300));
                        t.of(Author.class).create("name", "A").block(java.time.Duration.ofSeconds(30));
                        dev.tortoise.expression.RawSQL slow = db.isPostgres()
                                ? dev.tortoise.expression.RawSQL.of("SELECT 1 FROM pg_sleep(30)").as(Long.class)
                                : db.kind() == DatabaseKind.MARIADB
                                ? dev.tortoise.expression.RawSQL.of("SELECT 1 + SLEEP(30) * 0").as(Long.class)
                                : dev.tortoise.expression.RawSQL.of("SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) a, "
                                        + "SYSTEM_RANGE(1, 100000) b").as(Long.class);
                        reactor.test.StepVerifier.create(t.of(Author.class).all().annotate("v", slow)
                                        .valuesList(true, "v").flux())
                                .expectErrorSatisfies(e -> assertThat(e)
                                        .isInstanceOf(dev.tortoise.exception.QueryTimeoutError.class)
                                        .hasMessage("canceling statement due to statement timeout (300 ms)"))
                                .verify(java.time.Duration.ofSeconds(10));
                        assertThat(t.of(Author.class).all().count().block(java.time.Duration.ofSeconds(10)))
                                .isEqualTo(1);
                    });
        }
    }

    @DatabaseTest
    void configConnectionByUrl(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withPropertyValues("tortoise.config.connections.primary.url=" + db.url(),
                            "tortoise.generate-schemas=true")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.connections()).containsOnlyKeys("primary");
                        assertThat(t.config().apps().get("models").packages()).containsExactly(MODELS);
                        roundTrip(t);
                    });
        }
    }

    @DatabaseTest
    void configFileInJson(DatabaseKind kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = kind.fresh()) {
            Path file = dir.resolve("tortoise.json");
            Files.writeString(file, "{\"connections\": {\"default\": \"" + db.url() + "\"},"
                    + " \"apps\": {\"library\": {\"models\": [\"" + MODELS + "\"], \"default_connection\": \"default\"}},"
                    + " \"use_tz\": true, \"timezone\": \"Asia/Tokyo\"}");
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                    .withPropertyValues("tortoise.config-file=file:" + file, "tortoise.generate-schemas=true")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.config().apps()).containsOnlyKeys("library");
                        assertThat(t.config().timezone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
                        roundTrip(t);
                    });
        }
    }

    @DatabaseTest
    void configFileInYamlUnderTortoiseKey(DatabaseKind kind, @TempDir Path dir) throws Exception {
        try (TestDatabase db = kind.fresh()) {
            Path file = dir.resolve("tortoise.yml");
            Files.writeString(file, "tortoise:\n  connections:\n    default: \"" + db.url() + "\"\n  apps:\n"
                    + "    models:\n      models:\n        - " + MODELS + "\n");
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                    .withPropertyValues("tortoise.config-file=file:" + file, "tortoise.generate-schemas=true")
                    .run(ctx -> roundTrip(ctx.getBean(Tortoise.class)));
        }
    }

    // ------------------------------------------------------------------ Spring's ConnectionFactory

    @DatabaseTest
    void applicationConnectionFactoryBecomesTheDefaultConnection(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            ConnectionFactory own = ConnectionFactories.get(db.url());
            runner.withBean("appConnectionFactory", ConnectionFactory.class, () -> own)
                    .withPropertyValues("tortoise.generate-schemas=true")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.connections().get("default").factory()).isSameAs(own);
                        assertThat(ctx).hasSingleBean(ConnectionFactory.class);
                        assertThat(((R2dbcTransactionManager) ctx.getBean(ReactiveTransactionManager.class))
                                .getConnectionFactory()).isSameAs(own);
                        roundTrip(t);
                    });
        }
    }

    @DatabaseTest
    void springR2dbcUrlIsReused(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class))
                    .withPropertyValues("spring.r2dbc.url=" + db.url(), "tortoise.generate-schemas=true")
                    .run(ctx -> {
                        Tortoise t = ctx.getBean(Tortoise.class);
                        assertThat(t.connections().get("default").factory())
                                .isSameAs(ctx.getBean(ConnectionFactory.class));
                        roundTrip(t);
                    });
        }
    }

    @Test
    void tortoiseConnectionWinsOverAnApplicationConnectionFactory() {
        ConnectionFactory own = ConnectionFactories.get("r2dbc:h2:mem:///other?options=DB_CLOSE_DELAY=-1");
        runner.withBean("appConnectionFactory", ConnectionFactory.class, () -> own)
                .withPropertyValues("tortoise.db-url=sqlite://:memory:", "tortoise.generate-schemas=true")
                .run(ctx -> {
                    Tortoise t = ctx.getBean(Tortoise.class);
                    assertThat(t.connections().get("default").factory()).isNotSameAs(own);
                    assertThat(ctx.getBean(ConnectionFactory.class)).isSameAs(own);
                    assertThat(((R2dbcTransactionManager) ctx.getBean(ReactiveTransactionManager.class))
                            .getConnectionFactory()).isSameAs(t.connections().get("default").factory());
                    roundTrip(t);
                });
    }

    @DatabaseTest
    void springTransactionsAndOrmCallsShareOneTransaction(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.generate-schemas=true").run(ctx -> {
                ModelManager models = ctx.getBean(ModelManager.class);
                TransactionalOperator tx = ctx.getBean(TransactionalOperator.class);
                StepVerifier.create(tx.transactional(models.of(Author.class).create("name", "Committed")))
                        .expectNextCount(1).expectComplete().verify(TIMEOUT);
                StepVerifier.create(tx.transactional(models.of(Author.class).create("name", "Rolled back")
                                .then(reactor.core.publisher.Mono.error(new IllegalStateException("boom")))))
                        .expectError(IllegalStateException.class).verify(TIMEOUT);
                StepVerifier.create(models.of(Author.class).all().flux().map(a -> a.name).collectList())
                        .expectNext(List.of("Committed")).expectComplete().verify(TIMEOUT);
            });
        }
    }

    // ------------------------------------------------------------------ back-off

    @Test
    void backsOffFromAUserModelManager() {
        ModelManager mine = org.mockito.Mockito.mock(ModelManager.class);
        runner.withBean(ModelManager.class, () -> mine).run(ctx -> {
            assertThat(ctx).hasSingleBean(ModelManager.class).doesNotHaveBean(Tortoise.class)
                    .doesNotHaveBean(TortoiseLifecycle.class).doesNotHaveBean(R2dbcTransactionManager.class);
            assertThat(ctx.getBean(ModelManager.class)).isSameAs(mine);
        });
    }

    @Test
    void usesAUserTortoiseConfig() {
        TortoiseConfig config = TortoiseConfig.builder().connection("custom", "sqlite://:memory:")
                .models(Author.class, Book.class).build();
        runner.withBean(TortoiseConfig.class, () -> config).run(ctx ->
                assertThat(ctx.getBean(Tortoise.class).connections()).containsOnlyKeys("custom"));
    }

    @Test
    void backsOffFromUserTransactionBeans() {
        ReactiveTransactionManager tm = org.mockito.Mockito.mock(ReactiveTransactionManager.class);
        TransactionalOperator op = org.mockito.Mockito.mock(TransactionalOperator.class);
        runner.withBean(ReactiveTransactionManager.class, () -> tm)
                .withBean(TransactionalOperator.class, () -> op)
                .run(ctx -> {
                    assertThat(ctx.getBean(ReactiveTransactionManager.class)).isSameAs(tm);
                    assertThat(ctx.getBean(TransactionalOperator.class)).isSameAs(op);
                });
    }

    @Test
    void backsOffFromFlywayWhenItIsNotOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader("org.flywaydb"))
                .run(ctx -> assertThat(ctx).hasSingleBean(Tortoise.class)
                        .doesNotHaveBean(TortoiseFlywayConnectionDetails.class));
    }

    @Test
    void backsOffFromMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(Tortoise.class)
                        .doesNotHaveBean("tortoiseMetricsConfigCustomizer"));
    }

    @Test
    void backsOffFromHealthWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(Tortoise.class)
                        .doesNotHaveBean("tortoiseHealthContributor"));
    }

    @Test
    void backsOffFromJacksonWithoutJackson() {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson.databind.json"))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TortoiseJacksonModule.class));
    }

    @Test
    void usesAUserLifecycleAndJacksonModule() {
        runner.withBean(TortoiseJacksonModule.class, () -> new TortoiseJacksonModule(() -> null))
                .run(ctx -> assertThat(ctx).hasSingleBean(TortoiseJacksonModule.class));
    }

    @Test
    void noEmbeddedDatabaseWithoutH2() {
        runner.withClassLoader(new FilteredClassLoader(io.r2dbc.h2.H2ConnectionFactory.class))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .rootCause().isInstanceOf(ConfigurationError.class)
                        .hasMessageContaining("No database configured"));
    }

    @Test
    void exceptionHandlersOnlyWhenAskedForInAReactiveWebApplication() {
        new org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .withUserConfiguration(ModelPackage.class)
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TortoiseExceptionHandler.class));
        new org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .withUserConfiguration(ModelPackage.class)
                .withPropertyValues("tortoise.add-exception-handlers=true")
                .run(ctx -> assertThat(ctx).hasSingleBean(TortoiseExceptionHandler.class));
        runner.withPropertyValues("tortoise.add-exception-handlers=true")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TortoiseExceptionHandler.class));
    }

    @Test
    void keepAliveReadGuardOnReactorNettyUnlessSwitchedOff() {
        var web = new org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .withUserConfiguration(ModelPackage.class);
        web.run(ctx -> assertThat(ctx.getBean("tortoiseKeepAliveReadGuard")).isInstanceOf(KeepAliveReadGuard.class));
        web.withPropertyValues("tortoise.web.resume-kept-alive-reads=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean("tortoiseKeepAliveReadGuard"));
        web.withClassLoader(new FilteredClassLoader("reactor.netty"))
                .run(ctx -> assertThat(ctx).doesNotHaveBean("tortoiseKeepAliveReadGuard"));
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean("tortoiseKeepAliveReadGuard"));
    }

    // ------------------------------------------------------------------ customizers

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        TortoiseConfigCustomizer second() {
            return b -> CALLS.add("second");
        }

        @Bean
        @Order(1)
        TortoiseConfigCustomizer first() {
            return b -> {
                CALLS.add("first");
                b.statementListener(e -> CALLS.add("statement:" + e.operation()));
            };
        }
    }

    @Test
    void customizersAreAppliedInOrder() {
        Customizers.CALLS.clear();
        runner.withUserConfiguration(Customizers.class).withPropertyValues("tortoise.generate-schemas=true")
                .run(ctx -> {
                    assertThat(Customizers.CALLS).startsWith("first", "second");
                    roundTrip(ctx.getBean(ModelManager.class));
                    assertThat(Customizers.CALLS).contains("statement:insert");
                });
    }

    // ------------------------------------------------------------------ start-up work

    @DatabaseTest
    void generateSchemasCreatesTablesOnlyWhenAskedTo(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            ApplicationContextRunner r = runner.withPropertyValues("tortoise.db-url=" + db.url());
            r.run(ctx -> StepVerifier.create(ctx.getBean(ModelManager.class).of(Author.class).all().count())
                    .expectError(OperationalError.class).verify(TIMEOUT));
            r.withPropertyValues("tortoise.generate-schemas=true").run(ctx -> roundTrip(ctx.getBean(ModelManager.class)));
            // safe mode: a second start over existing tables works and keeps the rows
            r.withPropertyValues("tortoise.generate-schemas=true").run(ctx ->
                    StepVerifier.create(ctx.getBean(ModelManager.class).of(Author.class).all().count())
                            .expectNext(1L).expectComplete().verify(TIMEOUT));
        }
    }

    @DatabaseTest
    void flywayMigratesBeforeSchemaGeneration(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class, FlywayAutoConfiguration.class))
                    .withPropertyValues("tortoise.db-url=" + db.url(),
                            "tortoise.modules.notes=dev.tortoise.autoconfigure.fixture.notes",
                            "tortoise.modules.library=" + MODELS,
                            // MariaDB's copy of the migration quotes with backticks
                            "tortoise.generate-schemas=true", "spring.flyway.locations=classpath:"
                                    + (kind == DatabaseKind.MARIADB ? "flyway-test-mariadb" : "flyway-test"))
                    .run(ctx -> {
                        // Flyway's V1 creates ac_note; had schema generation run first, V1 would fail on the table
                        assertThat(ctx).hasNotFailed().hasSingleBean(TortoiseFlywayConnectionDetails.class)
                                .hasSingleBean(Flyway.class).hasSingleBean(TortoiseSchemaInitializer.class);
                        assertThat(ctx.getBean(Flyway.class).info().applied()).hasSize(1);
                        ModelManager models = ctx.getBean(ModelManager.class);
                        StepVerifier.create(models.of(Note.class).get("id", 1))
                                .assertNext(n -> assertThat(n.title).isEqualTo("from flyway"))
                                .expectComplete().verify(TIMEOUT);
                        roundTrip(models);
                    });
        }
    }

    @Test
    void springFlywayUrlOverridesTheDerivedOne() {
        runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class)).withPropertyValues("tortoise.db-url=sqlite://:memory:",
                        "tortoise.modules.notes=dev.tortoise.autoconfigure.fixture.notes",
                        "tortoise.generate-schemas=true", "spring.flyway.locations=classpath:flyway-test",
                        "spring.flyway.url=jdbc:h2:mem:elsewhere_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                        "spring.flyway.user=sa")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(TortoiseFlywayConnectionDetails.class);
                    assertThat(ctx.getBean(Flyway.class).info().applied()).hasSize(1);
                    // the migration ran on the other database; the ORM's table was created empty by generate-schemas
                    StepVerifier.create(ctx.getBean(ModelManager.class).of(Note.class).all().count())
                            .expectNext(0L).expectComplete().verify(TIMEOUT);
                });
    }

    @Test
    void jacksonModuleReachesSpringBootsJsonMapper() {
        runner.withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class))
                .withPropertyValues("tortoise.generate-schemas=true")
                .run(ctx -> {
                    Author a = ctx.getBean(ModelManager.class).of(Author.class).create("name", "Le Guin")
                            .block(TIMEOUT);
                    String json = ctx.getBean(tools.jackson.databind.json.JsonMapper.class).writeValueAsString(a);
                    assertThat(json).isEqualTo("{\"id\":" + a.id + ",\"name\":\"Le Guin\"}");
                });
    }

    @Test
    void flywayCanBeDisabled() {
        runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withPropertyValues("spring.flyway.enabled=false", "spring.flyway.locations=classpath:flyway-test")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(TortoiseFlywayConnectionDetails.class)
                        .doesNotHaveBean(Flyway.class));
    }

    @DatabaseTest
    void shutdownClosesTheRuntimeAndItsPools(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            Tortoise[] seen = new Tortoise[1];
            runner.withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.generate-schemas=true").run(ctx -> {
                seen[0] = ctx.getBean(Tortoise.class);
                roundTrip(seen[0]);
                assertThat(ctx.getBean(TortoiseLifecycle.class).isRunning()).isTrue();
            });
            assertThatThrownBy(() -> seen[0].of(Author.class)).isInstanceOf(OperationalError.class)
                    .hasMessageContaining("closed");
            assertThat(((ConnectionPool) seen[0].connections().get("default").factory()).isDisposed()).isTrue();
        }
    }

    /** The web server starts and stops at DEFAULT_PHASE - 2048 (graceful shutdown at - 1024). */
    @Test
    void lifecycleStopsAfterTheWebServer() {
        assertThat(TortoiseAutoConfiguration.LIFECYCLE_PHASE)
                .isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    // ------------------------------------------------------------------ observability

    @DatabaseTest
    void statementsAreTimed(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .withPropertyValues("tortoise.db-url=" + db.url(), "tortoise.generate-schemas=true")
                    .run(ctx -> {
                        roundTrip(ctx.getBean(ModelManager.class));
                        MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                        Timer insert = registry.find("tortoise.statements").tag("operation", "insert")
                                .tag("model", "Author").tag("connection", "default").timer();
                        assertThat(insert).isNotNull();
                        assertThat(insert.count()).isEqualTo(1);
                    });
        }
    }

    @DatabaseTest
    void healthIndicatorPerConnection(DatabaseKind kind) {
        try (TestDatabase db = kind.fresh()) {
            runner.withPropertyValues("tortoise.config.connections.one.url=" + db.url(),
                            "tortoise.config.connections.two.url=sqlite://:memory:",
                            "tortoise.config.apps.models.models=" + MODELS,
                            "tortoise.config.apps.models.default-connection=one")
                    .run(ctx -> {
                        CompositeReactiveHealthContributor health = ctx.getBean("tortoiseHealthContributor",
                                CompositeReactiveHealthContributor.class);
                        for (String name : List.of("one", "two")) {
                            StepVerifier.create(((ReactiveHealthIndicator) health.getContributor(name)).health())
                                    .assertNext(h -> assertThat(h.getStatus()).isEqualTo(Status.UP))
                                    .expectComplete().verify(TIMEOUT);
                        }
                    });
        }
    }

    // ------------------------------------------------------------------ failures

    @Test
    void unknownSchemeFailsWithAnActionableAnalysis() {
        runner.withPropertyValues("tortoise.db-url=mssql://sa@localhost/db").run(ctx -> {
            assertThat(ctx).hasFailed();
            ConfigurationError error = findCause(ctx.getStartupFailure(), ConfigurationError.class);
            FailureAnalysis analysis = new TortoiseFailureAnalyzers.UnknownEngine().analyze(ctx.getStartupFailure());
            assertThat(error.getMessage()).contains("Unknown DB scheme");
            assertThat(analysis.getAction()).contains("tortoise.db-url");
        });
    }

    @Test
    void unknownEngineFailsWithAnActionableAnalysis() {
        runner.withPropertyValues("tortoise.config.connections.x.engine=tortoise.backends.mssql").run(ctx -> {
            assertThat(ctx).hasFailed();
            FailureAnalysis analysis = new TortoiseFailureAnalyzers.UnknownEngine().analyze(ctx.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Unknown DB engine");
            assertThat(analysis.getAction()).contains("engine postgres, mysql or h2");
        });
    }

    @Test
    void missingDriverAnalysisNamesTheArtifact() {
        ConfigurationError error = new ConfigurationError("No R2DBC driver for 'postgresql' is on the class path "
                + "(connection \"default\"); add org.postgresql:r2dbc-postgresql to the dependencies");
        FailureAnalysis analysis = new TortoiseFailureAnalyzers.MissingDriver()
                .analyze(new IllegalStateException("wrapped", error));
        assertThat(analysis.getDescription()).contains("org.postgresql:r2dbc-postgresql");
        assertThat(analysis.getAction()).contains("Add the R2DBC driver");
        assertThat(new TortoiseFailureAnalyzers.MissingDriver().analyze(new ConfigurationError("other"))).isNull();
    }

    @Test
    void packageWithoutModelsIsAStartupFailure() {
        runner.withPropertyValues("tortoise.modules.models=dev.tortoise.autoconfigure.fixture.empty").run(ctx -> {
            assertThat(ctx).hasFailed();
            NoModelsFoundException e = findCause(ctx.getStartupFailure(), NoModelsFoundException.class);
            assertThat(e.packages()).containsExactly("dev.tortoise.autoconfigure.fixture.empty");
            FailureAnalysis analysis = new TortoiseFailureAnalyzers.NoModels().analyze(ctx.getStartupFailure());
            assertThat(analysis.getAction()).contains("tortoise.modules.models");
        });
    }

    @Test
    void noPackageAtAllIsAStartupFailure() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class))
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = new TortoiseFailureAnalyzers.NoModels()
                            .analyze(ctx.getStartupFailure());
                    assertThat(analysis.getAction()).contains("@SpringBootApplication");
                });
    }

    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    @AutoConfigurationPackage(basePackages = MODELS)
    static class App {
    }

    @Test
    void springBootReportsTheAnalysisAtStartUp(CapturedOutput output) {
        assertThatThrownBy(() -> new org.springframework.boot.builder.SpringApplicationBuilder(App.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties("tortoise.db-url=mssql://sa@localhost/shop").run())
                .isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "Tortoise does not know the configured database",
                "Use a supported URL");
    }

    @Test
    void failureAnalyzersAreRegistered() throws Exception {
        String factories = new String(getClass().getResourceAsStream("/META-INF/spring.factories").readAllBytes());
        assertThat(factories).contains("TortoiseFailureAnalyzers$MissingDriver", "TortoiseFailureAnalyzers$UnknownEngine",
                "TortoiseFailureAnalyzers$NoModels");
    }

    static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t);
    }

    @SuppressWarnings("unused")
    private static final Class<?>[] UNUSED = {Model.class, StatementListener.class};

    /** The statement renderer of the default connection (an internal of the core, read by these tests only). */
    private static dev.tortoise.sql.render.SqlRenderer renderer(Tortoise t) {
        return t.connections().get("default").renderer();
    }
}
