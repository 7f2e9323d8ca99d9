package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.IntegrityError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.OnDelete;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.tx.Account;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * A reviewer's probes of the hand-written write subscribers (delete by primary key, a queryset's
 * update/delete/toList, create from pairs) and the identity table of row mappers: pooled
 * connections counted back on every path, demand, races of cancel against completion, signals
 * and context reaching listeners, and mapper-slot collisions.
 */
class WriteSubscribersReviewTest {

    @Meta(table = "review_owner")
    public static class Owner extends Model {
        @CharField(maxLength = 20)
        public String name;
    }

    @Meta(table = "review_pet")
    public static class Pet extends Model {
        @CharField(maxLength = 20)
        public String name;
        @ForeignKeyField(onDelete = OnDelete.RESTRICT, relatedName = "pets")
        public ForeignKey<Owner> owner;
    }

    @SuppressWarnings("unchecked")
    private static Mono<Object> o(Mono<?> m) {
        return (Mono<Object>) m;
    }

    private static PoolMetrics metrics(Env env) {
        return ((ConnectionPool) env.tortoise().connections().get("default").pool()).getMetrics().orElseThrow();
    }

    /** Waits until no pooled connection is lent out, and fails when that takes over 10 s. */
    private static void assertPoolIdle(Env env, String when) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        PoolMetrics m = metrics(env);
        while (System.nanoTime() < deadline) {
            if (m.acquiredSize() == 0 && m.pendingAcquireSize() == 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError(when + ": pool acquired " + m.acquiredSize() + ", pending "
                + m.pendingAcquireSize());
    }

    /** Records every signal, even after its own cancel. */
    private static class Recording implements reactor.core.CoreSubscriber<Object> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final CountDownLatch terminated = new CountDownLatch(1);
        volatile Subscription s;

        @Override
        public void onSubscribe(Subscription s) {
            this.s = s;
            signals.add("subscribe");
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object v) {
            signals.add("next " + v);
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error " + t.getClass().getSimpleName());
            terminated.countDown();
        }

        @Override
        public void onComplete() {
            signals.add("complete");
            terminated.countDown();
        }
    }

    /** Errors from the database and from listeners, and cancels at each step: the pool gets every connection back. */
    @DatabaseTest
    void everyPathGivesItsConnectionBack(DatabaseKind db) throws Exception {
        List<TestPublisher<Object>> postPending = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Owner.class, Pet.class, Account.class).signals(s -> s
                .preDelete(Owner.class, (cls, o, dbName) -> {
                    events.add("pre " + o.name + " " + dbName);
                    if (o.name.equals("throws")) {
                        throw new IllegalStateException("pre listener");
                    }
                    return null;
                })
                .postDelete(Owner.class, (cls, o, dbName) -> {
                    events.add("post " + o.name);
                    if (o.name.startsWith("slow")) {
                        TestPublisher<Object> p = TestPublisher.createNoncompliant(
                                TestPublisher.Violation.DEFER_CANCELLATION);
                        postPending.add(p);
                        return p.flux();
                    }
                    return null;
                })))) {
            Manager<Owner> owners = env.of(Owner.class);
            Manager<Account> accounts = env.of(Account.class);
            Owner ann = owners.create("name", "ann").block(Env.TIMEOUT);
            env.of(Pet.class).create("name", "rex", "owner", ann).block(Env.TIMEOUT);
            accounts.create("name", "a").block(Env.TIMEOUT);
            accounts.create("name", "b").block(Env.TIMEOUT);
            for (int i = 0; i < 15; i++) {
                events.clear();
                // FK violation in a delete: the error, no post_delete, the row kept.
                StepVerifier.create(owners.delete(ann))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                        .verify(Env.TIMEOUT);
                assertThat(events).containsExactly("pre ann null");
                // Constraint violation in an update, a failing create and a listener throwing.
                StepVerifier.create(accounts.filter("name", "b").update("name", "a"))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.create("name", "a"))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                        .verify(Env.TIMEOUT);
                StepVerifier.create(owners.create(Map.of("name", "throws")).flatMap(owners::delete))
                        .expectErrorMessage("pre listener").verify(Env.TIMEOUT);
                StepVerifier.create(owners.filter("name", "throws").delete())
                        .expectNext(1L).expectComplete().verify(Env.TIMEOUT);
                // Cancel while post_delete runs: nothing after the cancel, even when the listener completes.
                Owner slow = owners.create("name", "slow" + i).block(Env.TIMEOUT);
                Recording r = new Recording();
                owners.delete(slow).subscribe(r);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (postPending.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(postPending).hasSize(1);
                r.s.cancel();
                postPending.remove(0).complete();
                assertThat(r.signals).containsExactly("subscribe");
                assertPoolIdle(env, "round " + i);
            }
            assertThat(env.countRows("review_owner")).isEqualTo(1);
            assertThat(env.countRows("review_pet")).isEqualTo(1);
            assertThat(env.countRows("account")).isEqualTo(2);
            assertPoolIdle(env, "end");
        }
    }

    /** Demand given late, in pieces, or not strictly positive: the value still comes once, after the request. */
    @DatabaseTest
    void demandGivenLateStillGetsTheOneValue(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            accounts.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 1).block(Env.TIMEOUT);
            List<Mono<Object>> monos = List.of(o(accounts.all().update("balance", 2)), o(accounts.all().orderBy("name")
                    .toList().map(l -> l.size())), o(accounts.create("name", "c").map(c -> c.name)),
                    o(accounts.filter("name", "c").delete()));
            List<Object> expected = List.of(2L, 2, "c", 1L);
            for (int i = 0; i < monos.size(); i++) {
                // Completed upstream before any request: held until the request, then the one value.
                StepVerifier.create(monos.get(i), 0)
                        .expectSubscription()
                        .thenAwait(Duration.ofMillis(100))
                        .expectNoEvent(Duration.ofMillis(50))
                        .thenRequest(1)
                        .expectNext(expected.get(i))
                        .thenRequest(5)
                        .expectComplete()
                        .verify(Env.TIMEOUT);
            }
            // request(0) and request(-1) are reported and dropped, as Reactor's own operators do (and the
            // chains these replaced did): no error signal, and a valid request afterwards still gets the value.
            List<Mono<Object>> bad = List.of(o(accounts.all().update("balance", 3)), o(accounts.all().toList()
                    .map(List::size)), o(accounts.filter("balance", 99).delete()),
                    o(Mono.just(7).then(accounts.all().update("balance", 3))));
            List<Object> badExpected = List.of(2L, 2, 0L, 2L);
            for (int i = 0; i < bad.size(); i++) {
                for (long n : new long[] {0, -1}) {
                    Recording r = new Recording() {
                        @Override
                        public void onSubscribe(Subscription s) {
                            this.s = s;
                            signals.add("subscribe");
                            s.request(n);
                        }
                    };
                    bad.get(i).subscribe(r);
                    assertThat(r.terminated.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
                    r.s.request(1);
                    assertThat(r.terminated.await(Env.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                            .isTrue();
                    assertThat(r.signals).as("request(%s) then request(1) of #%s", n, i)
                            .containsExactly("subscribe", "next " + badExpected.get(i), "complete");
                }
            }
        }
    }

    /**
     * Cancel from another thread racing the completion, 2,000 times over the four kinds: at most
     * one terminal signal and nothing after it, and every connection back.
     */
    @DatabaseTest
    void cancelRacingCompletionLeavesOneSignalAtMostAndThePoolWhole(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            List<Account> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rows.add(accounts.create("name", "r" + i, "balance", i).block(Env.TIMEOUT));
            }
            List<Recording> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Account row = rows.get(i % rows.size());
                for (Mono<?> mono : List.of(accounts.delete(row), accounts.filter("id", row.id).update("balance", i),
                        accounts.filter("balance", -5).delete(), accounts.filter("id", row.id).toList())) {
                    Recording r = new Recording();
                    mono.subscribeOn(Schedulers.parallel()).subscribe(r);
                    while (r.s == null) {
                        Thread.onSpinWait();
                    }
                    // Vary where the cancel lands: at once, mid-statement, around the completion.
                    if (i % 4 == 1) {
                        Thread.onSpinWait();
                    } else if (i % 4 == 2) {
                        Thread.sleep(0, 200_000);
                    } else if (i % 4 == 3) {
                        r.terminated.await(Env.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    Schedulers.boundedElastic().schedule(() -> r.s.cancel());
                    all.add(r);
                }
                if (i % 50 == 49) {
                    assertPoolIdle(env, "after " + (i + 1) + " rounds");
                }
            }
            Thread.sleep(200);
            assertThat(all).allSatisfy(r -> {
                List<String> got = new ArrayList<>(r.signals);
                assertThat(got.get(0)).isEqualTo("subscribe");
                List<String> terminal = got.stream().filter(x -> x.equals("complete") || x.startsWith("error"))
                        .toList();
                assertThat(terminal).as("%s", got).hasSizeLessThanOrEqualTo(1);
                assertThat(terminal).as("%s", got).noneMatch(x -> x.startsWith("error"));
                if (!terminal.isEmpty()) {
                    assertThat(got.get(got.size() - 1)).isEqualTo(terminal.get(0));
                }
                assertThat(got.stream().filter(x -> x.startsWith("next")).count()).isLessThanOrEqualTo(1);
            });
            assertPoolIdle(env, "end");
            for (int i = 0; i < 30; i++) {
                StepVerifier.create(accounts.all().update("balance", 1))
                        .expectNextMatches(n -> n >= 0).expectComplete().verify(Env.TIMEOUT);
            }
        }
    }

    /** One Mono subscribed from many threads at once: each subscription runs its own statement. */
    @DatabaseTest
    void oneMonoSubscribedFromManyThreadsRunsEachTime(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            for (int i = 0; i < 5; i++) {
                accounts.create("name", "r" + i, "balance", 1).block(Env.TIMEOUT);
            }
            Mono<Long> update = accounts.filter("balance", 1).update("balance", 1);
            Mono<List<Account>> list = accounts.filter("balance", 1).orderBy("name").toList();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> got = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    got.add(pool.submit(() -> {
                        go.await();
                        return update.block(Env.TIMEOUT) + " " + list.block(Env.TIMEOUT).stream()
                                .map(a -> a.name).toList();
                    }));
                }
                env.statements().clear();
                go.countDown();
                for (Future<String> f : got) {
                    assertThat(f.get()).isEqualTo("5 [r0, r1, r2, r3, r4]");
                }
                assertThat(env.statements().count()).isEqualTo(32);
            } finally {
                pool.shutdownNow();
            }
            assertPoolIdle(env, "end");
        }
    }

    /** A contextWrite above a delete, an update and a create reaches the listeners the subscriber runs. */
    @DatabaseTest
    void contextReachesTheListeners(DatabaseKind db) {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s
                .preDelete(Account.class, (cls, a, dbName) -> Mono.deferContextual(c -> {
                    seen.add("pre_delete " + a.name + " " + c.getOrDefault("who", "none"));
                    return Mono.empty();
                }))
                .postDelete(Account.class, (cls, a, dbName) -> Mono.deferContextual(c -> {
                    seen.add("post_delete " + a.name + " " + c.getOrDefault("who", "none"));
                    return Mono.empty();
                }))
                .preSave(Account.class, (cls, a, dbName, fields) -> Mono.deferContextual(c -> {
                    seen.add("pre_save " + a.name + " " + a.id + " " + fields + " " + c.getOrDefault("who", "none"));
                    return Mono.empty();
                }))
                .postSave(Account.class, (cls, a, created, dbName, fields) -> Mono.deferContextual(c -> {
                    seen.add("post_save " + a.name + " " + (a.id != null) + " " + created + " "
                            + c.getOrDefault("who", "none"));
                    return Mono.empty();
                }))))) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create(Map.of("name", "a")).contextWrite(c -> c.put("who", "create"))
                    .block(Env.TIMEOUT);
            StepVerifier.create(accounts.delete(a).contextWrite(c -> c.put("who", "delete")))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(seen).containsExactly("pre_save a null [] create", "post_save a true true create",
                    "pre_delete a delete", "post_delete a delete");
        }
    }

    /** A cancel inside a transaction, while a delete's post_delete listener runs, rolls the delete back. */
    @DatabaseTest
    void cancelInsideATransactionRollsBack(DatabaseKind db) throws Exception {
        List<TestPublisher<Object>> pending = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s
                .postDelete(Account.class, (cls, a, dbName) -> {
                    TestPublisher<Object> p = TestPublisher.create();
                    pending.add(p);
                    return p.flux();
                })))) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a").block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 1).block(Env.TIMEOUT);
            Recording r = new Recording();
            env.tortoise().inTransaction(null, t -> accounts.filter("name", "b").update("balance", 9)
                    .then(accounts.delete(a))).subscribe(r);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(pending).hasSize(1);
            r.s.cancel();
            assertPoolIdle(env, "after cancel");
            assertThat(accounts.all().orderBy("name").toList().block(Env.TIMEOUT))
                    .extracting(x -> x.name + " " + x.balance).containsExactly("a 0", "b 1");
            assertThat(r.signals).containsExactly("subscribe");
        }
    }

    /**
     * Inside Spring's TransactionalOperator every write subscriber runs on the transaction's
     * connection (a count from outside sees nothing yet), and a database error rolls all back.
     */
    @DatabaseTest
    void insideASpringTransactionTheyUseItsConnectionAndAnErrorRollsBack(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 1).block(Env.TIMEOUT);
            org.springframework.transaction.reactive.TransactionalOperator tx =
                    org.springframework.transaction.reactive.TransactionalOperator.create(
                            new org.springframework.r2dbc.connection.R2dbcTransactionManager(
                                    env.tortoise().connections().get("default").factory()));
            Mono<Long> outside = Mono.fromCallable(() -> env.countRows("account"))
                    .subscribeOn(Schedulers.boundedElastic());
            Mono<String> body = accounts.delete(a)
                    .then(accounts.create(Map.of("name", "c", "balance", 4)))
                    .then(accounts.filter("name", "b").update("balance", 7))
                    .flatMap(n -> accounts.all().orderBy("name").toList()
                            .map(l -> n + " " + l.stream().map(x -> x.name + x.balance).toList()))
                    .flatMap(s -> accounts.filter("balance", 4).delete().map(d -> s + " " + d))
                    .flatMap(s -> outside.map(o -> s + " outside " + o));
            StepVerifier.create(tx.transactional(body.flatMap(s -> accounts.filter("name", "b").update("name", "b7")
                            .then(accounts.create("name", "b7"))
                            .map(x -> s))))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                    .verify(Env.TIMEOUT);
            assertThat(accounts.all().orderBy("name").toList().block(Env.TIMEOUT))
                    .extracting(x -> x.name + " " + x.balance).containsExactly("a 1", "b 1");
            StepVerifier.create(tx.transactional(body))
                    .expectNext("1 [b7, c4] 1 outside 2").expectComplete().verify(Env.TIMEOUT);
            assertThat(accounts.all().orderBy("name").toList().block(Env.TIMEOUT))
                    .extracting(x -> x.name + " " + x.balance).containsExactly("b 7");
            assertPoolIdle(env, "end");
        }
    }

    /**
     * Cancelled inside onSubscribe with pre_delete and post_delete listeners: as many listener
     * calls as the defer/then chain this replaced made (the chain rebuilt here without a database),
     * no statement, no signal after onSubscribe, the row kept.
     */
    @DatabaseTest
    void cancelAtSubscriptionWithListenersCallsThemAsTheChainDid(DatabaseKind db) throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s
                .preDelete(Account.class, (cls, a, dbName) -> {
                    calls.add("pre");
                    return Mono.fromRunnable(() -> calls.add("pre ran"));
                })
                .postDelete(Account.class, (cls, a, dbName) -> {
                    calls.add("post");
                    return null;
                })))) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "kept").block(Env.TIMEOUT);
            env.statements().clear();
            Recording r = new Recording() {
                @Override
                public void onSubscribe(Subscription s) {
                    this.s = s;
                    signals.add("subscribe");
                    s.cancel();
                    s.request(1);
                }
            };
            accounts.delete(a).subscribe(r);
            List<String> old = new CopyOnWriteArrayList<>();
            Mono<Void> pre = Mono.defer(() -> {
                old.add("pre");
                return Mono.fromRunnable(() -> old.add("pre ran")).then();
            });
            Mono.defer(() -> pre.then(Mono.fromRunnable(() -> old.add("run")).then())
                    .then(Mono.defer(() -> {
                        old.add("post");
                        return Mono.<Void>empty();
                    }))).subscribe(new Recording() {
                        @Override
                        public void onSubscribe(Subscription s) {
                            s.cancel();
                            s.request(1);
                        }
                    });
            Thread.sleep(100);
            assertThat(calls).isEqualTo(old);
            assertThat(r.signals).containsExactly("subscribe");
            assertThat(env.statements().count()).isZero();
            assertThat(env.countRows("account")).isEqualTo(1);
            assertPoolIdle(env, "end");
        }
    }

    /**
     * Far more result shapes than the identity table has slots, from several threads: values and
     * values_list with different fields and orders, two models, each result exactly its own.
     */
    @DatabaseTest
    void manyShapesFromManyThreadsEachGetTheirOwnMapper(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class, Owner.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Manager<Owner> owners = env.of(Owner.class);
            accounts.create("name", "a", "balance", 7).block(Env.TIMEOUT);
            owners.create("name", "o").block(Env.TIMEOUT);
            List<String[]> orders = List.of(new String[] {"name"}, new String[] {"balance"},
                    new String[] {"name", "balance"}, new String[] {"balance", "name"}, new String[] {"id", "name"},
                    new String[] {"name", "id", "balance"});
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int seed = t;
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            String[] f = orders.get((i + seed) % orders.size());
                            Map<String, Object> m = accounts.all().values(f).first().block(Env.TIMEOUT);
                            assertThat(new ArrayList<>(m.keySet())).containsExactly(
                                    java.util.Arrays.stream(f).distinct().toArray(String[]::new));
                            List<Object> l = accounts.all().valuesList(f).first().block(Env.TIMEOUT);
                            assertThat(l).hasSize(f.length);
                            for (int k = 0; k < f.length; k++) {
                                Object want = switch (f[k]) {
                                    case "name" -> "a";
                                    case "balance" -> 7;
                                    default -> l.get(k);
                                };
                                assertThat(l.get(k)).isEqualTo(want);
                            }
                            assertThat(accounts.all().valuesList(true, f[0]).first().block(Env.TIMEOUT))
                                    .isEqualTo(f[0].equals("name") ? "a" : f[0].equals("balance") ? 7
                                            : m.get("id"));
                            assertThat(owners.all().valuesList(true, "name").first().block(Env.TIMEOUT))
                                    .isEqualTo("o");
                            assertThat(owners.all().toList().block(Env.TIMEOUT)).extracting(o -> o.name)
                                    .containsExactly("o");
                            assertThat(accounts.all().toList().block(Env.TIMEOUT))
                                    .extracting(x -> x.name + " " + x.balance).containsExactly("a 7");
                            // A values shape keyed by other names, per thread and round.
                            String key = "k" + seed + "_" + i;
                            assertThat(accounts.all().values(Map.of(key, "name")).first().block(Env.TIMEOUT))
                                    .isEqualTo(Map.of(key, "a"));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : runs) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Inserts with a generated key and with an explicit one, single and bulk, interleaved: each reads back its own key. */
    @DatabaseTest
    void generatedAndExplicitKeysInterleaved(DatabaseKind db) {
        try (Env env = Env.start(db, Owner.class, Account.class)) {
            Manager<Owner> owners = env.of(Owner.class);
            Manager<Account> accounts = env.of(Account.class);
            List<Object> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Owner g = owners.create("name", "g" + i).block(Env.TIMEOUT);
                ids.add(g.pk());
                Owner e = owners.create("name", "e" + i, "id", 1000 + 10 * i).block(Env.TIMEOUT);
                assertThat(e.pk()).isEqualTo(1000 + 10 * i);
                Owner after = owners.create(Map.of("name", "after" + i)).block(Env.TIMEOUT);
                assertThat(((Number) after.pk()).intValue()).isGreaterThan(1000 + 10 * i);
                ids.add(after.pk());
                Account acc = accounts.create("name", "acc" + i).block(Env.TIMEOUT);
                assertThat(acc.id).isNotNull();
                Owner b1 = owners.build(Map.of("name", "b" + i));
                owners.bulkCreate(List.of(b1)).block(Env.TIMEOUT);
            }
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(env.countRows("review_owner")).isEqualTo(24);
            for (Object id : ids) {
                assertThat(owners.get("id", id).block(Env.TIMEOUT).name).matches("g\\d|after\\d");
            }
        }
    }
}
