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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/**
 * A prefetch level with a level below it hands that level its rows in the order they were read, each once, so the
 * level below binds their distinct keys in that order; a level without one loads its groups all the same.
 */
class PrefetchLevelsTest {

    private static Env start(DatabaseKind db) {
        return Env.start(db, Tournament.class, Event.class, Team.class, Address.class, Employee.class);
    }

    /** The values a statement bound, an array bind (PostgreSQL's key list) spread out. */
    private static List<Object> flat(StatementEvent e) {
        List<Object> out = new ArrayList<>();
        for (Object b : e.bindings()) {
            if (b instanceof Object[] a) {
                out.addAll(Arrays.asList(a));
            } else {
                out.add(b);
            }
        }
        return out;
    }

    private static final class Seeded {
        Tournament t1;
        Tournament t2;
        Event a;
        Event b;
        Event c;
    }

    /** T1 holds event B, T2 events A and C; Alpha takes part in A, B and C, Beta in B and C. */
    private static Seeded seed(Env env) {
        Seeded s = new Seeded();
        s.t1 = env.of(Tournament.class).create("name", "T1").block(Env.TIMEOUT);
        s.t2 = env.of(Tournament.class).create("name", "T2").block(Env.TIMEOUT);
        s.a = env.of(Event.class).create("name", "A", "tournament", s.t2).block(Env.TIMEOUT);
        s.b = env.of(Event.class).create("name", "B", "tournament", s.t1).block(Env.TIMEOUT);
        s.c = env.of(Event.class).create("name", "C", "tournament", s.t2).block(Env.TIMEOUT);
        Team alpha = env.of(Team.class).create("name", "Alpha").block(Env.TIMEOUT);
        Team beta = env.of(Team.class).create("name", "Beta").block(Env.TIMEOUT);
        alpha.events.add(s.c, s.a, s.b).block(Env.TIMEOUT);
        beta.events.add(s.c, s.b).block(Env.TIMEOUT);
        return s;
    }

    @DatabaseTest
    void aLevelBelowAManyToManyGetsItsRowsKeysInReadOrder(DatabaseKind db) {
        try (Env env = start(db)) {
            Seeded s = seed(env);
            env.statements().clear();
            Map<String, List<String>> read = new LinkedHashMap<>();
            StepVerifier.create(env.of(Team.class).orderBy("name").prefetchRelated("events__tournament").toList())
                    .assertNext(teams -> teams.forEach(t -> read.put(t.name, t.events.list().stream()
                            .map(e -> e.name + "@" + e.tournament.get().name).toList())))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(read).containsExactly(Map.entry("Alpha", List.of("A@T2", "B@T1", "C@T2")),
                    Map.entry("Beta", List.of("B@T1", "C@T2")));
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(3);
            // Rows by event name: A (T2), B, B (T1), C, C (T2): the tournaments' keys once each, first seen first.
            assertThat(flat(st.get(2))).containsExactly(s.t2.id, s.t1.id);
        }
    }

    @DatabaseTest
    void aLevelBelowAReverseForeignKeyGetsItsRowsKeysInReadOrder(DatabaseKind db) {
        try (Env env = start(db)) {
            Seeded s = seed(env);
            env.statements().clear();
            Map<String, List<String>> read = new LinkedHashMap<>();
            StepVerifier.create(env.of(Tournament.class).orderBy("-name").prefetchRelated("events__participants")
                            .toList())
                    .assertNext(ts -> ts.forEach(t -> read.put(t.name, t.events.list().stream()
                            .map(e -> e.name + e.participants.list().stream().map(p -> p.name).toList()).toList())))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(read).containsExactly(Map.entry("T2", List.of("A[Alpha]", "C[Alpha, Beta]")),
                    Map.entry("T1", List.of("B[Alpha, Beta]")));
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(3);
            assertThat(flat(st.get(1))).containsExactly(s.t2.id, s.t1.id);
            // The events as read (ordered by name), not grouped by tournament (which would give A, C, B).
            assertThat(flat(st.get(2))).containsExactly(s.a.id, s.b.id, s.c.id);
        }
    }

    @DatabaseTest
    void aLastLevelGivesEveryParentItsRowsAndAParentWithoutRowsAnEmptyList(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            env.of(Tournament.class).create("name", "T3").block(Env.TIMEOUT);
            env.statements().clear();
            Map<String, List<String>> read = new LinkedHashMap<>();
            StepVerifier.create(env.of(Tournament.class).orderBy("name").prefetchRelated("events").toList())
                    .assertNext(ts -> ts.forEach(t -> read.put(t.name, t.events.list().stream().map(e -> e.name)
                            .toList())))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(read).containsExactly(Map.entry("T1", List.of("B")), Map.entry("T2", List.of("A", "C")),
                    Map.entry("T3", List.of()));
            assertThat(env.statements().events()).hasSize(2);
        }
    }
}
