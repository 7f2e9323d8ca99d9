package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.FieldError;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/**
 * A prefetching query's {@code toList()} is the list its prefetches ran over (its own, modifiable, in the query's
 * order), its {@code flux()} emits the same instances one by one; a relation's prefetch queryset, kept between
 * runs, sends the same statement as one built afresh and does not leak into a prefetch with a queryset of its own.
 */
class PrefetchListTest {

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

    private static final Map<String, List<String>> ALL = Map.of("T1", List.of("A", "B"), "T2", List.of("C"), "T3",
            List.of("D", "E", "F"), "T4", List.of());

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

    /** The events-of-tournaments prefetch statement with {@code n} keys, as each dialect sends it. */
    private static String eventsSql(DatabaseKind db, int n) {
        return switch (db) {
            case POSTGRES -> "SELECT \"event\".\"id\",\"event\".\"name\",\"event\".\"tournament_id\",\"event\".\"prize\" "
                    + "FROM \"event\" WHERE \"event\".\"tournament_id\"=ANY($1) ORDER BY \"event\".\"name\" ASC";
            case MARIADB -> "SELECT `event`.`id`,`event`.`name`,`event`.`tournament_id`,`event`.`prize` FROM `event` "
                    + "WHERE `event`.`tournament_id` IN (" + marks(n, "?") + ") ORDER BY `event`.`name` ASC";
            default -> "SELECT \"event\".\"id\",\"event\".\"name\",\"event\".\"tournament_id\",\"event\".\"prize\" "
                    + "FROM \"event\" WHERE \"event\".\"tournament_id\" IN (" + numbered(n) + ") ORDER BY "
                    + "\"event\".\"name\" ASC";
        };
    }

    private static String marks(int n, String mark) {
        return String.join(",", java.util.Collections.nCopies(n, mark));
    }

    /** {@code $1,...,$n}: H2's numbered parameters. */
    private static String numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("$" + i);
        }
        return String.join(",", out);
    }

    @DatabaseTest
    void toListOfAPrefetchingQueryIsItsOwnModifiableListInTheQueryOrder(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Tournament> ts = seed(env);
            env.statements().clear();
            List<Tournament> first = env.of(Tournament.class).orderBy("-name").prefetchRelated("events").toList()
                    .block(Env.TIMEOUT);
            List<Tournament> second = env.of(Tournament.class).orderBy("-name").prefetchRelated("events").toList()
                    .block(Env.TIMEOUT);
            assertThat(first).extracting(t -> t.name).containsExactly("T4", "T3", "T2", "T1");
            assertThat(eventsOf(first)).isEqualTo(ALL);
            assertThat(eventsOf(second)).isEqualTo(ALL);
            assertThat(second).isNotSameAs(first);
            first.add(ts.get(0));
            first.remove(0);
            assertThat(first).extracting(t -> t.name).containsExactly("T3", "T2", "T1", "T1");
            assertThat(second).extracting(t -> t.name).containsExactly("T4", "T3", "T2", "T1");
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(4);
            assertThat(st.get(1).sql()).isEqualTo(eventsSql(db, 4));
            assertThat(flat(st.get(1))).containsExactly(ts.get(3).id, ts.get(2).id, ts.get(1).id, ts.get(0).id);
            assertThat(st.get(3).sql()).isEqualTo(eventsSql(db, 4));
            assertThat(flat(st.get(3))).containsExactly(ts.get(3).id, ts.get(2).id, ts.get(1).id, ts.get(0).id);
        }
    }

    @DatabaseTest
    void fluxOfAPrefetchingQueryEmitsTheInstancesOneByOneAndAnEmptyQueryAnEmptyList(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            List<String> seen = new ArrayList<>();
            StepVerifier.create(env.of(Tournament.class).orderBy("name").prefetchRelated("events").flux())
                    .thenConsumeWhile(t -> seen.add(t.name + t.events.list().stream().map(e -> e.name).toList()))
                    .expectComplete().verify(Duration.ofSeconds(30));
            assertThat(seen).containsExactly("T1[A, B]", "T2[C]", "T3[D, E, F]", "T4[]");
            StepVerifier.create(env.of(Tournament.class).orderBy("name").prefetchRelated("events").flux().take(2))
                    .expectNextMatches(t -> t.name.equals("T1")).expectNextMatches(t -> t.name.equals("T2"))
                    .expectComplete().verify(Duration.ofSeconds(30));
            env.statements().clear();
            List<Tournament> none = env.of(Tournament.class).filter("name", "nope").prefetchRelated("events")
                    .toList().block(Env.TIMEOUT);
            assertThat(none).isEmpty();
            none.add(null);
            assertThat(none).hasSize(1);
            // No parents, no prefetch statement.
            assertThat(env.statements().events()).hasSize(1);
        }
    }

    @DatabaseTest
    void oneRelationsPrefetchReportsAnUnknownOrPlainFieldBeforeAnyPrefetchRuns(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            env.statements().clear();
            StepVerifier.create(env.of(Tournament.class).prefetchRelated("nope").toList())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class)
                            .hasMessage("Relation nope for models.Tournament not found"))
                    .verify(Duration.ofSeconds(30));
            StepVerifier.create(env.of(Tournament.class).prefetchRelated("name__x").toList())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class)
                            .hasMessage("Field name on models.Tournament is not a relation"))
                    .verify(Duration.ofSeconds(30));
            // Only the parents' statements ran.
            assertThat(env.statements().events()).hasSize(2);
        }
    }

    @DatabaseTest
    void keptPrefetchQuerysetSendsTheStatementOfAFreshOneAndStaysApartFromOwnQuerysets(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Tournament> ts = seed(env);
            env.statements().clear();
            List<Integer> firstTwo = List.of(ts.get(0).id, ts.get(1).id);
            List<Tournament> plain = env.of(Tournament.class).filter("id__in", firstTwo).orderBy("name")
                    .prefetchRelated("events").toList().block(Env.TIMEOUT);
            // A queryset of its own (another ordering) between two plain prefetches of the same relation.
            List<Tournament> own = env.of(Tournament.class).filter("id__in", firstTwo).orderBy("name")
                    .prefetchRelated(Prefetch.of("events", env.of(Event.class).orderBy("-name"))).toList()
                    .block(Env.TIMEOUT);
            List<Tournament> again = env.of(Tournament.class).filter("id__in", firstTwo).orderBy("name")
                    .prefetchRelated("events").toList().block(Env.TIMEOUT);
            assertThat(eventsOf(plain)).isEqualTo(Map.of("T1", List.of("A", "B"), "T2", List.of("C")));
            assertThat(eventsOf(own)).isEqualTo(Map.of("T1", List.of("B", "A"), "T2", List.of("C")));
            assertThat(eventsOf(again)).isEqualTo(Map.of("T1", List.of("A", "B"), "T2", List.of("C")));
            List<StatementEvent> st = env.statements().events();
            assertThat(st).hasSize(6);
            assertThat(st.get(1).sql()).isEqualTo(eventsSql(db, 2));
            assertThat(st.get(3).sql()).isEqualTo(eventsSql(db, 2).replace("ASC", "DESC"));
            assertThat(st.get(5).sql()).isEqualTo(eventsSql(db, 2));
            for (int i : new int[] {1, 3, 5}) {
                assertThat(flat(st.get(i))).containsExactly(ts.get(0).id, ts.get(1).id);
            }
            // The M2M prefetch's kept queryset (through key annotated) both ways, and after a queryset of its own.
            Team alpha = env.of(Team.class).create("name", "Alpha").block(Env.TIMEOUT);
            Team beta = env.of(Team.class).create("name", "Beta").block(Env.TIMEOUT);
            List<Event> events = env.of(Event.class).orderBy("name").toList().block(Env.TIMEOUT);
            events.get(0).participants.add(beta, alpha).block(Env.TIMEOUT);
            events.get(2).participants.add(beta).block(Env.TIMEOUT);
            for (int run = 0; run < 2; run++) {
                Map<String, List<String>> m = new LinkedHashMap<>();
                for (Event e : env.of(Event.class).filter("name__in", List.of("A", "B", "C")).prefetchRelated(
                        "participants").toList().block(Env.TIMEOUT)) {
                    m.put(e.name, e.participants.list().stream().map(x -> x.name).toList());
                }
                assertThat(m).containsExactly(Map.entry("A", List.of("Alpha", "Beta")), Map.entry("B", List.of()),
                        Map.entry("C", List.of("Beta")));
                Map<String, List<String>> desc = new LinkedHashMap<>();
                for (Event e : env.of(Event.class).filter("name__in", List.of("A", "C")).prefetchRelated(
                        Prefetch.of("participants", env.of(Team.class).orderBy("-name"))).toList()
                        .block(Env.TIMEOUT)) {
                    desc.put(e.name, e.participants.list().stream().map(x -> x.name).toList());
                }
                assertThat(desc).containsExactly(Map.entry("A", List.of("Beta", "Alpha")), Map.entry("C",
                        List.of("Beta")));
            }
            Map<String, List<String>> teams = new LinkedHashMap<>();
            for (Team x : env.of(Team.class).orderBy("name").prefetchRelated("events").toList().block(Env.TIMEOUT)) {
                teams.put(x.name, x.events.list().stream().map(e -> e.name).toList());
            }
            assertThat(teams).containsExactly(Map.entry("Alpha", List.of("A")), Map.entry("Beta", List.of("A", "C")));
        }
    }
}
