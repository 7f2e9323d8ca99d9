package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.query.CreateResult;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class GetOrCreateTest {

    @DatabaseTest
    void getOrCreateFindsOrCreates(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            StepVerifier.create(m.getOrCreate(Map.of("balance", 5), Map.of("name", "a")))
                    .assertNext(r -> {
                        assertThat(r.created()).isTrue();
                        assertThat(r.instance().name).isEqualTo("a");
                        assertThat(r.instance().balance).isEqualTo(5);
                        assertThat(r.instance().id).isNotNull();
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.getOrCreate(Map.of("balance", 9), Map.of("name", "a")))
                    .assertNext(r -> {
                        assertThat(r.created()).isFalse();
                        assertThat(r.instance().balance).as("defaults do not touch a found row").isEqualTo(5);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.getOrCreate(Map.of("name", "b")).map(CreateResult::created))
                    .expectNext(true)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(2);
        }
    }

    @DatabaseTest
    void defaultsThatConflictWithTheLookupAreAParamsError(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            StepVerifier.create(env.of(Account.class).getOrCreate(Map.of("name", "x"), Map.of("name", "y")))
                    .expectErrorMatches(e -> e instanceof ParamsError
                            && e.getMessage().equals("Conflict value with key=name: x != y"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Account.class).updateOrCreate(Map.of("name", "x"), Map.of("name", "y")))
                    .expectError(ParamsError.class)
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Account.class).getOrCreate(Map.of("name", "same"), Map.of("name", "same"))
                            .map(CreateResult::created))
                    .expectNext(true)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).noneMatch(sql -> sql.contains(ExpectedSql.on(db, "\"y\"")));
        }
    }

    @DatabaseTest
    void fiftyConcurrentGetOrCreateCallsCreateExactlyOneRow(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            List<CreateResult<Account>> results = Flux.range(0, 50)
                    .flatMap(i -> m.getOrCreate(Map.of("balance", i), Map.of("name", "key"))
                            .subscribeOn(Schedulers.parallel()), 50)
                    .collectList().block(Env.TIMEOUT);
            assertThat(results).hasSize(50);
            assertThat(results.stream().filter(CreateResult::created)).hasSize(1);
            Integer id = results.get(0).instance().id;
            assertThat(results).allSatisfy(r -> {
                assertThat(r.instance().id).isEqualTo(id);
                assertThat(r.instance().name).isEqualTo("key");
            });
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    /** Makes the next create of a name lose a race: another connection commits the same name just before. */
    private static void loseTheNextRace(Env env, String name) {
        AtomicBoolean armed = new AtomicBoolean(true);
        env.tortoise().signals().preSave(Account.class, (cls, a, dbName, f) -> a.id == null && name.equals(a.name)
                && armed.compareAndSet(true, false)
                ? Mono.fromRunnable(() -> env.query("INSERT INTO \"account\" (\"name\", \"balance\") VALUES ('"
                        + name + "', 42)")).subscribeOn(Schedulers.boundedElastic())
                : null);
    }

    @DatabaseTest
    void aLostRaceReturnsTheWinnersRow(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            loseTheNextRace(env, "raced");
            StepVerifier.create(env.of(Account.class).getOrCreate(Map.of("balance", 1), Map.of("name", "raced")))
                    .assertNext(r -> {
                        assertThat(r.created()).isFalse();
                        assertThat(r.instance().balance).isEqualTo(42);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void aLostRaceInsideATransactionRollsBackOnlyASavepoint(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            loseTheNextRace(env, "raced");
            var result = StepVerifier.create(env.tortoise().inTransaction(tx -> m.create("name", "before")
                            .then(m.getOrCreate(Map.of("balance", 1), Map.of("name", "raced")))
                            .flatMap(r -> m.create("name", "after").thenReturn(r.created() + " " + r.instance().balance))));
            if (db == DatabaseKind.MARIADB) {
                // InnoDB's REPEATABLE READ: the transaction's snapshot, taken at its first read, never shows the
                // winner's row, so the clash stands and the whole transaction rolls back (docs/dialects.md)
                result.expectError(dev.tortoise.exception.IntegrityError.class).verify(Env.TIMEOUT);
                assertThat(env.query("SELECT \"name\" FROM \"account\" ORDER BY \"name\""))
                        .extracting(r -> r.get("name")).containsExactly("raced");
                return;
            }
            result.expectNext("false 42")
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.query("SELECT \"name\" FROM \"account\" ORDER BY \"name\""))
                    .extracting(r -> r.get("name")).containsExactly("after", "before", "raced");
        }
    }

    @DatabaseTest
    void updateOrCreateUpdatesTheLockedRowOrCreatesIt(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            StepVerifier.create(m.updateOrCreate(Map.of("balance", 1), Map.of("name", "u"))
                            .map(r -> r.created() + " " + r.instance().balance))
                    .expectNext("true 1")
                    .expectComplete().verify(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(m.updateOrCreate(Map.of("balance", 2), Map.of("name", "u"))
                            .map(r -> r.created() + " " + r.instance().balance))
                    .expectNext("false 2")
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql().get(0)).endsWith((db == DatabaseKind.POSTGRES) || true ? " FOR UPDATE" : "");
            assertThat(env.statements().sql().get(1)).startsWith(ExpectedSql.on(db, "UPDATE \"account\" SET \"balance\"="));
            assertThat(env.query("SELECT \"name\", \"balance\" FROM \"account\""))
                    .containsExactly(Map.of("name", "u", "balance", 2));
        }
    }

    @DatabaseTest
    void updateOrCreateThatLosesTheCreateRaceStillAppliesItsDefaults(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            loseTheNextRace(env, "raced");
            StepVerifier.create(env.of(Account.class).updateOrCreate(Map.of("balance", 7), Map.of("name", "raced"))
                            .map(r -> r.created() + " " + r.instance().balance))
                    .expectNext("false 7")
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.query("SELECT \"name\", \"balance\" FROM \"account\""))
                    .containsExactly(Map.of("name", "raced", "balance", 7));
        }
    }
}
