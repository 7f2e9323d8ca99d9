package dev.tortoise.test.autoconfigure.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.RawSql;
import dev.tortoise.test.StatementRecorder;
import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.TestTransaction;
import dev.tortoise.test.autoconfigure.TortoiseTest;
import dev.tortoise.test.autoconfigure.TortoiseTestDatabase;
import dev.tortoise.test.autoconfigure.shop.models.Product;
import dev.tortoise.test.autoconfigure.shop.models.Purchase;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The slice on H2, PostgreSQL and MariaDB: what it starts, and statement recording and rollback inside it. */
@TortoiseTest
@Import(ShopService.class)
class TortoiseTestSliceTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    abstract static class Cases {
        @Autowired
        ApplicationContext context;
        @Autowired
        ModelManager models;
        @Autowired
        StatementRecorder statements;
        @Autowired
        TestTransaction transaction;
        @Autowired
        TestDatabase db;
        @Autowired
        ShopService shop;
        @Autowired
        TransactionalOperator operator;

        @Test
        void startsTheOrmWithoutTheWebLayer() {
            // This module's test class path has no spring-webflux: the slice needs none.
            assertThat(ClassUtils.isPresent("org.springframework.web.reactive.DispatcherHandler", null)).isFalse();
            assertThat(ClassUtils.isPresent("org.springframework.web.server.WebExceptionHandler", null)).isFalse();
            assertThat(context.getBeanDefinitionNames()).noneMatch(n -> n.toLowerCase().contains("webflux"));
            assertThat(context.getBeanProvider(ShopClock.class).getIfAvailable()).isNull();
            assertThat(context.getBean(Tortoise.class).connections().get("default").dialect().name())
                    .isEqualTo(db.kind().label());
            assertThat(context.getBean(R2dbcTransactionManager.class).getConnectionFactory())
                    .isSameAs(context.getBean(Tortoise.class).connections().get("default").factory());
            // Flyway created "product", schema generation created "purchase".
            String q = db.kind() == DatabaseKind.MARIADB ? "`" : "\"";
            assertThat(db.query("SELECT " + q + "version" + q + " FROM " + q + "flyway_schema_history" + q + " WHERE "
                    + q + "version" + q + " IS NOT NULL"))
                    .extracting(r -> r.get("version")).containsExactly("1");
            assertThat(db.countRows("product")).isZero();
            assertThat(db.countRows("purchase")).isZero();
        }

        @Test
        void recordsStatementsAndRollsBackEachTest() {
            assertThat(transaction.isActive()).isTrue();
            assertThat(statements).hasNoStatements();
            StepVerifier.create(statements.expectStatements(2, () -> shop.buyNew("widget", 3)))
                    .assertNext(p -> assertThat(p.quantity).isEqualTo(3))
                    .expectComplete().verify(TIMEOUT);
            assertThat(statements).hasStatementCount(2);
            assertThat(statements).statement(1).hasBindings(statements.statements().get(1).bindings().get(0), 3);
            StepVerifier.create(models.of(Purchase.class).filter("product__name", "widget").count())
                    .expectNext(1L).expectComplete().verify(TIMEOUT);
            // Another connection sees nothing: the test's transaction is not committed.
            assertThat(db.countRows("product")).isZero();
            assertThat(RawSql.countRows(context.getBean(Tortoise.class).connections().get("default").factory(),
                    "product")).isEqualTo(1);
        }

        @Test
        void transactionalMethodsAndOperatorsJoinTheTestsTransactionAsSavepoints() {
            StepVerifier.create(shop.buyNew("kept-in-test", 1)).expectNextCount(1).expectComplete().verify(TIMEOUT);
            StepVerifier.create(shop.buyNewThenFail("refused")).expectErrorMessage("payment refused").verify(TIMEOUT);
            StepVerifier.create(models.atomic(() -> models.of(Product.class).create("name", "atomic")
                            .then(models.atomic(() -> models.of(Product.class).create("name", "inner")
                                    .then(Mono.error(new IllegalStateException("inner")))))
                            .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                            .as(operator::transactional))
                    .expectComplete().verify(TIMEOUT);
            StepVerifier.create(models.of(Product.class).all().orderBy("name").valuesList(true, "name"))
                    .expectNext("atomic", "kept-in-test").expectComplete().verify(TIMEOUT);
            assertThat(db.countRows("product")).isZero();
        }

        @Test
        void theRowsOfTheOtherTestsAreGone() {
            StepVerifier.create(models.of(Product.class).all().count()).expectNext(0L).expectComplete().verify(TIMEOUT);
            assertThat(db.countRows("product")).isZero();
            assertThat(db.countRows("purchase")).isZero();
        }
    }

    @Nested
    @TortoiseTestDatabase(DatabaseKind.H2)
    @DisplayName("[h2]")
    class OnH2 extends Cases {
    }

    @Nested
    @TortoiseTestDatabase(DatabaseKind.POSTGRES)
    @DisplayName("[postgres]")
    class OnPostgres extends Cases {
    }

    @Nested
    @TortoiseTestDatabase(DatabaseKind.MARIADB)
    @DisplayName("[mariadb]")
    class OnMariaDb extends Cases {
    }

    static String[] names(String... n) {
        return Arrays.copyOf(n, n.length);
    }
}
