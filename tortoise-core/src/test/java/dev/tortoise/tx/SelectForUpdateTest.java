package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.OperationalError;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class SelectForUpdateTest {

    private static final String SELECT = "SELECT \"account\".\"id\",\"account\".\"name\",\"account\".\"balance\" "
            + "FROM \"account\" WHERE \"account\".\"name\"=$1";

    @DatabaseTest
    void theLockClauseIsRenderedAsTheDatabaseSupportsIt(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            assertThat(m.filter("name", "a").selectForUpdate().sql().text()).isEqualTo(ExpectedSql.on(db, SELECT + " FOR UPDATE"));
            assertThat(m.filter("name", "a").selectForUpdate(true, false).sql().text())
                    .isEqualTo(ExpectedSql.on(db, SELECT + " FOR UPDATE NOWAIT"));
            assertThat(m.filter("name", "a").selectForUpdate(false, true).sql().text())
                    .isEqualTo(ExpectedSql.on(db, SELECT + " FOR UPDATE SKIP LOCKED"));
            // H2 and MariaDB have no FOR UPDATE OF tables: the OF part is dropped there (it locks the rows read anyway).
            assertThat(m.filter("name", "a").selectForUpdate(false, false, "account").sql().text())
                    .isEqualTo(ExpectedSql.on(db, SELECT + ((db == DatabaseKind.POSTGRES) ? " FOR UPDATE OF \"account\"" : " FOR UPDATE")));
            assertThat(m.filter("name", "a").selectForUpdate().sql().bindings()).containsExactly("a");
        }
    }

    /** Starts a transaction that locks the row named {@code name} and holds the lock until {@code release} fires. */
    private static Disposable holdLock(Env env, String name, Sinks.Empty<Void> release) {
        CompletableFuture<Void> locked = new CompletableFuture<>();
        Disposable d = env.tortoise().inTransaction(tx -> env.of(Account.class).filter("name", name)
                        .selectForUpdate().toList()
                        .doOnNext(l -> locked.complete(null))
                        .then(release.asMono()))
                .subscribe(null, locked::completeExceptionally);
        try {
            locked.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the lock was not taken", e);
        }
        return d;
    }

    @DatabaseTest
    void nowaitFailsAtOnceOnARowLockedByAnotherTransaction(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.bulkCreate(List.of(new Account("a", 1), new Account("b", 2))).block(Env.TIMEOUT);
            Sinks.Empty<Void> release = Sinks.empty();
            holdLock(env, "a", release);
            StepVerifier.create(env.tortoise().inTransaction(tx -> m.filter("name", "a")
                                    .selectForUpdate(true, false).toList())
                            .subscribeOn(Schedulers.boundedElastic()))
                    .expectError(OperationalError.class)
                    .verify(Duration.ofSeconds(5));
            // An unlocked row is still available with NOWAIT.
            StepVerifier.create(env.tortoise().inTransaction(tx -> m.filter("name", "b")
                                    .selectForUpdate(true, false).toList().map(List::size))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .expectNext(1)
                    .expectComplete().verify(Env.TIMEOUT);
            release.tryEmitEmpty();
        }
    }

    @DatabaseTest
    void skipLockedSkipsRowsLockedByAnotherTransaction(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.bulkCreate(List.of(new Account("a", 1), new Account("b", 2), new Account("c", 3))).block(Env.TIMEOUT);
            Sinks.Empty<Void> release = Sinks.empty();
            holdLock(env, "a", release);
            StepVerifier.create(env.tortoise().inTransaction(tx -> m.all().orderBy("name")
                                    .selectForUpdate(false, true).flux().map(a -> a.name))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .expectNext("b", "c")
                    .expectComplete().verify(Env.TIMEOUT);
            release.tryEmitEmpty();
        }
    }

    @DatabaseTest
    void aPlainLockWaitsForTheOtherTransactionAndSeesItsWrite(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            Sinks.Empty<Void> release = Sinks.empty();
            CompletableFuture<Void> locked = new CompletableFuture<>();
            Mono<Object> first = env.tortoise().inTransaction(tx -> m.filter("name", "a").selectForUpdate().get()
                    .doOnNext(a -> locked.complete(null))
                    .flatMap(a -> {
                        a.balance = 100;
                        return a.save();
                    })
                    .then(release.asMono())).then(Mono.empty());
            CompletableFuture<Object> firstDone = first.toFuture();
            locked.join();
            CompletableFuture<Integer> second = env.tortoise().inTransaction(tx -> m.filter("name", "a")
                            .selectForUpdate().get().map(a -> a.balance))
                    .subscribeOn(Schedulers.boundedElastic()).singleOrEmpty().toFuture();
            Mono.delay(Duration.ofMillis(400)).block();
            assertThat(second).as("blocked by the first transaction's lock").isNotDone();
            release.tryEmitEmpty();
            assertThat(second.join()).isEqualTo(100);
            // The first block's completion may arrive just after its COMMIT has let the second one through.
            assertThat(firstDone).succeedsWithin(Env.TIMEOUT);
        }
    }
}
