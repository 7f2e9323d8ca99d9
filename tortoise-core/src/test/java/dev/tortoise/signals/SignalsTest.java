package dev.tortoise.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.tx.Account;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class SignalsTest {

    /** Records every signal as text. */
    static final class Recorder {
        final List<String> events = new CopyOnWriteArrayList<>();

        void register(Signals s) {
            s.preSave(Account.class, (cls, a, db, fields) -> Mono.fromRunnable(() ->
                    events.add("pre_save " + cls.getSimpleName() + " " + a.name + " pk=" + a.id + " " + fields)));
            s.postSave(Account.class, (cls, a, created, db, fields) -> Mono.fromRunnable(() ->
                    events.add("post_save " + a.name + " pk=" + a.id + " created=" + created + " " + fields)));
            s.preDelete(Account.class, (cls, a, db) -> Mono.fromRunnable(() -> events.add("pre_delete " + a.name)));
            s.postDelete(Account.class, (cls, a, db) -> Mono.fromRunnable(() -> events.add("post_delete " + a.name)));
        }
    }

    @DatabaseTest
    void instanceSaveCreateAndDeleteFireTheSignalsInOrder(DatabaseKind db) {
        Recorder r = new Recorder();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(r::register))) {
            var accounts = env.of(Account.class);
            Account a = accounts.create("name", "x").block(Env.TIMEOUT);
            a.balance = 5;
            a.save().block(Env.TIMEOUT);
            a.save("balance").block(Env.TIMEOUT);
            a.delete().block(Env.TIMEOUT);
            assertThat(r.events).containsExactly(
                    "pre_save Account x pk=null []",
                    "post_save x pk=" + a.id + " created=true []",
                    "pre_save Account x pk=" + a.id + " []",
                    "post_save x pk=" + a.id + " created=false []",
                    "pre_save Account x pk=" + a.id + " [balance]",
                    "post_save x pk=" + a.id + " created=false [balance]",
                    "pre_delete x",
                    "post_delete x");
        }
    }

    @DatabaseTest
    void querysetUpdateDeleteAndBulkOperationsFireNoSignal(DatabaseKind db) {
        Recorder r = new Recorder();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(r::register))) {
            var accounts = env.of(Account.class);
            accounts.bulkCreate(List.of(new Account("a", 1), new Account("b", 2))).block(Env.TIMEOUT);
            accounts.filter("name", "a").update("balance", 3).block(Env.TIMEOUT);
            List<Account> all = accounts.all().orderBy("name").toList().block(Env.TIMEOUT);
            all.forEach(x -> x.balance = 9);
            accounts.bulkUpdate(all, List.of("balance")).block(Env.TIMEOUT);
            accounts.filter("name", "b").delete().block(Env.TIMEOUT);
            assertThat(r.events).isEmpty();
            assertThat(env.countRows("account")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void preSaveListenersMayChangeTheInstanceBeforeItIsWritten(DatabaseKind db) {
        try (Env env = Env.start(db, b -> b.models(Account.class)
                .signals(s -> s.preSave(Account.class, (cls, a, dbName, f) -> {
                    a.name = a.name.toUpperCase();
                    return null;
                })))) {
            Account a = env.of(Account.class).create("name", "lower").block(Env.TIMEOUT);
            assertThat(env.query("SELECT \"name\" FROM \"account\"")).containsExactly(Map.of("name", "LOWER"));
            assertThat(a.name).isEqualTo("LOWER");
        }
    }

    @DatabaseTest
    void listenersOfOneSignalRunConcurrentlyAndTheSaveWaitsForThem(DatabaseKind db) {
        CountDownLatch both = new CountDownLatch(2);
        List<String> done = new CopyOnWriteArrayList<>();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> {
            for (String name : List.of("first", "second")) {
                // Each listener waits until both have started: this completes only if they run concurrently.
                s.postSave(Account.class, (cls, a, created, dbName, f) -> Mono.fromCallable(() -> {
                    both.countDown();
                    if (!both.await(5, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(name + " ran alone");
                    }
                    done.add(name);
                    return name;
                }).subscribeOn(Schedulers.boundedElastic()));
            }
        }))) {
            StepVerifier.create(env.of(Account.class).create("name", "c").map(a -> done.size()))
                    .expectNext(2)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(done).containsExactlyInAnyOrder("first", "second");
        }
    }

    @DatabaseTest
    void aFailingPreSaveListenerStopsTheSave(DatabaseKind db) {
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s.preSave(Account.class,
                (cls, a, dbName, f) -> Mono.error(new IllegalStateException("vetoed")))))) {
            StepVerifier.create(env.of(Account.class).create("name", "no"))
                    .expectErrorMessage("vetoed")
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
        }
    }

    @DatabaseTest
    void listenersRunInsideTheCallersTransaction(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            var accounts = env.of(Account.class);
            env.tortoise().signals().postSave(Account.class, (cls, a, created, dbName, f) -> created
                    && !a.name.endsWith("-audit") ? accounts.create("name", a.name + "-audit") : null);
            StepVerifier.create(env.tortoise().inTransaction(tx -> accounts.create("name", "t")
                            .then(Mono.error(new IllegalStateException("rollback")))))
                    .expectErrorMessage("rollback")
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isZero();
            accounts.create("name", "u").block(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(2);
        }
    }

    /** Receivers declared by annotation. */
    public static final class AnnotatedReceivers {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Receiver(value = Signal.POST_SAVE, models = Account.class)
        public Publisher<Void> saved(Class<?> sender, Account instance, boolean created, String usingDb,
                                     List<String> updateFields) {
            return Mono.fromRunnable(() -> seen.add("saved " + instance.name + " " + created));
        }

        @Receiver(value = Signal.PRE_DELETE, models = Account.class)
        public void deleting(Class<?> sender, Account instance, String usingDb) {
            seen.add("deleting " + instance.name);
        }
    }

    @DatabaseTest
    void annotatedReceiversAreRegisteredFromAnObject(DatabaseKind db) {
        AnnotatedReceivers receivers = new AnnotatedReceivers();
        try (Env env = Env.start(db, b -> b.models(Account.class).signals(s -> s.register(receivers)))) {
            Account a = env.of(Account.class).create("name", "r").block(Env.TIMEOUT);
            a.delete().block(Env.TIMEOUT);
            assertThat(receivers.seen).containsExactly("saved r true", "deleting r");
        }
    }

    /** A receiver with the wrong parameters. */
    public static final class BadReceiver {
        @Receiver(value = Signal.PRE_DELETE, models = Account.class)
        public void wrong(Account instance) {
        }
    }

    @Test
    void aReceiverWithTheWrongParametersIsAConfigurationError() {
        assertThatThrownBy(() -> new Signals().register(new BadReceiver()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("Signal receiver BadReceiver.wrong must take (Class sender, <Model> instance, "
                        + "String usingDb)");
        assertThatThrownBy(() -> new Signals().register(new Object()))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("java.lang.Object has no public @Receiver methods");
    }

    @DatabaseTest
    void signalsAreNotFiredForOtherModels(DatabaseKind db) {
        Recorder r = new Recorder();
        try (Env env = Env.start(db, b -> b.models(Account.class, Other.class).signals(r::register))) {
            env.of(Other.class).create("label", "o").block(Env.TIMEOUT);
            assertThat(r.events).isEmpty();
        }
    }

    @dev.tortoise.model.Meta(table = "other")
    public static class Other extends Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.CharField(maxLength = 20)
        public String label;
    }

}
