package dev.tortoise.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.tx.Account;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** ORM calls inside Spring's reactive transactions (TransactionalOperator over R2dbcTransactionManager), without Spring Boot. */
class SpringTransactionTest {

    private static ConnectionFactory factory(Env env) {
        return env.tortoise().connections().get("default").factory();
    }

    private static TransactionalOperator operator(Env env) {
        return TransactionalOperator.create(new R2dbcTransactionManager(factory(env)));
    }

    private static List<Object> names(Env env) {
        return env.query("SELECT \"name\" FROM \"account\" ORDER BY \"name\"").stream().map(r -> r.get("name"))
                .toList();
    }

    private static int acquired(Env env) {
        return ((ConnectionPool) factory(env)).getMetrics().orElseThrow().acquiredSize();
    }

    @DatabaseTest
    void ormCallsJoinTheSpringTransaction(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            Mono<Long> outside = Mono.fromCallable(() -> env.countRows("account"))
                    .subscribeOn(Schedulers.boundedElastic());
            StepVerifier.create(operator(env).transactional(m.create("name", "a")
                            .then(m.create("name", "b"))
                            .then(Mono.zip(m.count(), outside))))
                    .assertNext(t -> {
                        assertThat(t.getT1()).as("both ORM writes seen on the transaction's connection").isEqualTo(2L);
                        assertThat(t.getT2()).as("not yet committed").isZero();
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "b");
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void aSpringRollbackUndoesTheOrmWrites(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            StepVerifier.create(operator(env).transactional(m.create("name", "a")
                            .then(Mono.error(new IllegalStateException("spring rolls back")))))
                    .expectErrorMessage("spring rolls back")
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
            StepVerifier.create(operator(env).execute(status -> m.create("name", "b")
                            .doOnNext(x -> status.setRollbackOnly())).then())
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void ormBlocksInsideASpringTransactionAreSavepoints(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            var t = env.tortoise();
            AtomicReference<Integer> depth = new AtomicReference<>();
            Mono<Object> failingInner = t.inTransaction(tx -> {
                depth.set(tx.depth());
                return m.create("name", "inner").then(Mono.error(new IllegalStateException("inner")));
            }).singleOrEmpty();
            StepVerifier.create(operator(env).transactional(m.create("name", "a")
                            .then(failingInner.onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                            .then(t.inTransaction(tx -> m.create("name", "committed-savepoint")).then())
                            .then(m.count())))
                    .expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(depth.get()).as("a savepoint inside Spring's transaction").isEqualTo(1);
            assertThat(names(env)).containsExactly("a", "committed-savepoint");

            // The ORM block's release of its savepoint commits nothing by itself: Spring's rollback undoes it.
            StepVerifier.create(operator(env).transactional(t.inTransaction(tx -> m.create("name", "x")).then()
                            .then(Mono.error(new IllegalStateException("outer")))))
                    .expectErrorMessage("outer")
                    .verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "committed-savepoint");
            assertThat(acquired(env)).isZero();
        }
    }

    /** A service whose method runs in a Spring-managed transaction by annotation. */
    public static class AccountService {
        private final Manager<Account> accounts;
        private final dev.tortoise.Tortoise orm;

        public AccountService(Manager<Account> accounts, dev.tortoise.Tortoise orm) {
            this.accounts = accounts;
            this.orm = orm;
        }

        @org.springframework.transaction.annotation.Transactional
        public Mono<Long> openTwo(boolean fail) {
            return accounts.create("name", "t1")
                    .then(orm.inTransaction(tx -> accounts.create("name", "t2")).then())
                    .then(fail ? Mono.error(new IllegalStateException("annotated rollback")) : accounts.count());
        }
    }

    @org.springframework.context.annotation.Configuration
    @org.springframework.transaction.annotation.EnableTransactionManagement
    static class Config {
        static Env env;

        @org.springframework.context.annotation.Bean
        R2dbcTransactionManager transactionManager() {
            return new R2dbcTransactionManager(factory(env));
        }

        @org.springframework.context.annotation.Bean
        AccountService accountService() {
            return new AccountService(env.of(Account.class), env.tortoise());
        }
    }

    @DatabaseTest
    void transactionalAnnotatedMethodsShareTheirTransactionWithTheOrm(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Config.env = env;
            try (var ctx = new org.springframework.context.annotation.AnnotationConfigApplicationContext(
                    Config.class)) {
                AccountService service = ctx.getBean(AccountService.class);
                StepVerifier.create(service.openTwo(true))
                        .expectErrorMessage("annotated rollback")
                        .verify(Env.TIMEOUT);
                assertThat(env.countRows("account")).isZero();
                StepVerifier.create(service.openTwo(false))
                        .expectNext(2L)
                        .expectComplete().verify(Env.TIMEOUT);
                assertThat(names(env)).containsExactly("t1", "t2");
            } finally {
                Config.env = null;
            }
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void withoutASpringTransactionOrmBlocksBeginTheirOwn(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            AtomicReference<Integer> depth = new AtomicReference<>();
            StepVerifier.create(env.tortoise().inTransaction(tx -> {
                        depth.set(tx.depth());
                        return m.create("name", "own").then();
                    }))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(depth.get()).isZero();
            assertThat(names(env)).containsExactly("own");
        }
    }
}
