package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.tx.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * The hand-written subscribers of a delete by primary key, a queryset's update, delete and
 * toList, and create from key/value pairs (one per statement, where operator chains were):
 * results, errors, cancel at subscription and in flight, resubscription, the transaction found
 * through the context, signals and debug traces.
 */
class WriteSubscribersTest {

    @DatabaseTest
    void deleteAndQuerysetWritesReturnWhatTheyChanged(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 1).block(Env.TIMEOUT);
            accounts.create("name", "c", "balance", 2).block(Env.TIMEOUT);
            StepVerifier.create(accounts.filter("balance", 1).update("balance", 5))
                    .expectNext(2L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(accounts.filter("balance", 99).update("balance", 5))
                    .expectNext(0L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(accounts.delete(a)).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(2);
            StepVerifier.create(accounts.filter("balance", 5).delete())
                    .expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(accounts.filter("balance", 5).delete())
                    .expectNext(0L).expectComplete().verify(Env.TIMEOUT);
            assertThat(accounts.all().toList().block(Env.TIMEOUT)).extracting(x -> x.name).containsExactly("c");
        }
    }

    @DatabaseTest
    void errorsKeepTheirTypesAndMessages(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            accounts.create("name", "a").block(Env.TIMEOUT);
            accounts.create("name", "b").block(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(accounts.delete(new Account("never saved", 1)))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("Can't delete unpersisted record"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(accounts.all().update("nope", 1))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(accounts.filter("nope", 1).toList())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(accounts.create("nope", 1))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class))
                    .verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
            StepVerifier.create(accounts.filter("name", "b").update("name", "a"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                    .verify(Env.TIMEOUT);
            assertThat(accounts.all().orderBy("name").toList().block(Env.TIMEOUT)).extracting(x -> x.name)
                    .containsExactly("a", "b");
        }
    }

    @DatabaseTest
    void aMonoSubscribedTwiceRunsTwice(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 1).block(Env.TIMEOUT);
            Mono<Account> create = accounts.create("name", "c", "balance", 3);
            Account c1 = create.block(Env.TIMEOUT);
            Account c2 = accounts.filter("name", "c").first().block(Env.TIMEOUT);
            // A second run builds a new instance, whose insert then hits the unique name.
            StepVerifier.create(create).expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                    .verify(Env.TIMEOUT);
            assertThat(c2.id).isEqualTo(c1.id);
            accounts.delete(c1).block(Env.TIMEOUT);
            Mono<List<Account>> list = accounts.filter("balance", 1).orderBy("name").toList();
            assertThat(list.block(Env.TIMEOUT)).extracting(x -> x.name).containsExactly("a", "b");
            accounts.filter("name", "b").update("balance", 2).block(Env.TIMEOUT);
            assertThat(list.block(Env.TIMEOUT)).extracting(x -> x.name).containsExactly("a");
            accounts.filter("name", "b").update("balance", 1).block(Env.TIMEOUT);
            Mono<Long> update = accounts.filter("balance", 1).update("balance", 1);
            env.statements().clear();
            assertThat(update.block(Env.TIMEOUT)).isEqualTo(2L);
            assertThat(update.block(Env.TIMEOUT)).isEqualTo(2L);
            Mono<Void> delete = accounts.delete(a);
            delete.block(Env.TIMEOUT);
            // The second run deletes nothing and completes as before (no error for a row already gone).
            delete.block(Env.TIMEOUT);
            Mono<Long> deleteAll = accounts.all().delete();
            assertThat(deleteAll.block(Env.TIMEOUT)).isEqualTo(1L);
            assertThat(deleteAll.block(Env.TIMEOUT)).isEqualTo(0L);
            List<String> sql = env.statements().sql();
            assertThat(sql).hasSize(6);
            assertThat(sql.subList(0, 2)).allSatisfy(s -> assertThat(s).startsWith("UPDATE"));
            assertThat(sql.subList(2, 6)).allSatisfy(s -> assertThat(s).startsWith("DELETE"));
        }
    }

    @DatabaseTest
    void insideATransactionTheyUseItsConnection(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 1).block(Env.TIMEOUT);
            Flux<Object> tx = env.tortoise().inTransaction(null, t -> accounts.delete(a)
                    .then(accounts.filter("name", "b").update("balance", 7))
                    // Another connection would not see the uncommitted changes.
                    .then(accounts.all().count())
                    .flatMap(n -> accounts.filter("balance", 7).count().map(k -> n + " " + k))
                    .flatMap(nk -> accounts.all().toList().map(l -> nk + " " + l.get(0).balance))
                    .flatMap(nk -> accounts.create("name", "c").map(c -> nk + " " + c.name))
                    .flatMap(nk -> accounts.all().delete().map(d -> nk + " " + d))
                    .flatMap(s -> Mono.error(new IllegalStateException("roll back " + s))));
            StepVerifier.create(tx).expectErrorMessage("roll back 1 1 7 c 2").verify(Env.TIMEOUT);
            assertThat(accounts.all().orderBy("name").toList().block(Env.TIMEOUT))
                    .extracting(x -> x.name + " " + x.balance).containsExactly("a 1", "b 1");
        }
    }

    /** Cancels from inside onSubscribe: before anything upstream (statement, connection) is under way. */
    private static final class CancelAtOnce implements reactor.core.CoreSubscriber<Object> {
        final List<String> signals = new CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(Subscription s) {
            signals.add("subscribe");
            s.cancel();
            s.request(1);
        }

        @Override
        public void onNext(Object v) {
            signals.add("next");
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error " + t);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    /** Records every signal it gets, even after its own cancel. */
    private static final class Recording implements reactor.core.CoreSubscriber<Object> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        volatile Subscription s;

        @Override
        public void onSubscribe(Subscription s) {
            this.s = s;
            signals.add("subscribe");
            s.request(1);
        }

        @Override
        public void onNext(Object v) {
            signals.add("next " + v);
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error " + t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    /**
     * Cancelled at subscription, more of them than the pool holds: no signal after onSubscribe,
     * no row changed, and the pool still serves.
     */
    @DatabaseTest
    void cancelAtSubscriptionChangesNothingAndLeavesThePoolWhole(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "kept", "balance", 1).block(Env.TIMEOUT);
            List<CancelAtOnce> subscribers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                for (Mono<?> mono : List.of(accounts.delete(a), accounts.all().update("balance", 2),
                        accounts.all().delete(), accounts.all().toList(), accounts.create("name", "never " + i))) {
                    CancelAtOnce c = new CancelAtOnce();
                    mono.subscribe(c);
                    subscribers.add(c);
                }
            }
            Thread.sleep(200);
            assertThat(subscribers).allSatisfy(c -> assertThat(c.signals).containsExactly("subscribe"));
            StepVerifier.create(accounts.get("id", a.id).map(x -> x.name + " " + x.balance))
                    .expectNext("kept 1").expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    /**
     * Cancelled while the statement is under way (right after subscribing, from another thread):
     * at most one terminal signal (one that raced the cancel), and every connection comes back to
     * the pool.
     */
    @DatabaseTest
    void cancelInFlightSignalsNothingAfterAndLeavesThePoolWhole(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            List<Account> rows = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                rows.add(accounts.create("name", "r" + i, "balance", i).block(Env.TIMEOUT));
            }
            List<Recording> cancelled = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                for (Mono<?> mono : List.of(accounts.delete(rows.get(i)), accounts.filter("id", rows.get(i).id)
                        .update("balance", 100 + i), accounts.filter("balance", -1 - n).delete(),
                        accounts.all().toList())) {
                    Recording r = new Recording();
                    mono.subscribeOn(reactor.core.scheduler.Schedulers.parallel()).subscribe(r);
                    while (r.s == null) {
                        Thread.onSpinWait();
                    }
                    Thread.sleep(i % 3);
                    r.s.cancel();
                    r.signals.add("cancelled");
                    cancelled.add(r);
                }
            }
            Thread.sleep(300);
            // A terminal signal already under way when the cancel came may still land after it (the
            // cancel is made from another thread); at most one terminal signal comes, and nothing after it.
            assertThat(cancelled).allSatisfy(r -> {
                List<String> got = new ArrayList<>(r.signals);
                got.remove("cancelled");
                assertThat(got.get(0)).isEqualTo("subscribe");
                List<String> terminal = got.stream().filter(x -> x.equals("complete") || x.startsWith("error"))
                        .toList();
                assertThat(terminal).hasSizeLessThanOrEqualTo(1);
                if (!terminal.isEmpty()) {
                    assertThat(got.get(got.size() - 1)).isEqualTo(terminal.get(0));
                }
            });
            // Every connection is back: more statements than the pool holds still run.
            for (int i = 0; i < 40; i++) {
                StepVerifier.create(accounts.all().update("balance", i).then(accounts.all().delete()))
                        .expectNextMatches(d -> d >= 0).expectComplete().verify(Env.TIMEOUT);
            }
            assertThat(env.countRows("account")).isZero();
        }
    }

    /**
     * A pre_delete listener still finishing after the delete was cancelled: no statement is sent,
     * and (as the {@code then} chain did) a late completion is not passed on but a late error is.
     */
    @DatabaseTest
    void cancelDuringPreDeleteSendsNoStatement(DatabaseKind db) {
        List<TestPublisher<Object>> pending = new CopyOnWriteArrayList<>();
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s.preDelete(Account.class,
                (cls, a, dbName) -> {
                    TestPublisher<Object> p = TestPublisher.createNoncompliant(
                            TestPublisher.Violation.DEFER_CANCELLATION);
                    pending.add(p);
                    return p.flux();
                })))) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "kept").block(Env.TIMEOUT);
            Hooks.onErrorDropped(dropped::add);
            env.statements().clear();
            for (boolean error : new boolean[] {false, true}) {
                Recording r = new Recording();
                accounts.delete(a).subscribe(r);
                r.s.cancel();
                TestPublisher<Object> p = pending.remove(0);
                if (error) {
                    p.error(new IllegalStateException("late"));
                } else {
                    p.complete();
                }
                assertThat(r.signals).as("error=%s", error).isEqualTo(oldPreDeleteChainAfterCancel(error))
                        .containsExactly(error ? new String[] {"subscribe", "error IllegalStateException"}
                                : new String[] {"subscribe"});
            }
            assertThat(env.statements().count()).isZero();
            assertThat(env.countRows("account")).isEqualTo(1);
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    /** The chain a delete with pre_delete listeners was: defer(pre.then(run).then(defer(post))). */
    private static List<String> oldPreDeleteChainAfterCancel(boolean error) {
        TestPublisher<Object> p = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
        List<String> runs = new CopyOnWriteArrayList<>();
        Mono<Void> pre = Mono.from(p).then();
        Mono<Void> chain = Mono.defer(() -> pre.then(Mono.fromRunnable(() -> runs.add("run")).then())
                .then(Mono.defer(Mono::empty)));
        Recording r = new Recording();
        chain.subscribe(r);
        r.s.cancel();
        if (error) {
            p.error(new IllegalStateException("late"));
        } else {
            p.complete();
        }
        assertThat(runs).isEmpty();
        return r.signals;
    }

    /** pre_delete and post_delete run around the statement; a listener throwing fails the delete with that throwable. */
    @DatabaseTest
    void deleteListenersRunInOrderAndTheirThrowsFailTheDelete(DatabaseKind db) {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Throwable> toThrow = new CopyOnWriteArrayList<>();
        Env[] envs = new Env[1];
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s
                .preDelete(Account.class, (cls, a, dbName) -> {
                    events.add("pre " + a.name + " after " + envs[0].statements().count() + " statements");
                    if (!toThrow.isEmpty() && a.name.startsWith("pre")) {
                        sneaky(toThrow.get(0));
                    }
                    return null;
                })
                .postDelete(Account.class, (cls, a, dbName) -> Mono.fromRunnable(() -> {
                    events.add("post " + a.name + " after " + envs[0].statements().count() + " statements");
                    if (!toThrow.isEmpty() && a.name.startsWith("post")) {
                        sneaky(toThrow.get(0));
                    }
                }))))) {
            envs[0] = env;
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a").block(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(accounts.delete(a)).expectComplete().verify(Env.TIMEOUT);
            assertThat(events).containsExactly("pre a after 0 statements", "post a after 1 statements");
            for (String at : List.of("pre", "post")) {
                for (Throwable t : List.of(new IllegalStateException("unchecked " + at),
                        new java.io.IOException("checked " + at), new AssertionError("error " + at))) {
                    toThrow.clear();
                    toThrow.add(t);
                    Account x = accounts.create("name", at + " " + t.getClass().getSimpleName()).block(Env.TIMEOUT);
                    StepVerifier.create(accounts.delete(x))
                            .expectErrorSatisfies(e -> assertThat(e).isSameAs(t))
                            .verify(Env.TIMEOUT);
                    // Thrown before the statement: the row stays; after it: the row is gone.
                    assertThat(env.countRows("account")).isEqualTo(at.equals("pre") ? 1 : 0);
                    accounts.all().delete().block(Env.TIMEOUT);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Under {@code Hooks.onOperatorDebug()} their errors carry an assembly trace, as the chains did. */
    @DatabaseTest
    void errorsCarryAnAssemblyTraceUnderOperatorDebug(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            accounts.create("name", "a").block(Env.TIMEOUT);
            accounts.create("name", "b").block(Env.TIMEOUT);
            Hooks.onOperatorDebug();
            try {
                StepVerifier.create(accounts.delete(new Account("x", 1)))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.filter("name", "b").update("name", "a"))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.filter("nope", 1).toList())
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.create("name", "a"))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.all().update("nope", 1).checkpoint("bad field"))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).anyMatch(s -> s.contains("bad field")))
                        .verify(Env.TIMEOUT);
            } finally {
                Hooks.resetOnOperatorDebug();
            }
        }
    }

    private static List<String> assemblyTraces(Throwable e) {
        List<String> out = new ArrayList<>();
        for (Throwable s : e.getSuppressed()) {
            if (s.getClass().getSimpleName().equals("OnAssemblyException")) {
                out.add(s.getMessage());
            }
        }
        return out;
    }
}
