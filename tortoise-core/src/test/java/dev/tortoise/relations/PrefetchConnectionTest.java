package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.relations.Fixtures.Address;
import dev.tortoise.relations.Fixtures.Employee;
import dev.tortoise.relations.Fixtures.Event;
import dev.tortoise.relations.Fixtures.Team;
import dev.tortoise.relations.Fixtures.Tournament;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A queryset and its prefetches run on one pooled connection outside a transaction: taken once, released once
 * whether the operation completes, fails in a prefetch query or is cancelled while a prefetch query runs.
 */
class PrefetchConnectionTest {

    /** Counts connections taken from the pool. */
    private record Counting(ConnectionFactory delegate, AtomicInteger created) implements ConnectionFactory {
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(delegate.create()).doOnNext(c -> created.incrementAndGet());
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return delegate.getMetadata();
        }
    }

    private static Env start(DatabaseKind db, AtomicInteger acquired) {
        return Env.start(db, b -> b.models(Tournament.class, Event.class, Team.class, Address.class, Employee.class,
                        Fixtures.Node.class)
                .connectionFactoryDecorator((name, factory) -> new Counting(factory, acquired)));
    }

    private static PoolMetrics metrics(Env env) {
        return ((ConnectionPool) env.tortoise().connections().get("default").pool()).getMetrics().orElseThrow();
    }

    /** Waits until no pooled connection is lent out, and fails when that takes over 10 s. */
    private static void assertPoolIdle(Env env, String when) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        PoolMetrics m = metrics(env);
        while (System.nanoTime() < deadline) {
            if (m.acquiredSize() == 0 && m.pendingAcquireSize() == 0 && m.idleSize() == m.allocatedSize()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(when + ": pool acquired " + m.acquiredSize() + ", pending "
                + m.pendingAcquireSize() + ", idle " + m.idleSize() + " of " + m.allocatedSize());
    }

    /** Tournaments T1 (events A, B; A with teams X, Y) and T2 (event C with team Y). */
    private static List<Tournament> seed(Env env) {
        Tournament t1 = env.of(Tournament.class).create("name", "T1").block(Env.TIMEOUT);
        Tournament t2 = env.of(Tournament.class).create("name", "T2").block(Env.TIMEOUT);
        Event a = env.of(Event.class).create("name", "A", "tournament", t1).block(Env.TIMEOUT);
        env.of(Event.class).create("name", "B", "tournament", t1).block(Env.TIMEOUT);
        Event c = env.of(Event.class).create("name", "C", "tournament", t2).block(Env.TIMEOUT);
        Team x = env.of(Team.class).create("name", "X").block(Env.TIMEOUT);
        Team y = env.of(Team.class).create("name", "Y").block(Env.TIMEOUT);
        a.participants.add(x, y).block(Env.TIMEOUT);
        c.participants.add(y).block(Env.TIMEOUT);
        return List.of(t1, t2);
    }

    @DatabaseTest
    void reverseForeignKeyAndManyToManyPrefetchTakeOneConnectionEach(DatabaseKind db) {
        AtomicInteger acquired = new AtomicInteger();
        try (Env env = start(db, acquired)) {
            seed(env);
            env.statements().clear();
            int before = acquired.get();
            List<Tournament> ts = env.of(Tournament.class).orderBy("name").prefetchRelated("events").toList()
                    .block(Env.TIMEOUT);
            assertThat(acquired.get() - before).isEqualTo(1);
            assertThat(env.statements().events()).hasSize(2);
            Map<String, List<String>> got = new LinkedHashMap<>();
            for (Tournament t : ts) {
                got.put(t.name, t.events.list().stream().map(e -> e.name).toList());
            }
            assertThat(got).containsExactly(Map.entry("T1", List.of("A", "B")), Map.entry("T2", List.of("C")));

            env.statements().clear();
            before = acquired.get();
            List<Event> events = env.of(Event.class).orderBy("name").prefetchRelated("participants").toList()
                    .block(Env.TIMEOUT);
            assertThat(acquired.get() - before).isEqualTo(1);
            assertThat(env.statements().events()).hasSize(2);
            assertThat(events).extracting(e -> e.name + ":" + e.participants.list().stream().map(t -> t.name).toList())
                    .containsExactly("A:[X, Y]", "B:[]", "C:[Y]");
            assertPoolIdle(env, "after the prefetches");
        }
    }

    @DatabaseTest
    void nestedPrefetchRunsEveryLevelOnOneConnection(DatabaseKind db) {
        AtomicInteger acquired = new AtomicInteger();
        try (Env env = start(db, acquired)) {
            seed(env);
            env.statements().clear();
            int before = acquired.get();
            List<Tournament> ts = env.of(Tournament.class).orderBy("name").prefetchRelated("events__participants")
                    .toList().block(Env.TIMEOUT);
            assertThat(acquired.get() - before).isEqualTo(1);
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(3);
            List<String> got = new ArrayList<>();
            for (Tournament t : ts) {
                for (Event e : t.events.list()) {
                    got.add(t.name + "/" + e.name + ":" + e.participants.list().stream().map(x -> x.name).toList());
                }
            }
            assertThat(got).containsExactly("T1/A:[X, Y]", "T1/B:[]", "T2/C:[Y]");
            assertPoolIdle(env, "after the nested prefetch");
        }
    }

    @DatabaseTest
    void insideATransactionThePrefetchRunsOnTheTransactionsConnection(DatabaseKind db) {
        AtomicInteger acquired = new AtomicInteger();
        try (Env env = start(db, acquired)) {
            seed(env);
            int before = acquired.get();
            StepVerifier.create(env.tortoise().inTransaction("default", tx -> env.of(Tournament.class).orderBy("name")
                            .prefetchRelated("events").toList()
                            .map(ts -> ts.get(0).events.list().stream().map(e -> e.name).toList())))
                    .expectNext(List.of("A", "B"))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(acquired.get() - before).isEqualTo(1);
            assertPoolIdle(env, "after the transaction");
        }
    }

    @DatabaseTest
    void anErrorInThePrefetchQueryReleasesTheConnectionOnceAndIsTranslated(DatabaseKind db) {
        AtomicInteger acquired = new AtomicInteger();
        try (Env env = start(db, acquired)) {
            seed(env);
            env.query("DROP TABLE \"address\"");
            // The error a plain query of the missing table gets.
            Throwable plain = env.of(Address.class).all().toList()
                    .map(l -> (Throwable) new AssertionError("no error")).onErrorResume(Mono::just)
                    .block(Env.TIMEOUT);
            assertPoolIdle(env, "after the plain query");
            int before = acquired.get();
            StepVerifier.create(env.of(Event.class).prefetchRelated("address").toList())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(plain.getClass());
                        assertThat(e.getMessage()).containsIgnoringCase("address");
                    })
                    .verify(Env.TIMEOUT);
            assertThat(acquired.get() - before).isEqualTo(1);
            assertPoolIdle(env, "after the failed prefetch");
            assertThat(env.of(Event.class).count().block(Env.TIMEOUT)).isEqualTo(3L);
        }
    }

    @DatabaseTest
    void cancelWhileThePrefetchQueryRunsReleasesTheConnection(DatabaseKind db) {
        AtomicInteger acquired = new AtomicInteger();
        try (Env env = start(db, acquired)) {
            Tournament t = env.of(Tournament.class).create("name", "Big").block(Env.TIMEOUT);
            List<Event> many = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                Event e = new Event();
                e.name = "E" + i;
                e.tournament.set(t);
                many.add(e);
            }
            env.of(Event.class).bulkCreate(many).block(Env.TIMEOUT);
            for (int round = 0; round < 5; round++) {
                env.statements().clear();
                int before = acquired.get();
                StepVerifier.create(env.of(Tournament.class).prefetchRelated("events").toList())
                        // The parent statement has ended; its prefetch query is under way.
                        .then(() -> {
                            long deadline = System.nanoTime() + Env.TIMEOUT.toNanos();
                            while (env.statements().events().isEmpty() && System.nanoTime() < deadline) {
                                Thread.onSpinWait();
                            }
                        })
                        .thenCancel()
                        .verify(Env.TIMEOUT);
                assertThat(env.statements().events()).as("round %d: statements before the cancel", round)
                        .isNotEmpty();
                assertPoolIdle(env, "round " + round + " after the cancel");
                assertThat(acquired.get() - before).isEqualTo(1);
            }
            assertThat(env.of(Tournament.class).prefetchRelated("events").toList().block(Env.TIMEOUT).get(0)
                    .events.list()).hasSize(3000);
        }
    }
}
