package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.MultipleObjectsReturned;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.tx.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * The hand-written single-row subscribers (a statement's run, a get's one row, a save's steps)
 * against what the operator chains they replaced did: context, signals after cancel, debug hooks,
 * resubscription and the get outcomes.
 */
class SingleRowSubscribersTest {

    private static final String NONE = "Object \"Account\" does not exist";
    private static final String SEVERAL = "Multiple objects returned for \"Account\", expected exactly one";

    @DatabaseTest
    void saveAndGetInsideATransactionUseItsConnection(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Flux<Object> tx = env.tortoise().inTransaction(null, t -> accounts.save(new Account("t", 1))
                    // Another connection would not see the uncommitted row (DoesNotExist instead).
                    .flatMap(a -> accounts.get("id", a.id))
                    .flatMap(a -> Mono.error(new IllegalStateException("roll back " + a.name + " " + a.balance))));
            StepVerifier.create(tx).expectErrorMessage("roll back t 1").verify(Env.TIMEOUT);
            // Saved on the transaction's connection, so rolled back with it.
            assertThat(env.countRows("account")).isZero();
        }
    }

    @DatabaseTest
    void getReportsNoneAndSeveralWithTheSameTypesAndMessages(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "a", "balance", 0).block(Env.TIMEOUT);
            accounts.create("name", "b", "balance", 0).block(Env.TIMEOUT);
            StepVerifier.create(accounts.get("id", a.id + 1000))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(DoesNotExist.class).hasMessage(NONE))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(accounts.get("name", "zz"))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(DoesNotExist.class).hasMessage(NONE))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(accounts.get("balance", 0))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(MultipleObjectsReturned.class)
                            .hasMessage(SEVERAL))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(accounts.get("id", a.id).map(x -> x.name + " " + x.id))
                    .expectNext("a " + a.id).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aSaveOrGetMonoSubscribedTwiceRunsTwiceWithFreshState(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = new Account("r", 1);
            Mono<Account> save = accounts.save(a);
            env.statements().clear();
            assertThat(save.block(Env.TIMEOUT)).isSameAs(a);
            a.balance = 2;
            assertThat(save.block(Env.TIMEOUT)).isSameAs(a);
            List<String> sql = env.statements().sql();
            // H2 reads an insert's keys back as SELECT ... FROM FINAL TABLE (INSERT ...).
            assertThat(sql).hasSize(2);
            assertThat(sql.get(0)).contains("INSERT INTO");
            assertThat(sql.get(1)).startsWith("UPDATE");
            Mono<Account> get = accounts.get("id", a.id);
            assertThat(get.block(Env.TIMEOUT).balance).isEqualTo(2);
            accounts.filter("id", a.id).update("balance", 3).block(Env.TIMEOUT);
            assertThat(get.block(Env.TIMEOUT).balance).isEqualTo(3);
        }
    }

    @DatabaseTest
    void aFailedSaveIsTranslatedAndTheInstanceStaysUnsaved(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            accounts.create("name", "dup").block(Env.TIMEOUT);
            Account again = new Account("dup", 1);
            StepVerifier.create(accounts.save(again))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                    .verify(Env.TIMEOUT);
            assertThat(again.id).isNull();
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    /**
     * Under {@code Hooks.onOperatorDebug()} a get's and a save's errors carry an assembly trace, as
     * the chains they replaced (assembled through {@code Mono.onAssembly}) did.
     */
    @DatabaseTest
    void errorsCarryAnAssemblyTraceUnderOperatorDebug(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            accounts.create("name", "dup").block(Env.TIMEOUT);
            Hooks.onOperatorDebug();
            try {
                StepVerifier.create(accounts.get("id", -1))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.get("name", "nobody"))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.save(new Account("dup", 1)))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).isNotEmpty())
                        .verify(Env.TIMEOUT);
                StepVerifier.create(accounts.get("id", -1).checkpoint("by pk"))
                        .expectErrorSatisfies(e -> assertThat(assemblyTraces(e)).anyMatch(s -> s.contains("by pk")))
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

    /**
     * Records every signal it gets, even after its own cancel (a {@code BaseSubscriber} would drop
     * those itself and hide what the publisher did).
     */
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

        void cancel() {
            s.cancel();
        }
    }

    /** The chain {@code OneRow} replaced. */
    private static Mono<Object> collectThenOne(Flux<Object> rows) {
        return rows.collectList().flatMap(list -> list.isEmpty() ? Mono.error(new DoesNotExist("Account"))
                : list.size() > 1 ? Mono.error(new MultipleObjectsReturned("Account")) : Mono.just(list.get(0)));
    }

    /** Rows that keep coming after a cancel (a driver finishing its result) end in no signal, as before. */
    @Test
    void oneRowSignalsNothingOnceCancelled() {
        for (int rows = 0; rows <= 2; rows++) {
            List<List<String>> seen = new ArrayList<>();
            for (boolean old : new boolean[] {true, false}) {
                TestPublisher<Object> p = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
                Mono<Object> one = old ? collectThenOne(p.flux()) : OneRow.of("Account", p.flux());
                Recording r = new Recording();
                one.subscribe(r);
                r.cancel();
                for (int i = 0; i < rows; i++) {
                    p.next("row " + i);
                }
                p.complete();
                seen.add(r.signals);
            }
            assertThat(seen.get(0)).as("old chain, %d rows", rows).containsExactly("subscribe");
            assertThat(seen.get(1)).as("OneRow, %d rows", rows).isEqualTo(seen.get(0));
        }
    }

    /** An upstream error after a cancel is dropped, not delivered, as collectList did. */
    @Test
    void oneRowDropsAnErrorAfterCancel() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            for (boolean old : new boolean[] {true, false}) {
                TestPublisher<Object> p = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
                Mono<Object> one = old ? collectThenOne(p.flux()) : OneRow.of("Account", p.flux());
                Recording r = new Recording();
                one.subscribe(r);
                r.cancel();
                p.error(new IllegalStateException("late"));
                assertThat(r.signals).as(old ? "old chain" : "OneRow").containsExactly("subscribe");
            }
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void oneRowWaitsForDemandAndSignalsOnce() {
        TestPublisher<Object> p = TestPublisher.create();
        StepVerifier.create(OneRow.of("Account", p.flux()), 0)
                .expectSubscription()
                .then(() -> p.next("only").complete())
                .expectNoEvent(java.time.Duration.ofMillis(50))
                .thenRequest(1)
                .expectNext("only")
                .expectComplete()
                .verify(java.time.Duration.ofSeconds(5));
        AtomicInteger subscriptions = new AtomicInteger();
        Flux<Object> two = Flux.defer(() -> {
            subscriptions.incrementAndGet();
            return Flux.just("x", "y");
        });
        Mono<Object> one = OneRow.of("Account", two);
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(one)
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(MultipleObjectsReturned.class)
                            .hasMessage(SEVERAL))
                    .verify(java.time.Duration.ofSeconds(5));
        }
        assertThat(subscriptions).hasValue(2);
    }

    /** The chain a save with pre_save listeners was: the listeners' Mono, then the write. */
    private static List<String> oldPreSaveChainAfterCancel(boolean error) {
        TestPublisher<Object> p = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
        AtomicInteger writes = new AtomicInteger();
        Mono<Object> pre = Mono.defer(() -> Mono.from(p).then());
        Mono<Void> chain = Mono.defer(() -> pre.then(Mono.defer(() -> Mono.fromRunnable(writes::incrementAndGet)))
                .then(Mono.defer(Mono::empty)));
        Recording r = new Recording();
        chain.subscribe(r);
        r.cancel();
        if (error) {
            p.error(new IllegalStateException("late"));
        } else {
            p.complete();
        }
        assertThat(writes).hasValue(0);
        return r.signals;
    }

    /**
     * A pre_save listener still finishing after the save was cancelled: no statement is sent and
     * the cancelled subscriber gets no signal, as with the chain the save subscriber replaced.
     */
    @DatabaseTest
    void cancelDuringPreSaveSendsNoStatementAndSignalsNothing(DatabaseKind db) {
        List<TestPublisher<Object>> pending = new CopyOnWriteArrayList<>();
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s.preSave(Account.class,
                (cls, a, dbName, fields) -> {
                    TestPublisher<Object> p = TestPublisher.createNoncompliant(
                            TestPublisher.Violation.DEFER_CANCELLATION);
                    pending.add(p);
                    return p.flux();
                })))) {
            Manager<Account> accounts = env.of(Account.class);
            Hooks.onErrorDropped(dropped::add);
            env.statements().clear();
            for (boolean error : new boolean[] {false, true}) {
                Recording r = new Recording();
                accounts.save(new Account("c " + error, 1)).subscribe(r);
                r.cancel();
                TestPublisher<Object> p = pending.remove(0);
                if (error) {
                    p.error(new IllegalStateException("late"));
                } else {
                    p.complete();
                }
                // A late error went through the old chain's then() stages too; a late completion did not.
                assertThat(r.signals).as("error=%s", error).isEqualTo(oldPreSaveChainAfterCancel(error))
                        .containsExactly(error ? new String[] {"subscribe", "error IllegalStateException"}
                                : new String[] {"subscribe"});
            }
            assertThat(env.statements().count()).isZero();
            assertThat(env.countRows("account")).isZero();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    /** pre_save / post_save listeners throwing (unchecked, checked, an Error) fail the save with that throwable. */
    @DatabaseTest
    void listenersThrowingFailTheSaveWithWhatTheyThrew(DatabaseKind db) {
        List<Throwable> toThrow = new CopyOnWriteArrayList<>();
        List<String> where = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s
                .preSave(Account.class, (cls, a, dbName, fields) -> {
                    if (where.contains("pre")) {
                        sneaky(toThrow.get(0));
                    }
                    return null;
                })
                .postSave(Account.class, (cls, a, created, dbName, fields) -> {
                    if (where.contains("post")) {
                        sneaky(toThrow.get(0));
                    }
                    return null;
                })))) {
            Manager<Account> accounts = env.of(Account.class);
            int saved = 0;
            for (String at : List.of("pre", "post")) {
                for (Throwable t : List.of(new IllegalStateException("unchecked " + at),
                        new java.io.IOException("checked " + at), new AssertionError("error " + at))) {
                    toThrow.clear();
                    toThrow.add(t);
                    where.clear();
                    where.add(at);
                    Account a = new Account(at + " " + t.getClass().getSimpleName(), 1);
                    StepVerifier.create(accounts.save(a))
                            .expectErrorSatisfies(e -> assertThat(e).isSameAs(t))
                            .verify(Env.TIMEOUT);
                    if (at.equals("post")) {
                        saved++;
                    }
                    assertThat(env.countRows("account")).isEqualTo(saved);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneaky(Throwable t) throws E {
        throw (E) t;
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

    /**
     * A save or get cancelled as soon as it is subscribed signals nothing more, and leaves no
     * connection behind: more of them than the pool holds, then the pool still serves.
     */
    @DatabaseTest
    void cancelAtSubscriptionSignalsNothingAndLeavesThePoolWhole(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "kept", "balance", 1).block(Env.TIMEOUT);
            List<CancelAtOnce> subscribers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                CancelAtOnce c1 = new CancelAtOnce();
                accounts.save(new Account("never " + i, i)).subscribe(c1);
                CancelAtOnce c2 = new CancelAtOnce();
                accounts.get("id", a.id).subscribe(c2);
                CancelAtOnce c3 = new CancelAtOnce();
                accounts.get("name", "kept").subscribe(c3);
                subscribers.add(c1);
                subscribers.add(c2);
                subscribers.add(c3);
            }
            Thread.sleep(200);
            assertThat(subscribers).allSatisfy(c -> assertThat(c.signals).containsExactly("subscribe"));
            StepVerifier.create(accounts.get("id", a.id).map(x -> x.name))
                    .expectNext("kept").expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    /**
     * A consumer throwing on the row (a save's instance, a get's row) gets that throwable as the
     * one error, and the connection is back: a lambda subscriber cancels and reports it.
     */
    @DatabaseTest
    void aThrowingConsumerGetsItsErrorOnceAndTheConnectionIsBack(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> accounts = env.of(Account.class);
            Account a = accounts.create("name", "x", "balance", 1).block(Env.TIMEOUT);
            for (int i = 0; i < 30; i++) {
                List<Mono<Account>> monos = List.of(accounts.save(a), accounts.get("id", a.id),
                        accounts.get("name", "x"));
                for (Mono<Account> mono : monos) {
                    List<Throwable> errors = new CopyOnWriteArrayList<>();
                    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                    IllegalStateException thrown = new IllegalStateException("consumer " + i);
                    mono.subscribe(v -> {
                        throw thrown;
                    }, e -> {
                        errors.add(e);
                        done.countDown();
                    }, done::countDown);
                    assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(5);
                    assertThat(errors).containsExactly(thrown);
                }
            }
            StepVerifier.create(accounts.get("id", a.id).map(x -> x.name))
                    .expectNext("x").expectComplete().verify(Env.TIMEOUT);
        }
    }
}
