package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.query.CompiledShapesProbe;
import dev.tortoise.query.Manager;
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
 * A prefetch run again with as many keys as a kept run binds its keys into the kept statement's slots without
 * compiling its key filter (or anything else); other keys and other key counts read exactly their own rows.
 */
class PrefetchKeyListsTest {

    private static Env start(DatabaseKind db) {
        return Env.start(db, Tournament.class, Event.class, Team.class, Address.class, Employee.class,
                Fixtures.Node.class);
    }

    private static final String[][] EVENTS = {{"B", "A"}, {"C"}, {"F", "D", "E"}, {}, {"G"}, {"I", "H"}};

    /** Tournaments T1..T6 with the events of {@link #EVENTS}. */
    private static List<Tournament> seed(Env env) {
        List<Tournament> ts = new ArrayList<>();
        for (int i = 0; i < EVENTS.length; i++) {
            ts.add(env.of(Tournament.class).create("name", "T" + (i + 1)).block(Env.TIMEOUT));
        }
        for (int i = 0; i < EVENTS.length; i++) {
            for (String e : EVENTS[i]) {
                env.of(Event.class).create("name", e, "tournament", ts.get(i)).block(Env.TIMEOUT);
            }
        }
        return ts;
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

    /** Tournaments {@code offset+1 .. offset+limit} with their events' names, as a prefetch read them. */
    private static Map<String, List<String>> tournaments(Env env, int limit, int offset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        StepVerifier.create(env.of(Tournament.class).orderBy("name").limit(limit).offset(offset)
                        .prefetchRelated("events").toList())
                .assertNext(ts -> ts.forEach(t -> out.put(t.name, t.events.list().stream().map(e -> e.name)
                        .toList())))
                .expectComplete().verify(Env.TIMEOUT);
        return out;
    }

    private static Map<String, List<String>> expected(int limit, int offset) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = offset; i < Math.min(EVENTS.length, offset + limit); i++) {
            out.put("T" + (i + 1), Arrays.stream(EVENTS[i]).sorted().toList());
        }
        return out;
    }

    @DatabaseTest
    void reverseForeignKeyPrefetchOfOtherKeysCompilesNothingOnceWarm(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Tournament> ts = seed(env);
            // One run per key count makes the shapes (parents' and prefetch's) kept.
            assertThat(tournaments(env, 2, 0)).isEqualTo(expected(2, 0));
            assertThat(tournaments(env, 3, 0)).isEqualTo(expected(3, 0));
            env.statements().clear();
            long compiles = CompiledShapesProbe.totalCompileCount();
            int[][] runs = {{2, 2}, {2, 4}, {3, 3}, {3, 1}, {2, 0}};
            for (int[] r : runs) {
                assertThat(tournaments(env, r[0], r[1])).containsExactlyEntriesOf(expected(r[0], r[1]));
            }
            assertThat(CompiledShapesProbe.totalCompileCount() - compiles).isZero();
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(2 * runs.length);
            for (int i = 0; i < runs.length; i++) {
                List<Object> keys = new ArrayList<>();
                for (int k = runs[i][1]; k < runs[i][1] + runs[i][0]; k++) {
                    keys.add(ts.get(k).id);
                }
                assertThat(flat(st.get(2 * i + 1))).containsExactlyElementsOf(keys);
            }
            assertThat(st.get(3).sql()).isEqualTo(st.get(1).sql());
            assertThat(st.get(7).sql()).isEqualTo(st.get(5).sql());
            // A key count not run before compiles once, then not again; each reads its own rows.
            assertThat(tournaments(env, 4, 1)).containsExactlyEntriesOf(expected(4, 1));
            long again = CompiledShapesProbe.totalCompileCount();
            assertThat(tournaments(env, 4, 2)).containsExactlyEntriesOf(expected(4, 2));
            assertThat(tournaments(env, 6, 0)).containsExactlyEntriesOf(expected(6, 0));
            assertThat(tournaments(env, 6, 0)).containsExactlyEntriesOf(expected(6, 0));
            assertThat(tournaments(env, 1, 5)).containsExactlyEntriesOf(expected(1, 5));
            assertThat(tournaments(env, 4, 0)).containsExactlyEntriesOf(expected(4, 0));
            assertThat(CompiledShapesProbe.totalCompileCount() - again).isEqualTo(2);
        }
    }

    @DatabaseTest
    void manyToManyPrefetchOfOtherKeysCompilesNothingOnceWarmBothWays(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            List<Team> teams = new ArrayList<>();
            for (String n : List.of("Alpha", "Beta", "Gamma", "Delta")) {
                teams.add(env.of(Team.class).create("name", n).block(Env.TIMEOUT));
            }
            List<Event> events = new ArrayList<>();
            for (String n : List.of("E0", "E1", "E2", "E3", "E4")) {
                events.add(env.of(Event.class).create("name", n, "tournament", t).block(Env.TIMEOUT));
            }
            events.get(0).participants.add(teams.get(0), teams.get(1)).block(Env.TIMEOUT);
            events.get(1).participants.add(teams.get(2)).block(Env.TIMEOUT);
            events.get(2).participants.add(teams.get(3), teams.get(0), teams.get(2)).block(Env.TIMEOUT);
            events.get(4).participants.add(teams.get(1)).block(Env.TIMEOUT);
            Map<String, List<String>> all = Map.of("E0", List.of("Alpha", "Beta"), "E1", List.of("Gamma"),
                    "E2", List.of("Alpha", "Delta", "Gamma"), "E3", List.of(), "E4", List.of("Beta"));
            Map<String, List<String>> byTeam = Map.of("Alpha", List.of("E0", "E2"), "Beta", List.of("E0", "E4"),
                    "Gamma", List.of("E1", "E2"), "Delta", List.of("E2"));
            int[][] runs = {{2, 0}, {2, 0}, {2, 1}, {2, 3}, {3, 2}, {3, 0}, {2, 2}};
            long compiles = 0;
            for (int i = 0; i < runs.length; i++) {
                if (i == 1) {
                    compiles = CompiledShapesProbe.totalCompileCount();
                }
                int limit = runs[i][0];
                int offset = runs[i][1];
                Map<String, List<String>> got = new LinkedHashMap<>();
                for (Event e : env.of(Event.class).orderBy("name").limit(limit).offset(offset)
                        .prefetchRelated("participants").toList().block(Env.TIMEOUT)) {
                    got.put(e.name, e.participants.list().stream().map(x -> x.name).toList());
                }
                Map<String, List<String>> want = new LinkedHashMap<>();
                for (int k = offset; k < offset + limit; k++) {
                    want.put("E" + k, all.get("E" + k));
                }
                assertThat(got).containsExactlyEntriesOf(want);
                Map<String, List<String>> back = new LinkedHashMap<>();
                for (Team x : env.of(Team.class).orderBy("name").limit(limit).offset(offset % 3)
                        .prefetchRelated("events").toList().block(Env.TIMEOUT)) {
                    back.put(x.name, x.events.list().stream().map(e -> e.name).sorted().toList());
                }
                List<String> names = List.of("Alpha", "Beta", "Delta", "Gamma");
                Map<String, List<String>> wantBack = new LinkedHashMap<>();
                for (int k = offset % 3; k < Math.min(names.size(), offset % 3 + limit); k++) {
                    wantBack.put(names.get(k), byTeam.get(names.get(k)));
                }
                assertThat(back).containsExactlyEntriesOf(wantBack);
            }
            // Three runs of three keys are warm after their first: only that first compiles (each direction's
            // prefetch statement, the parents' shape kept already).
            assertThat(CompiledShapesProbe.totalCompileCount() - compiles).isEqualTo(2);
        }
    }

    @DatabaseTest
    void keyListsOfOtherElementTypesBindAsTheirFilterConvertsThem(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Tournament> ts = seed(env);
            Manager<Tournament> m = env.of(Tournament.class);
            StepVerifier.create(m.filter("id__in", List.of(ts.get(0).id, ts.get(2).id)).orderBy("name").valuesList(
                    true, "name").toList()).expectNext(List.<Object>of("T1", "T3")).expectComplete().verify(Env.TIMEOUT);
            long compiles = CompiledShapesProbe.totalCompileCount();
            StepVerifier.create(m.filter("id__in", List.of((long) ts.get(1).id, (long) ts.get(5).id)).orderBy("name")
                    .valuesList(true, "name").toList()).expectNext(List.<Object>of("T2", "T6")).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of(ts.get(3), ts.get(4))).orderBy("name")
                    .valuesList(true, "name").toList()).expectNext(List.<Object>of("T4", "T5")).expectComplete()
                    .verify(Env.TIMEOUT);
            assertThat(CompiledShapesProbe.totalCompileCount() - compiles).isZero();
        }
    }
}
