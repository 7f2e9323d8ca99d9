package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.CharField;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.BulkCreateOptions;
import dev.tortoise.query.Prefetch;
import dev.tortoise.relations.Fixtures.Address;
import dev.tortoise.relations.Fixtures.Employee;
import dev.tortoise.relations.Fixtures.Event;
import dev.tortoise.relations.Fixtures.Node;
import dev.tortoise.relations.Fixtures.Team;
import dev.tortoise.relations.Fixtures.Tournament;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Review probes of the prefetch grouping (rows grouped as they are mapped, keys made distinct by the group map) and
 * of bulk_create's array text, key text and binding pass: every result as the code before those changes gave it.
 */
class PrefetchBulkReviewTest {

    @Meta(table = "big_keyed")
    public static class BigKeyed extends Model {
        @BigIntField(primaryKey = true)
        public Long id;
        @CharField(maxLength = 20)
        public String name;
    }

    private static Env start(DatabaseKind db) {
        return Env.start(db, Tournament.class, Event.class, Team.class, Address.class, Employee.class, Node.class,
                BigKeyed.class);
    }

    private static final class Seeded {
        Tournament t1;
        Tournament t2;
        Tournament t3;
        Event a;
        Event b;
        Event c;
        Team alpha;
        Team beta;
        Team gamma;
    }

    /** T1: B; T2: A, C; T3: none. Alpha in A, B, C; Beta in B, C; Gamma in none. Address only for A. */
    private static Seeded seed(Env env) {
        Seeded s = new Seeded();
        s.t1 = env.of(Tournament.class).create("name", "T1").block(Env.TIMEOUT);
        s.t2 = env.of(Tournament.class).create("name", "T2").block(Env.TIMEOUT);
        s.t3 = env.of(Tournament.class).create("name", "T3").block(Env.TIMEOUT);
        s.a = env.of(Event.class).create("name", "A", "tournament", s.t2).block(Env.TIMEOUT);
        s.b = env.of(Event.class).create("name", "B", "tournament", s.t1).block(Env.TIMEOUT);
        s.c = env.of(Event.class).create("name", "C", "tournament", s.t2).block(Env.TIMEOUT);
        s.alpha = env.of(Team.class).create("name", "Alpha").block(Env.TIMEOUT);
        s.beta = env.of(Team.class).create("name", "Beta").block(Env.TIMEOUT);
        s.gamma = env.of(Team.class).create("name", "Gamma").block(Env.TIMEOUT);
        s.alpha.events.add(s.c, s.a, s.b).block(Env.TIMEOUT);
        s.beta.events.add(s.c, s.b).block(Env.TIMEOUT);
        env.of(Address.class).create("city", "Oslo", "street", "Main", "event", s.a).block(Env.TIMEOUT);
        return s;
    }

    private static List<String> names(List<? extends Model> ms) {
        return ms.stream().map(m -> String.valueOf(m.get("name"))).toList();
    }

    @DatabaseTest
    void duplicateParentsAndParentsSharingAKeyEachGetTheirOwnFullGroup(DatabaseKind db) {
        try (Env env = start(db)) {
            Seeded s = seed(env);
            Tournament t2Again = env.of(Tournament.class).get("id", s.t2.id).block(Env.TIMEOUT);
            Team alphaAgain = env.of(Team.class).get("id", s.alpha.id).block(Env.TIMEOUT);
            List<Tournament> ts = List.of(s.t2, s.t1, s.t2, t2Again, s.t3);
            StepVerifier.create(env.tortoise().fetchForList(ts, "events")).expectComplete().verify(Env.TIMEOUT);
            assertThat(names(s.t2.events.list())).containsExactly("A", "C");
            assertThat(names(t2Again.events.list())).containsExactly("A", "C");
            assertThat(names(s.t1.events.list())).containsExactly("B");
            assertThat(names(s.t3.events.list())).isEmpty();
            // A parent sharing its key with another gets a list of its own.
            assertThat(t2Again.events.list()).isNotSameAs(s.t2.events.list());
            List<Team> teams = List.of(s.alpha, alphaAgain, s.gamma, s.alpha, s.beta);
            StepVerifier.create(env.tortoise().fetchForList(teams, "events")).expectComplete().verify(Env.TIMEOUT);
            assertThat(names(s.alpha.events.list())).containsExactly("A", "B", "C");
            assertThat(names(alphaAgain.events.list())).containsExactly("A", "B", "C");
            assertThat(names(s.beta.events.list())).containsExactly("B", "C");
            assertThat(names(s.gamma.events.list())).isEmpty();
            List<Event> events = List.of(s.c, s.a, s.c, s.b);
            StepVerifier.create(env.tortoise().fetchForList(events, "tournament", "address", "participants"))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(s.c.tournament.get().name).isEqualTo("T2");
            assertThat(s.a.tournament.get().name).isEqualTo("T2");
            assertThat(s.b.tournament.get().name).isEqualTo("T1");
            assertThat(s.a.address.get().city).isEqualTo("Oslo");
            assertThat(s.b.address.get()).isNull();
            assertThat(s.c.address.get()).isNull();
            assertThat(names(s.c.participants.list())).containsExactly("Alpha", "Beta");
            assertThat(names(s.a.participants.list())).containsExactly("Alpha");
            Address oslo = env.of(Address.class).get("city", "Oslo").block(Env.TIMEOUT);
            Address osloAgain = env.of(Address.class).get("city", "Oslo").block(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().fetchForList(List.of(oslo, osloAgain, oslo), "event"))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(oslo.event.get().name).isEqualTo("A");
            assertThat(osloAgain.event.get().name).isEqualTo("A");
        }
    }

    @DatabaseTest
    void emptyInputRunsNoQueryAndParentsWithNullKeysGetNothing(DatabaseKind db) {
        try (Env env = start(db)) {
            Employee boss = env.of(Employee.class).create("name", "Boss").block(Env.TIMEOUT);
            Employee one = env.of(Employee.class).create("name", "One", "manager", boss).block(Env.TIMEOUT);
            Employee two = env.of(Employee.class).create("name", "Two", "manager", boss).block(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(env.of(Employee.class).filter("name", "nobody").prefetchRelated("manager",
                    "team_members", "talks_to").toList()).expectNext(List.of()).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().events()).hasSize(1);
            Map<String, String> managers = new LinkedHashMap<>();
            Map<String, List<String>> members = new LinkedHashMap<>();
            StepVerifier.create(env.of(Employee.class).orderBy("name").prefetchRelated("manager", "team_members")
                            .toList())
                    .assertNext(es -> es.forEach(e -> {
                        managers.put(e.name, e.manager.get() == null ? null : e.manager.get().name);
                        members.put(e.name, names(e.team_members.list()));
                    }))
                    .expectComplete().verify(Env.TIMEOUT);
            Map<String, String> expectedManagers = new LinkedHashMap<>();
            expectedManagers.put("Boss", null);
            expectedManagers.put("One", "Boss");
            expectedManagers.put("Two", "Boss");
            assertThat(managers).containsExactlyEntriesOf(expectedManagers);
            assertThat(members).containsExactly(Map.entry("Boss", List.of("One", "Two")), Map.entry("One", List.of()),
                    Map.entry("Two", List.of()));
            // Only the boss has a manager key of nobody: one query for the boss's key list (the others' are null).
            env.statements().clear();
            List<Employee> onlyNull = List.of(boss);
            StepVerifier.create(env.tortoise().fetchForList(onlyNull, "manager")).expectComplete()
                    .verify(Env.TIMEOUT);
            assertThat(boss.manager.get()).isNull();
            assertThat(env.statements().events()).isEmpty();
            assertThat(one.id).isNotNull();
            assertThat(two.id).isNotNull();
        }
    }

    @DatabaseTest
    void customQuerysetsWithFiltersOrderingAndToAttrGiveEmptyListsToParentsWithoutRows(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            Map<String, List<String>> desc = new LinkedHashMap<>();
            Map<String, List<String>> notA = new LinkedHashMap<>();
            StepVerifier.create(env.of(Tournament.class).orderBy("name").prefetchRelated(
                                    Prefetch.of("events", env.of(Event.class).orderBy("-name")),
                                    Prefetch.of("events", env.of(Event.class).filter("name__not", "A").orderBy("name"),
                                            "not_a"))
                            .toList())
                    .assertNext(ts -> ts.forEach(t -> {
                        desc.put(t.name, names(t.events.list()));
                        notA.put(t.name, names(t.<List<Event>>prefetched("not_a")));
                    }))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(desc).containsExactly(Map.entry("T1", List.of("B")), Map.entry("T2", List.of("C", "A")),
                    Map.entry("T3", List.of()));
            assertThat(notA).containsExactly(Map.entry("T1", List.of("B")), Map.entry("T2", List.of("C")),
                    Map.entry("T3", List.of()));
            Map<String, List<String>> nested = new LinkedHashMap<>();
            StepVerifier.create(env.of(Tournament.class).orderBy("name").prefetchRelated(
                                    Prefetch.of("events", env.of(Event.class).orderBy("-name")), "events__participants")
                            .toList())
                    .assertNext(ts -> ts.forEach(t -> nested.put(t.name, t.events.list().stream()
                            .map(e -> e.name + names(e.participants.list())).toList())))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(nested).containsExactly(Map.entry("T1", List.of("B[Alpha, Beta]")),
                    Map.entry("T2", List.of("C[Alpha, Beta]", "A[Alpha]")), Map.entry("T3", List.of()));
            Map<String, List<String>> teams = new LinkedHashMap<>();
            StepVerifier.create(env.of(Event.class).orderBy("name").prefetchRelated(
                                    Prefetch.of("participants", env.of(Team.class).filter("name", "Beta"), "betas"))
                            .toList())
                    .assertNext(es -> es.forEach(e -> teams.put(e.name, names(e.<List<Team>>prefetched("betas")))))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(teams).containsExactly(Map.entry("A", List.of()), Map.entry("B", List.of("Beta")),
                    Map.entry("C", List.of("Beta")));
        }
    }

    @DatabaseTest
    void nestedLevelsThroughEveryDirectionKeepTheirOrderInsideATransaction(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            Map<String, List<String>> read = new LinkedHashMap<>();
            StepVerifier.create(env.tortoise().inTransaction("default", tx -> env.of(Team.class).orderBy("-name")
                            .prefetchRelated("events__tournament__events__address").toList()))
                    .assertNext(ts -> ts.forEach(t -> read.put(t.name, t.events.list().stream()
                            .map(e -> e.name + "@" + e.tournament.get().name + e.tournament.get().events.list().stream()
                                    .map(x -> x.name + (x.address.get() == null ? "" : "/" + x.address.get().city))
                                    .toList())
                            .toList())))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(read).containsExactly(Map.entry("Gamma", List.of()),
                    Map.entry("Beta", List.of("B@T1[B]", "C@T2[A/Oslo, C]")),
                    Map.entry("Alpha", List.of("A@T2[A/Oslo, C]", "B@T1[B]", "C@T2[A/Oslo, C]")));
        }
    }

    @DatabaseTest
    void concurrentPrefetchesEachGetTheirOwnGroups(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            List<String> expected = List.of("T1[B]", "T2[A, C]", "T3[]");
            StepVerifier.create(Flux.range(0, 12).flatMap(i -> env.of(Tournament.class).orderBy("name")
                                    .prefetchRelated("events").toList()
                                    .map(ts -> ts.stream().map(t -> t.name + names(t.events.list())).toList()), 6)
                            .collectList())
                    .assertNext(all -> {
                        assertThat(all).hasSize(12);
                        assertThat(all).allSatisfy(one -> assertThat(one).isEqualTo(expected));
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void parentsOverSeveralKeyListsGetTheirRows(DatabaseKind db) {
        // One more key than an IN list of the dialect takes (PostgreSQL binds one array: one list whatever the count).
        int perList = switch (db) {
            case H2 -> 32_000 - 100;
            case MARIADB -> 65_535 - 100;
            default -> 3_000;
        };
        int n = perList + 3;
        try (Env env = start(db)) {
            List<Tournament> ts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Tournament t = new Tournament();
                t.name = "t" + i;
                ts.add(t);
            }
            env.of(Tournament.class).bulkCreate(ts).block(Env.TIMEOUT);
            int[] withEvents = {0, perList - 1, perList, n - 1};
            for (int i : withEvents) {
                env.of(Event.class).create("name", "e" + i, "tournament", ts.get(i)).block(Env.TIMEOUT);
            }
            env.of(Event.class).create("name", "f" + (n - 1), "tournament", ts.get(n - 1)).block(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(env.tortoise().fetchForList(ts, "events")).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().events()).hasSize(db == DatabaseKind.POSTGRES ? 1 : 2);
            assertThat(names(ts.get(0).events.list())).containsExactly("e0");
            assertThat(names(ts.get(perList - 1).events.list())).containsExactly("e" + (perList - 1));
            assertThat(names(ts.get(perList).events.list())).containsExactly("e" + perList);
            assertThat(names(ts.get(n - 1).events.list())).containsExactly("e" + (n - 1), "f" + (n - 1));
            assertThat(names(ts.get(1).events.list())).isEmpty();
            assertThat(names(ts.get(perList + 1).events.list())).isEmpty();
        }
    }

    @DatabaseTest
    void bulkTextsRoundTripWithQuotesBackslashesUnicodeEmptyNullAndLongTexts(DatabaseKind db) {
        String longText = "x\"y\\".repeat(5_000) + "é😀".repeat(5_000);
        List<String> texts = new ArrayList<>(List.of("plain", "q\"uote", "back\\slash", "\\\"", "\"", "\\", "",
                "ü ñ 中文 😀", "NULL", "{a,b}", "it's", "tab\tnew\nline", "a,b", " lead and trail "));
        texts.add(null);
        texts.add(longText);
        texts.add("p".repeat(100_000));
        try (Env env = start(db)) {
            List<Node> nodes = new ArrayList<>();
            for (String t : texts) {
                Node n = new Node();
                n.label = t;
                nodes.add(n);
            }
            StepVerifier.create(env.of(Node.class).bulkCreate(nodes))
                    .assertNext(out -> assertThat(out).containsExactlyElementsOf(nodes)).expectComplete().verify(Env.TIMEOUT);
            List<Node> read = env.of(Node.class).orderBy("id").toList().block(Env.TIMEOUT);
            assertThat(read).extracting(x -> x.label).containsExactlyElementsOf(texts);
            assertThat(read).extracting(x -> x.id).containsExactlyElementsOf(nodes.stream().map(x -> x.id).toList());
            assertThat(nodes).allSatisfy(x -> assertThat(x.isSaved()).isTrue());
        }
    }

    @DatabaseTest
    void generatedKeysCrossingFrom18To19DigitsAreWrittenBack(DatabaseKind db) {
        try (Env env = start(db)) {
            long start = 999_999_999_999_999_996L;
            BigKeyed first = new BigKeyed();
            first.id = start;
            first.name = "explicit";
            env.of(BigKeyed.class).bulkCreate(List.of(first)).block(Env.TIMEOUT);
            List<BigKeyed> more = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                BigKeyed b = new BigKeyed();
                b.name = "g" + i;
                more.add(b);
            }
            env.of(BigKeyed.class).bulkCreate(more).block(Env.TIMEOUT);
            assertThat(more).extracting(b -> b.id).containsExactly(start + 1, start + 2, start + 3,
                    1_000_000_000_000_000_000L, start + 5, start + 6);
            Map<Long, String> stored = new LinkedHashMap<>();
            env.of(BigKeyed.class).orderBy("id").toList().block(Env.TIMEOUT).forEach(b -> stored.put(b.id, b.name));
            Map<Long, String> expected = new LinkedHashMap<>();
            expected.put(start, "explicit");
            for (int i = 0; i < 6; i++) {
                expected.put(start + 1 + i, "g" + i);
            }
            assertThat(stored).containsExactlyEntriesOf(expected);
        }
    }

    @DatabaseTest
    void generatedKeysFromAGeneratorStartedBelowZeroAreWrittenBackWithTheirSigns(DatabaseKind db) {
        try (Env env = start(db)) {
            // MariaDB's AUTO_INCREMENT cannot start below 1: there the keys are 1..5.
            long first = db == DatabaseKind.MARIADB ? 1 : -3;
            if (db == DatabaseKind.H2) {
                env.query("ALTER TABLE \"big_keyed\" ALTER COLUMN \"id\" SET MINVALUE -10");
                env.query("ALTER TABLE \"big_keyed\" ALTER COLUMN \"id\" RESTART WITH -3");
            } else if (db == DatabaseKind.POSTGRES) {
                env.query("ALTER SEQUENCE \"big_keyed_id_seq\" MINVALUE -10 RESTART WITH -3");
            }
            List<BigKeyed> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                BigKeyed b = new BigKeyed();
                b.name = "n" + i;
                rows.add(b);
            }
            env.of(BigKeyed.class).bulkCreate(rows).block(Env.TIMEOUT);
            assertThat(rows).extracting(b -> b.id).containsExactly(first, first + 1, first + 2, first + 3, first + 4);
            assertThat(env.of(BigKeyed.class).orderBy("id").toList().block(Env.TIMEOUT)).extracting(b -> b.id + b.name)
                    .containsExactly(first + "n0", (first + 1) + "n1", (first + 2) + "n2", (first + 3) + "n3",
                            (first + 4) + "n4");
        }
    }

    @DatabaseTest
    void bulkOptionsBindEveryObjectOnceAndKeepAnotherRuntimesBinding(DatabaseKind db) {
        try (Env env = start(db); Env other = start(db)) {
            Team bound = other.of(Team.class).create("name", "Other").block(Env.TIMEOUT);
            Team fresh = new Team();
            fresh.name = "Fresh";
            bound.id = null;
            List<Team> teams = List.of(fresh, bound);
            env.of(Team.class).bulkCreate(teams, BulkCreateOptions.defaults().batchSize(1)).block(Env.TIMEOUT);
            Object here = Instances.bindingOf(env.of(Team.class).filter("name", "Fresh").get().block(Env.TIMEOUT));
            Object there = Instances.bindingOf(other.of(Team.class).get("name", "Other").block(Env.TIMEOUT));
            assertThat(here).isNotNull().isNotSameAs(there);
            assertThat(Instances.bindingOf(fresh)).isSameAs(here);
            assertThat(Instances.bindingOf(bound)).isSameAs(there);
            assertThat(teams).extracting(t -> t.id).doesNotContainNull();
            // Without a unique key to conflict on, ignore_conflicts inserts plainly and writes the key back.
            Team ignoring = new Team();
            ignoring.name = "Ignoring";
            env.of(Team.class).bulkCreate(List.of(ignoring), BulkCreateOptions.defaults().ignoreConflicts())
                    .block(Env.TIMEOUT);
            assertThat(ignoring.id).isEqualTo(3);
            assertThat(ignoring.isSaved()).isTrue();
            assertThat(Instances.bindingOf(ignoring)).isSameAs(here);
            // on_conflict writes no key back: the object stays unsaved, yet is bound to this runtime.
            Team noKey = new Team();
            noKey.name = "NoKey";
            BulkCreateOptions upsert = BulkCreateOptions.defaults().onConflict("id").updateFields("name");
            env.of(Team.class).bulkCreate(List.of(noKey), upsert).block(Env.TIMEOUT);
            assertThat(noKey.id).isNull();
            assertThat(noKey.isSaved()).isFalse();
            assertThat(Instances.bindingOf(noKey)).isSameAs(here);
            assertThat(env.countRows("team")).isEqualTo(4);
        }
    }
}
