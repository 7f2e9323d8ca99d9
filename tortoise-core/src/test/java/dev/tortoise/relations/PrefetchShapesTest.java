package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.query.Prefetch;
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

/**
 * Prefetch queries keep their compile per query shape and are run again with other keys: each run reads its
 * own rows, and querysets of the same shape with other values (or of another shape) do not share a result.
 */
class PrefetchShapesTest {

    private static Env start(DatabaseKind db) {
        return Env.start(db, Tournament.class, Event.class, Team.class, Address.class, Employee.class,
                Fixtures.Node.class);
    }

    /** Tournaments T1..T4; T1: A, B; T2: C; T3: D, E, F; T4: none. */
    private static List<Tournament> seed(Env env) {
        List<Tournament> ts = new ArrayList<>();
        for (String n : List.of("T1", "T2", "T3", "T4")) {
            ts.add(env.of(Tournament.class).create("name", n).block(Env.TIMEOUT));
        }
        String[][] events = {{"B", "A"}, {"C"}, {"F", "D", "E"}, {}};
        for (int i = 0; i < events.length; i++) {
            for (String e : events[i]) {
                env.of(Event.class).create("name", e, "tournament", ts.get(i)).block(Env.TIMEOUT);
            }
        }
        return ts;
    }

    private static Map<String, List<String>> eventsOf(List<Tournament> ts) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Tournament t : ts) {
            out.put(t.name, t.events.list().stream().map(e -> e.name).toList());
        }
        return out;
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

    @DatabaseTest
    void reverseForeignKeyPrefetchRunAgainWithOtherKeysReadsItsOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Tournament> ts = seed(env);
            env.statements().clear();
            List<Tournament> first = env.of(Tournament.class).filter("id__in", List.of(ts.get(0).id, ts.get(1).id))
                    .orderBy("name").prefetchRelated("events").toList().block(Env.TIMEOUT);
            List<Tournament> second = env.of(Tournament.class).filter("id__in", List.of(ts.get(2).id, ts.get(3).id))
                    .orderBy("name").prefetchRelated("events").toList().block(Env.TIMEOUT);
            List<Tournament> third = env.of(Tournament.class).filter("id__in", List.of(ts.get(1).id, ts.get(2).id))
                    .orderBy("name").prefetchRelated("events").toList().block(Env.TIMEOUT);
            assertThat(eventsOf(first)).isEqualTo(Map.of("T1", List.of("A", "B"), "T2", List.of("C")));
            assertThat(eventsOf(second)).isEqualTo(Map.of("T3", List.of("D", "E", "F"), "T4", List.of()));
            assertThat(eventsOf(third)).isEqualTo(Map.of("T2", List.of("C"), "T3", List.of("D", "E", "F")));
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(6);
            // The same prefetch statement each time, bound to each run's own keys.
            assertThat(st.get(3).sql()).isEqualTo(st.get(1).sql());
            assertThat(st.get(5).sql()).isEqualTo(st.get(1).sql());
            assertThat(flat(st.get(1))).containsExactly(ts.get(0).id, ts.get(1).id);
            assertThat(flat(st.get(3))).containsExactly(ts.get(2).id, ts.get(3).id);
            assertThat(flat(st.get(5))).containsExactly(ts.get(1).id, ts.get(2).id);
        }
    }

    @DatabaseTest
    void forwardForeignKeyPrefetchRunAgainWithOtherKeysReadsItsOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            for (List<String> names : List.of(List.of("A", "C"), List.of("D", "B"), List.of("E", "F"))) {
                List<Event> events = env.of(Event.class).filter("name__in", names).prefetchRelated("tournament")
                        .toList().block(Env.TIMEOUT);
                Map<String, String> got = new LinkedHashMap<>();
                for (Event e : events) {
                    got.put(e.name, e.tournament.get().name);
                }
                Map<String, String> expected = Map.of("A", "T1", "B", "T1", "C", "T2", "D", "T3", "E", "T3",
                        "F", "T3");
                Map<String, String> want = new LinkedHashMap<>();
                for (String n : names.stream().sorted().toList()) {
                    want.put(n, expected.get(n));
                }
                assertThat(got).containsExactlyEntriesOf(want);
            }
        }
    }

    @DatabaseTest
    void manyToManyPrefetchRunAgainWithOtherKeysReadsItsOwnRowsBothWays(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            List<Team> teams = new ArrayList<>();
            for (String n : List.of("Alpha", "Beta", "Gamma", "Delta")) {
                teams.add(env.of(Team.class).create("name", n).block(Env.TIMEOUT));
            }
            List<Event> events = new ArrayList<>();
            for (String n : List.of("E0", "E1", "E2", "E3")) {
                events.add(env.of(Event.class).create("name", n, "tournament", t).block(Env.TIMEOUT));
            }
            events.get(0).participants.add(teams.get(0), teams.get(1)).block(Env.TIMEOUT);
            events.get(1).participants.add(teams.get(2)).block(Env.TIMEOUT);
            events.get(2).participants.add(teams.get(3), teams.get(0), teams.get(2)).block(Env.TIMEOUT);
            env.statements().clear();
            List<List<String>> runs = List.of(List.of("E0", "E1"), List.of("E2", "E3"), List.of("E1", "E2"));
            List<Map<String, List<String>>> got = new ArrayList<>();
            for (List<String> names : runs) {
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (Event e : env.of(Event.class).filter("name__in", names).prefetchRelated("participants").toList()
                        .block(Env.TIMEOUT)) {
                    m.put(e.name, e.participants.list().stream().map(x -> x.name).toList());
                }
                got.add(m);
            }
            assertThat(got.get(0)).isEqualTo(Map.of("E0", List.of("Alpha", "Beta"), "E1", List.of("Gamma")));
            assertThat(got.get(1)).isEqualTo(Map.of("E2", List.of("Alpha", "Delta", "Gamma"), "E3", List.of()));
            assertThat(got.get(2)).isEqualTo(Map.of("E1", List.of("Gamma"), "E2", List.of("Alpha", "Delta", "Gamma")));
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(6);
            assertThat(st.get(3).sql()).isEqualTo(st.get(1).sql());
            assertThat(st.get(5).sql()).isEqualTo(st.get(1).sql());
            assertThat(flat(st.get(1))).containsExactly(events.get(0).id, events.get(1).id);
            assertThat(flat(st.get(3))).containsExactly(events.get(2).id, events.get(3).id);
            assertThat(flat(st.get(5))).containsExactly(events.get(1).id, events.get(2).id);
            // The other direction: teams with their events.
            for (List<Integer> which : List.of(List.of(0, 1), List.of(2, 3))) {
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (Team x : env.of(Team.class).filter("id__in", List.of(teams.get(which.get(0)).id,
                        teams.get(which.get(1)).id)).prefetchRelated("events").toList().block(Env.TIMEOUT)) {
                    m.put(x.name, x.events.list().stream().map(e -> e.name).sorted().toList());
                }
                assertThat(m).isEqualTo(which.get(0) == 0
                        ? Map.of("Alpha", List.of("E0", "E2"), "Beta", List.of("E0"))
                        : Map.of("Gamma", List.of("E1", "E2"), "Delta", List.of("E2")));
            }
        }
    }

    @DatabaseTest
    void prefetchQuerysetsOfOneShapeWithOtherValuesOrOfAnotherShapeKeepTheirOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Tournament> ts = seed(env);
            Map<String, List<String>> picks = new LinkedHashMap<>();
            for (String name : List.of("D", "E", "A")) {
                Tournament loaded = env.of(Tournament.class)
                        .prefetchRelated(Prefetch.of("events", env.of(Event.class).filter("name", name), "picked"),
                                "events")
                        .get("id", ts.get(name.equals("A") ? 0 : 2).id).block(Env.TIMEOUT);
                List<Event> picked = loaded.prefetched("picked");
                picks.put(name, picked.stream().map(e -> e.name).toList());
                assertThat(loaded.events.list()).extracting(e -> e.name)
                        .containsExactlyElementsOf(name.equals("A") ? List.of("A", "B") : List.of("D", "E", "F"));
            }
            assertThat(picks).isEqualTo(Map.of("D", List.of("D"), "E", List.of("E"), "A", List.of("A")));
            // Another shape of the same relation (another ordering, a slice) after the plain one.
            Tournament desc = env.of(Tournament.class)
                    .prefetchRelated(Prefetch.of("events", env.of(Event.class).orderBy("-name"), "picked"))
                    .get("id", ts.get(2).id).block(Env.TIMEOUT);
            assertThat(desc.<List<Event>>prefetched("picked")).extracting(e -> e.name).containsExactly("F", "E", "D");
            Tournament asc = env.of(Tournament.class)
                    .prefetchRelated(Prefetch.of("events", env.of(Event.class).filter("name__in", List.of("F", "D")),
                            "picked"))
                    .get("id", ts.get(2).id).block(Env.TIMEOUT);
            assertThat(asc.<List<Event>>prefetched("picked")).extracting(e -> e.name).containsExactly("D", "F");
        }
    }
}
