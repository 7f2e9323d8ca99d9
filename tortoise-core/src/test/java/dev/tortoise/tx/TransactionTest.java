package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.TransactionManagementError;
import dev.tortoise.query.Manager;
import dev.tortoise.query.QuerySet;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class TransactionTest {

    private static Manager<Account> accounts(Env env) {
        return env.of(Account.class);
    }

    private static List<String> names(Env env) {
        return env.query("SELECT \"name\" FROM \"account\" ORDER BY \"name\"").stream()
                .map(r -> (String) r.get("name")).toList();
    }

    private static int acquired(Env env) {
        ConnectionPool pool = (ConnectionPool) env.tortoise().connections().get("default").factory();
        return pool.getMetrics().orElseThrow().acquiredSize();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @DatabaseTest
    void completedBlockCommitsEverything(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts(env).create("name", "a")
                            .then(accounts(env).create("name", "b")).then(accounts(env).count())))
                    .expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "b");
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void errorSignalRollsBackAndPropagates(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts(env).create("name", "a")
                            .then(Mono.error(new IllegalStateException("boom")))))
                    .expectErrorMatches(e -> e instanceof IllegalStateException && e.getMessage().equals("boom"))
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void exceptionThrownByTheBodyRollsBack(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            StepVerifier.create(env.tortoise().inTransaction(tx -> {
                        throw new IllegalArgumentException("thrown");
                    }))
                    .expectErrorMatches(e -> e instanceof IllegalArgumentException && e.getMessage().equals("thrown"))
                    .verify(Env.TIMEOUT);
            assertThat(acquired(env)).isZero();
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts(env).create("name", "inside")
                            .then(Mono.fromRunnable(() -> {
                                throw new IllegalArgumentException("thrown later");
                            }))))
                    .expectErrorMessage("thrown later")
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void querysetBuiltOutsideJoinsTheTransactionItIsSubscribedIn(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            QuerySet<Account> all = accounts(env).all();
            Mono<Long> outside = Mono.fromCallable(() -> env.countRows("account"))
                    .subscribeOn(Schedulers.boundedElastic());
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts(env).create("name", "a")
                            .then(Mono.zip(all.count(), outside))))
                    .assertNext(t -> {
                        assertThat(t.getT1()).as("seen inside the transaction").isEqualTo(1L);
                        assertThat(t.getT2()).as("seen by another connection before commit").isZero();
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void handledFailureOfANestedBlockRollsBackOnlyItsWork(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            Mono<Object> inner = t.inTransaction(tx2 -> accounts(env).create("name", "inner")
                    .then(Mono.error(new IllegalStateException("inner failed")))).singleOrEmpty();
            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "outer-1")
                            .then(inner.onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                            .then(accounts(env).create("name", "outer-2"))
                            .then(Mono.just(tx.depth()))))
                    .expectNext(0)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("outer-1", "outer-2");
        }
    }

    @DatabaseTest
    void threeLevelsOfNestingAreSavepoints(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            Mono<Integer> level3 = t.inTransaction(tx3 -> accounts(env).create("name", "level-3")
                    .then(Mono.<Integer>error(new IllegalStateException("level 3 failed")))).singleOrEmpty();
            Mono<Integer> level2 = t.inTransaction(tx2 -> accounts(env).create("name", "level-2")
                    .then(level3.onErrorResume(IllegalStateException.class, e -> Mono.just(-1)))
                    .flatMap(r -> accounts(env).create("name", "level-2b").thenReturn(tx2.depth() * 10 + r))).singleOrEmpty();
            AtomicReference<Integer> depthSeen = new AtomicReference<>();
            StepVerifier.create(t.inTransaction(tx1 -> accounts(env).create("name", "level-1")
                            .then(t.inTransaction(tx -> {
                                depthSeen.set(tx.depth());
                                return accounts(env).create("name", "level-2-sibling");
                            }).then())
                            .then(level2)))
                    .expectNext(9)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(depthSeen.get()).isEqualTo(1);
            assertThat(names(env)).containsExactly("level-1", "level-2", "level-2-sibling", "level-2b");
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void failedNestedBlockInsideFailedOuterBlockRollsBackEverything(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            StepVerifier.create(t.inTransaction(tx1 -> accounts(env).create("name", "level-1")
                            .then(t.inTransaction(tx2 -> accounts(env).create("name", "level-2")).then())
                            .then(Mono.error(new IllegalStateException("outer failed")))))
                    .expectErrorMessage("outer failed")
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
        }
    }

    @DatabaseTest
    void cancelRollsBackAndReturnsTheConnectionClean(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            AtomicReference<Boolean> created = new AtomicReference<>(false);
            Disposable d = env.tortoise().inTransaction(tx -> accounts(env).create("name", "cancelled")
                            .doOnSuccess(a -> created.set(true))
                            .then(Mono.never()))
                    .subscribe();
            await("the row is inserted inside the transaction", created::get);
            assertThat(acquired(env)).isEqualTo(1);
            d.dispose();
            await("the connection is back in the pool", () -> acquired(env) == 0);
            // Poll: the rollback runs after the cancel; the row must never become visible.
            for (int i = 0; i < 10; i++) {
                assertThat(env.countRows("account")).isZero();
            }
            // No lock is left on the unique key: the same name inserts at once, outside any transaction.
            StepVerifier.create(accounts(env).create("name", "cancelled").map(a -> a.name))
                    .expectNext("cancelled")
                    .expectComplete().verify(Duration.ofSeconds(5));
            // The pooled connection carries no open transaction: a row written through it commits.
            assertThat(names(env)).containsExactly("cancelled");
        }
    }

    @DatabaseTest
    void cancelDuringAStatementAlsoRollsBack(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts(env).create("name", "a")
                            .then(Mono.delay(Duration.ofSeconds(5))).then(accounts(env).create("name", "b")))
                            .timeout(Duration.ofMillis(500)))
                    .expectError(java.util.concurrent.TimeoutException.class)
                    .verify(Env.TIMEOUT);
            await("the connection is back in the pool", () -> acquired(env) == 0);
            assertThat(env.countRows("account")).isZero();
        }
    }

    @DatabaseTest
    void cancellingANestedBlockRollsBackOnlyItsSavepoint(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            Mono<Void> stuck = t.inTransaction(tx -> accounts(env).create("name", "inner")
                    .then(Mono.never())).then();
            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "a")
                            .then(stuck.timeout(Duration.ofMillis(300))
                                    .onErrorResume(java.util.concurrent.TimeoutException.class, e -> Mono.empty()))
                            .then(t.inTransaction(tx2 -> accounts(env).create("name", "b")).then())
                            .then(accounts(env).count())))
                    .expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "b");
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void explicitRollbackAndCommitEndTheBlockOnce(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "rolled-back")
                            .then(tx.rollback()).then(Mono.fromCallable(tx::isFinished))))
                    .expectNext(true)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();

            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "committed")
                            .then(tx.commit()).then(tx.rollback())))
                    .expectErrorMatches(e -> e instanceof TransactionManagementError
                            && e.getMessage().equals("Transaction already finalised"))
                    .verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("committed");

            StepVerifier.create(t.inTransaction(tx -> tx.rollback().then(tx.commit())))
                    .expectErrorMessage("Transaction already finalised")
                    .verify(Env.TIMEOUT);

            StepVerifier.create(t.inTransaction(tx -> tx.commit().then(accounts(env).count())))
                    .expectError(TransactionManagementError.class)
                    .verify(Env.TIMEOUT);
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void explicitRollbackOfANestedBlockUndoesOnlyItsSavepoint(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "a")
                            .then(t.inTransaction(tx2 -> accounts(env).create("name", "b").then(tx2.rollback())).then())
                            .then(t.inTransaction(tx2 -> accounts(env).create("name", "c").then(tx2.commit())
                                    .then(tx2.commit())).then().onErrorResume(TransactionManagementError.class,
                                    e -> Mono.empty()))
                            .then(accounts(env).create("name", "d"))
                            .then(accounts(env).count())))
                    .expectNext(3L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "c", "d");
        }
    }

    @DatabaseTest
    void afterADatabaseErrorTheBlockRefusesFurtherQueries(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            AtomicReference<Throwable> duplicate = new AtomicReference<>();
            AtomicReference<Throwable> next = new AtomicReference<>();
            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "a")
                            .then(accounts(env).create("name", "a"))
                            .onErrorResume(e -> {
                                duplicate.set(e);
                                return Mono.empty();
                            })
                            .then(accounts(env).count())
                            .onErrorResume(e -> {
                                next.set(e);
                                return Mono.just(-1L);
                            })))
                    .expectNext(-1L)
                    .expectErrorMatches(e -> e instanceof TransactionManagementError
                            && e.getMessage().contains("failed earlier"))
                    .verify(Env.TIMEOUT);
            assertThat(duplicate.get()).isInstanceOf(IntegrityError.class);
            assertThat(next.get()).isInstanceOf(TransactionManagementError.class)
                    .hasMessageContaining("An error occurred in the current transaction");
            assertThat(env.countRows("account")).isZero();
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void aDatabaseErrorInsideANestedBlockLeavesTheOuterBlockUsable(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            StepVerifier.create(t.inTransaction(tx -> accounts(env).create("name", "a")
                            .then(t.inTransaction(tx2 -> accounts(env).create("name", "a")).then()
                                    .onErrorResume(IntegrityError.class, e -> Mono.empty()))
                            .then(accounts(env).create("name", "b"))
                            .then(accounts(env).count())))
                    .expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "b");
        }
    }

    @DatabaseTest
    void severalConnectionsNeedAConnectionName(DatabaseKind db) {
        String second = (db == DatabaseKind.POSTGRES) ? DatabaseKind.POSTGRES.serverUrl()
                : "r2dbc:h2:mem:///second" + System.nanoTime() + "?options=DB_CLOSE_DELAY=-1";
        try (Env env = Env.start(db, b -> b.connection("second", second).models(Account.class))) {
            StepVerifier.create(env.tortoise().inTransaction(tx -> Mono.just(1)))
                    .expectErrorMatches(e -> e instanceof ParamsError && e.getMessage().equals(
                            "You are running with multiple databases, so you should specify connection_name: "
                                    + "[default, second]"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().atomic(() -> Mono.just(1)))
                    .expectError(ParamsError.class)
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().inTransaction("default", tx -> accounts(env).create("name", "x")
                            .thenReturn(tx.connectionName())))
                    .expectNext("default")
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("x");
        }
    }

    @DatabaseTest
    void concurrentSubscribersShareOneTransactionConnectionSafely(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            StepVerifier.create(env.tortoise().inTransaction(tx -> Flux.range(0, 40)
                            .flatMap(i -> accounts(env).create("name", "n" + i, "balance", i), 40)
                            .then(Mono.zip(accounts(env).count(), accounts(env).filter("balance__gte", 20).count(),
                                    accounts(env).all().toList().map(List::size)))))
                    .assertNext(t -> {
                        assertThat(t.getT1()).isEqualTo(40L);
                        assertThat(t.getT2()).isEqualTo(20L);
                        assertThat(t.getT3()).isEqualTo(40);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(40);
        }
    }

    @DatabaseTest
    void siblingNestedBlocksOpenAtTheSameTimeAreRefused(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            Mono<Void> slow = t.inTransaction(tx -> accounts(env).create("name", "slow")
                    .then(Mono.delay(Duration.ofMillis(200)))).then();
            Mono<Void> fast = t.inTransaction(tx -> accounts(env).create("name", "fast")).then();
            StepVerifier.create(t.inTransaction(tx -> Mono.when(slow, fast)))
                    .expectErrorMatches(e -> e instanceof TransactionManagementError
                            && e.getMessage().startsWith("Nested transaction blocks on one connection must run one "
                            + "after the other"))
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
            // One after the other is fine.
            StepVerifier.create(t.inTransaction(tx -> slow.then(fast).then(accounts(env).count())))
                    .expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(acquired(env)).isZero();
        }
    }

    @DatabaseTest
    void streamingAQueryAndSavingEachRowInsideATransactionDoesNotDeadlock(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Flux.range(0, 300).concatMap(i -> accounts(env).create("name", "n" + i)).then().block(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts(env).all().flux()
                            .concatMap(a -> {
                                a.balance = 7;
                                return a.save();
                            }).then(accounts(env).filter("balance", 7).count())))
                    .expectNext(300L)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void atomicWrappersCommitOrRollBack(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var t = env.tortoise();
            StepVerifier.create(t.atomic(() -> accounts(env).create("name", "a").map(a -> a.name)))
                    .expectNext("a")
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(t.atomic(() -> accounts(env).create("name", "b")
                            .then(Mono.<String>error(new IllegalStateException("no")))))
                    .expectErrorMessage("no")
                    .verify(Env.TIMEOUT);
            StepVerifier.create(t.atomicMany(() -> Flux.just("c", "d").concatMap(n -> accounts(env).create("name", n))
                            .map(a -> a.name)))
                    .expectNext("c", "d")
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(names(env)).containsExactly("a", "c", "d");
            assertThat(acquired(env)).isZero();
        }
    }
}
