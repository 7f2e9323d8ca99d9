package dev.tortoise.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.query.Manager;
import dev.tortoise.test.models.Item;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class RollbackExtensionTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DatabaseTest
    void rolledBackTestsLeaveNoRowsAndReleaseTheirConnections(TestDatabase db) {
        Fixture.db = db;
        Fixtures.runAndExpectSuccess(Fixture.class, 5);

        // Checked from a connection of its own, after every fixture test ended: only the row committed in
        // @BeforeAll is there.
        assertThat(db.query(StandardSql.on(db, "SELECT \"name\" FROM \"item\" ORDER BY \"name\""))).extracting(r -> r.get("name"))
                .containsExactly("kept");
        assertThat(Fixture.acquiredAfterEachTest).containsOnly(0);
        assertThat(Fixture.acquiredAfterEachTest).hasSize(5);
    }

    @DatabaseTest
    void aConnectionFromAnEndedTestTransactionRefusesWork(TestDatabase db) {
        TestTransaction tx = new TestTransaction();
        ConnectionFactory factory = tx.wrap("default", db.connectionFactory());
        tx.begin("the first test");
        Connection c = Mono.from(factory.create()).block(TIMEOUT);
        StepVerifier.create(Flux.from(c.createStatement("SELECT 1").execute()).flatMap(r -> r.map((row, md) -> 1)))
                .expectNext(1).expectComplete().verify(TIMEOUT);
        tx.rollback();
        assertThat(tx.isActive()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.createStatement("SELECT 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The test transaction of the first test has ended; a connection from it cannot be used "
                        + "any more");
        StepVerifier.create(c.beginTransaction())
                .expectErrorMessage("The test transaction of the first test has ended; a connection from it cannot "
                        + "be used any more")
                .verify(TIMEOUT);
        // Outside a test, the factory hands out the delegate's own connections.
        Connection plain = Mono.from(factory.create()).block(TIMEOUT);
        assertThat(plain).isNotInstanceOf(TestConnection.class);
        Mono.from(plain.close()).block(TIMEOUT);
    }

    @DatabaseTest
    void aBareStatementThatFailsAbortsTheTestTransactionOnPostgresAndTheErrorSaysWhatToDo(TestDatabase db) {
        TestTransaction tx = new TestTransaction();
        Tortoise orm = Tortoise.init(TortoiseConfig.builder().connection("default", db.url()).models(Item.class)
                .connectionFactoryDecorator(tx.decorator()).build());
        try {
            orm.generateSchemas(false).block(TIMEOUT);
            Manager<Item> items = orm.of(Item.class);
            items.create("name", "a").block(TIMEOUT);
            tx.begin("the test");
            StepVerifier.create(items.create("name", "a")).expectError(IntegrityError.class).verify(TIMEOUT);
            if (db.isPostgres()) {
                StepVerifier.create(items.all().count())
                        .expectErrorSatisfies(e -> assertThat(causes(e)).flatExtracting(t -> List.of(t.getSuppressed()))
                                .extracting(Throwable::getMessage)
                                .containsExactly("A statement failed earlier in this test, outside any transaction "
                                        + "block, and PostgreSQL aborted the test's transaction (it holds every "
                                        + "statement of a rolled-back test). Run a statement that is expected to fail "
                                        + "inside atomic(...) or inTransaction(...): its failure then rolls back to a "
                                        + "savepoint and the test carries on."))
                        .verify(TIMEOUT);
            } else {
                // H2 and MariaDB keep the transaction usable after a failed statement.
                StepVerifier.create(items.all().count()).expectNext(1L).expectComplete().verify(TIMEOUT);
            }
        } finally {
            tx.rollback();
            orm.close().block(TIMEOUT);
        }
        assertThat(db.countRows("item")).isEqualTo(1);
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Tests run inside rolled-back transactions; the outer test checks what they left. */
    @FixtureOnly
    static class Fixture {
        static TestDatabase db;
        static final List<Integer> acquiredAfterEachTest = new java.util.concurrent.CopyOnWriteArrayList<>();

        @RegisterExtension
        static final RollbackExtension rollback = new RollbackExtension();
        static final StatementRecorder recorder = new StatementRecorder();
        static Tortoise orm;
        static Manager<Item> items;

        @BeforeAll
        static void start() {
            acquiredAfterEachTest.clear();
            orm = Tortoise.init(TortoiseConfig.builder().connection("default", db.url()).models(Item.class)
                    .connectionFactoryDecorator(rollback.decorator())
                    .connectionFactoryDecorator(recorder.decorator())
                    .build());
            orm.generateSchemas(false).block(TIMEOUT);
            items = orm.of(Item.class);
            items.create("name", "kept").block(TIMEOUT);
        }

        @AfterAll
        static void stop() {
            orm.close().block(TIMEOUT);
        }

        /** The pool's lent connections, read by the next test (after this one's rollback released them). */
        @org.junit.jupiter.api.BeforeEach
        void recordWhatThePreviousTestLeft() {
            // A test's transaction opens its connection lazily, so nothing is lent yet at this point.
            acquiredAfterEachTest.add(pool().getMetrics().orElseThrow().acquiredSize());
        }

        static ConnectionPool pool() {
            return (ConnectionPool) orm.connections().get("default").pool();
        }

        static List<Object> names(ConnectionFactory factory) {
            return RawSql.query(factory, StandardSql.on(db, "SELECT \"name\" FROM \"item\" ORDER BY \"name\"")).stream()
                    .map(r -> r.get("name")).toList();
        }

        static ConnectionFactory runtimeFactory() {
            return orm.connections().get("default").factory();
        }

        @Test
        void writesAreVisibleInTheTestAndToNoOtherConnection() {
            StepVerifier.create(items.create("name", "a").then(items.create("name", "b")).then(items.all().count()))
                    .expectNext(3L).expectComplete().verify(TIMEOUT);
            assertThat(names(runtimeFactory())).containsExactly("a", "b", "kept");
            assertThat(db.countRows("item")).isEqualTo(1);
            assertThat(recorder.sql()).isNotEmpty();
        }

        @Test
        void atomicBlocksInsideTheTestAreSavepoints() {
            StepVerifier.create(orm.atomic(() -> items.create("name", "committed")))
                    .expectNextCount(1).expectComplete().verify(TIMEOUT);
            StepVerifier.create(orm.atomic(() -> items.create("name", "undone").then(Mono.error(new IllegalStateException("boom")))))
                    .expectErrorMessage("boom").verify(TIMEOUT);
            // Nested: the inner block's failure rolls back to its savepoint; the outer block commits the rest.
            StepVerifier.create(orm.inTransaction(tx -> items.create("name", "outer")
                            .then(orm.atomic(() -> items.create("name", "inner").then(Mono.error(new IllegalStateException("inner boom"))))
                                    .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                            .then(items.all().count())).singleOrEmpty())
                    .expectNext(3L).expectComplete().verify(TIMEOUT);
            // A statement that fails in the database, inside a block, leaves the test's transaction usable.
            StepVerifier.create(orm.atomic(() -> items.create("name", "kept")))
                    .expectError(IntegrityError.class).verify(TIMEOUT);
            assertThat(names(runtimeFactory())).containsExactly("committed", "kept", "outer");
            assertThat(db.countRows("item")).isEqualTo(1);
        }

        @Test
        void springTransactionsInsideTheTestJoinIt() {
            TransactionalOperator operator = TransactionalOperator.create(new R2dbcTransactionManager(runtimeFactory()));
            StepVerifier.create(items.create("name", "spring").as(operator::transactional))
                    .expectNextCount(1).expectComplete().verify(TIMEOUT);
            StepVerifier.create(items.create("name", "spring-undone").then(Mono.error(new IllegalStateException("boom")))
                            .as(operator::transactional))
                    .expectErrorMessage("boom").verify(TIMEOUT);
            // The ORM's block inside Spring's transaction is a savepoint of it.
            StepVerifier.create(orm.atomic(() -> items.create("name", "orm-in-spring")
                            .then(orm.atomic(() -> items.create("name", "x").then(Mono.error(new IllegalStateException("x"))))
                                    .onErrorResume(IllegalStateException.class, e -> Mono.empty())))
                            .as(operator::transactional))
                    .expectComplete().verify(TIMEOUT);
            assertThat(names(runtimeFactory())).containsExactly("kept", "orm-in-spring", "spring");
            assertThat(db.countRows("item")).isEqualTo(1);
        }

        @Test
        void codeSubscribedOnOtherThreadsRunsInTheTestsTransaction() {
            StepVerifier.create(Mono.delay(Duration.ofMillis(10)).then(items.create("name", "later"))
                            .then(items.create("name", "elastic").subscribeOn(Schedulers.boundedElastic()))
                            .then(Flux.merge(items.create("name", "m1"), items.create("name", "m2")).then())
                            .then(items.all().count()))
                    .expectNext(5L).expectComplete().verify(TIMEOUT);
            assertThat(db.countRows("item")).isEqualTo(1);
        }

        @Test
        void theRowsOfOtherTestsAreGone() {
            StepVerifier.create(items.all().valuesList(true, "name"))
                    .expectNext("kept").expectComplete().verify(TIMEOUT);
        }
    }
}
