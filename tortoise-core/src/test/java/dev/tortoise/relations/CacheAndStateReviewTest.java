package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.query.Prefetch;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Review of the kept prefetch shapes (one cache per related model, one through key per M2M relation) and of
 * instances built or bulk-created without a state: several relations to one model (two foreign keys, a
 * self-referential one, two M2Ms through other tables), custom querysets, to_attr and nested levels, run again
 * with other keys in other orders, each reading its own rows; built and bulk-created instances saved (an UPDATE
 * of their row), saved with update_fields, refreshed, deleted and used through their relations.
 */
class CacheAndStateReviewTest {

    @Meta(table = "rv_city", ordering = "name")
    public static class RvCity extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        public ReverseRelation<RvPerson> natives;
        public ReverseRelation<RvPerson> residents;
        public ManyToMany<RvPerson> fans;
        public ManyToMany<RvPerson> visitors;
    }

    @Meta(table = "rv_person", ordering = "name")
    public static class RvPerson extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @IntField(nullable = true)
        public Integer age;
        @ForeignKeyField(relatedName = "natives", nullable = true)
        public ForeignKey<RvCity> born;
        @ForeignKeyField(relatedName = "residents", nullable = true)
        public ForeignKey<RvCity> home;
        @ForeignKeyField(relatedName = "mentees", nullable = true)
        public ForeignKey<RvPerson> mentor;
        public ReverseRelation<RvPerson> mentees;
        @ManyToManyField(relatedName = "fans", through = "rv_likes")
        public ManyToMany<RvCity> likes;
        @ManyToManyField(relatedName = "visitors", through = "rv_visits")
        public ManyToMany<RvCity> visited;
    }

    private static Env start(DatabaseKind db) {
        return Env.start(db, RvCity.class, RvPerson.class);
    }

    private static Map<String, RvCity> cities;
    private static Map<String, RvPerson> people;

    /**
     * Cities A, B, C, D; people: Ann (born A, home B, likes A B, visited C), Bob (born B, home A, mentor Ann, likes
     * C, visited A B), Cy (born A, home A, mentor Ann, visited B), Di (born C, home C, mentor Bob, likes A B C).
     */
    private static void seed(Env env) {
        cities = new LinkedHashMap<>();
        for (String n : List.of("A", "B", "C", "D")) {
            cities.put(n, env.of(RvCity.class).create("name", n).block(Env.TIMEOUT));
        }
        people = new LinkedHashMap<>();
        people.put("Ann", env.of(RvPerson.class).create("name", "Ann", "born", cities.get("A"), "home", cities.get("B"))
                .block(Env.TIMEOUT));
        people.put("Bob", env.of(RvPerson.class).create("name", "Bob", "born", cities.get("B"), "home", cities.get("A"),
                "mentor", people.get("Ann")).block(Env.TIMEOUT));
        people.put("Cy", env.of(RvPerson.class).create("name", "Cy", "born", cities.get("A"), "home", cities.get("A"),
                "mentor", people.get("Ann")).block(Env.TIMEOUT));
        people.put("Di", env.of(RvPerson.class).create("name", "Di", "born", cities.get("C"), "home", cities.get("C"),
                "mentor", people.get("Bob")).block(Env.TIMEOUT));
        people.get("Ann").likes.add(cities.get("A"), cities.get("B")).block(Env.TIMEOUT);
        people.get("Ann").visited.add(cities.get("C")).block(Env.TIMEOUT);
        people.get("Bob").likes.add(cities.get("C")).block(Env.TIMEOUT);
        people.get("Bob").visited.add(cities.get("A"), cities.get("B")).block(Env.TIMEOUT);
        people.get("Cy").visited.add(cities.get("B")).block(Env.TIMEOUT);
        people.get("Di").likes.add(cities.get("A"), cities.get("B"), cities.get("C")).block(Env.TIMEOUT);
    }

    private static <T extends Model> Map<String, List<String>> names(List<T> owners, Function<T, List<? extends Model>> rel) {
        Map<String, List<String>> out = new TreeMap<>();
        for (T o : owners) {
            List<String> ns = new ArrayList<>();
            for (Model r : rel.apply(o)) {
                ns.add((String) r.get("name"));
            }
            ns.sort(null);
            out.put((String) o.get("name"), ns);
        }
        return out;
    }

    /** What every city's four relations hold, by name. */
    private static final Map<String, Map<String, List<String>>> CITY_RELATIONS = Map.of(
            "natives", Map.of("A", List.of("Ann", "Cy"), "B", List.of("Bob"), "C", List.of("Di"), "D", List.of()),
            "residents", Map.of("A", List.of("Bob", "Cy"), "B", List.of("Ann"), "C", List.of("Di"), "D", List.of()),
            "fans", Map.of("A", List.of("Ann", "Di"), "B", List.of("Ann", "Di"), "C", List.of("Bob", "Di"),
                    "D", List.of()),
            "visitors", Map.of("A", List.of("Bob"), "B", List.of("Bob", "Cy"), "C", List.of("Ann"), "D", List.of()));

    private static List<? extends Model> cityRelation(RvCity c, String name) {
        return switch (name) {
            case "natives" -> c.natives.list();
            case "residents" -> c.residents.list();
            case "fans" -> c.fans.list();
            default -> c.visitors.list();
        };
    }

    private static <V> Map<String, V> only(Map<String, V> all, List<String> keys) {
        Map<String, V> out = new TreeMap<>();
        for (String k : keys) {
            out.put(k, all.get(k));
        }
        return out;
    }

    @DatabaseTest
    void relationsToOneModelPrefetchedAgainInOtherOrdersAndKeyCountsReadTheirOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            List<List<String>> subsets = List.of(List.of("A", "B", "C", "D"), List.of("A"), List.of("B", "C"),
                    List.of("D", "A", "C"), List.of("C"));
            List<List<String>> orders = List.of(List.of("natives", "residents", "fans", "visitors"),
                    List.of("visitors", "fans", "residents", "natives"), List.of("fans", "natives"),
                    List.of("residents", "visitors"), List.of("residents"), List.of("visitors"));
            int checked = 0;
            for (int round = 0; round < 2; round++) {
                for (List<String> order : orders) {
                    for (List<String> subset : subsets) {
                        List<RvCity> got = env.of(RvCity.class).filter("name__in", subset)
                                .prefetchRelated(order.toArray(new String[0])).toList().block(Env.TIMEOUT);
                        for (String rel : order) {
                            assertThat(names(got, c -> cityRelation(c, rel))).as("%s of %s", rel, subset)
                                    .isEqualTo(only(CITY_RELATIONS.get(rel), subset));
                            checked++;
                        }
                    }
                }
            }
            assertThat(checked).isEqualTo(2 * 5 * 14);
        }
    }

    @DatabaseTest
    void forwardKeysToOneModelAndSelfReferencesPrefetchedAgainReadTheirOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            Map<String, String> born = Map.of("Ann", "A", "Bob", "B", "Cy", "A", "Di", "C");
            Map<String, String> home = Map.of("Ann", "B", "Bob", "A", "Cy", "A", "Di", "C");
            Map<String, String> mentor = new TreeMap<>(Map.of("Bob", "Ann", "Cy", "Ann", "Di", "Bob"));
            mentor.put("Ann", null);
            Map<String, List<String>> mentees = Map.of("Ann", List.of("Bob", "Cy"), "Bob", List.of("Di"),
                    "Cy", List.of(), "Di", List.of());
            Map<String, List<String>> likes = Map.of("Ann", List.of("A", "B"), "Bob", List.of("C"), "Cy", List.of(),
                    "Di", List.of("A", "B", "C"));
            Map<String, List<String>> visited = Map.of("Ann", List.of("C"), "Bob", List.of("A", "B"),
                    "Cy", List.of("B"), "Di", List.of());
            for (List<String> subset : List.of(List.of("Ann", "Bob", "Cy", "Di"), List.of("Di"), List.of("Cy", "Bob"),
                    List.of("Ann"), List.of("Bob", "Di", "Ann"))) {
                for (List<String> order : List.of(List.of("home", "born", "mentor", "mentees", "likes", "visited"),
                        List.of("mentor", "visited"), List.of("born"), List.of("likes", "home", "mentees"))) {
                    List<RvPerson> got = env.of(RvPerson.class).filter("name__in", subset)
                            .prefetchRelated(order.toArray(new String[0])).toList().block(Env.TIMEOUT);
                    assertThat(got).extracting(p -> p.name).containsExactlyElementsOf(subset.stream().sorted()
                            .toList());
                    for (RvPerson p : got) {
                        if (order.contains("born")) {
                            assertThat(p.born.get().name).as("born of %s", p.name).isEqualTo(born.get(p.name));
                        }
                        if (order.contains("home")) {
                            assertThat(p.home.get().name).as("home of %s", p.name).isEqualTo(home.get(p.name));
                        }
                        if (order.contains("mentor")) {
                            RvPerson m = p.mentor.get();
                            assertThat(m == null ? null : m.name).as("mentor of %s", p.name)
                                    .isEqualTo(mentor.get(p.name));
                        }
                    }
                    if (order.contains("mentees")) {
                        assertThat(names(got, p -> p.mentees.list())).isEqualTo(only(mentees, subset));
                    }
                    if (order.contains("likes")) {
                        assertThat(names(got, p -> p.likes.list())).isEqualTo(only(likes, subset));
                    }
                    if (order.contains("visited")) {
                        assertThat(names(got, p -> p.visited.list())).isEqualTo(only(visited, subset));
                    }
                }
            }
        }
    }

    @DatabaseTest
    void customQuerysetsToAttrAndNestedLevelsBesidePlainPrefetchesKeepTheirOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            Manager<RvPerson> persons = env.of(RvPerson.class);
            for (int round = 0; round < 3; round++) {
                String skip = List.of("Ann", "Cy", "Bob").get(round);
                List<RvCity> got = env.of(RvCity.class).all().prefetchRelated(
                        Prefetch.of("natives", persons.exclude("name", skip), "some_natives"),
                        Prefetch.of("fans", persons.filter("name__not", skip), "some_fans"))
                        .prefetchRelated("natives", "fans", "residents__likes", "visitors__mentor",
                                "natives__mentees__visited")
                        .toList().block(Env.TIMEOUT);
                assertThat(names(got, c -> c.natives.list())).isEqualTo(CITY_RELATIONS.get("natives"));
                assertThat(names(got, c -> c.fans.list())).isEqualTo(CITY_RELATIONS.get("fans"));
                Map<String, List<String>> someNatives = new TreeMap<>();
                Map<String, List<String>> someFans = new TreeMap<>();
                for (RvCity c : got) {
                    List<RvPerson> sn = c.prefetched("some_natives");
                    List<RvPerson> sf = c.prefetched("some_fans");
                    someNatives.put(c.name, sn.stream().map(p -> p.name).sorted().toList());
                    someFans.put(c.name, sf.stream().map(p -> p.name).sorted().toList());
                }
                Map<String, List<String>> wantNatives = new TreeMap<>();
                Map<String, List<String>> wantFans = new TreeMap<>();
                CITY_RELATIONS.get("natives").forEach((k, v) -> wantNatives.put(k, v.stream()
                        .filter(n -> !n.equals(skip)).toList()));
                CITY_RELATIONS.get("fans").forEach((k, v) -> wantFans.put(k, v.stream()
                        .filter(n -> !n.equals(skip)).toList()));
                assertThat(someNatives).as("natives but %s", skip).isEqualTo(wantNatives);
                assertThat(someFans).as("fans but %s", skip).isEqualTo(wantFans);
                // Nested: residents' likes, visitors' mentors, natives' mentees' visits.
                Map<String, String> likesOfResidents = new TreeMap<>();
                Map<String, String> mentorsOfVisitors = new TreeMap<>();
                Map<String, String> visitsOfMentees = new TreeMap<>();
                for (RvCity c : got) {
                    for (RvPerson r : c.residents.list()) {
                        likesOfResidents.put(c.name + "/" + r.name, String.join(",", r.likes.list().stream()
                                .map(x -> x.name).sorted().toList()));
                    }
                    for (RvPerson v : c.visitors.list()) {
                        RvPerson m = v.mentor.get();
                        mentorsOfVisitors.put(c.name + "/" + v.name, m == null ? "-" : m.name);
                    }
                    for (RvPerson n : c.natives.list()) {
                        for (RvPerson e : n.mentees.list()) {
                            visitsOfMentees.put(c.name + "/" + n.name + "/" + e.name, String.join(",",
                                    e.visited.list().stream().map(x -> x.name).sorted().toList()));
                        }
                    }
                }
                assertThat(likesOfResidents).isEqualTo(Map.of("A/Bob", "C", "A/Cy", "", "B/Ann", "A,B",
                        "C/Di", "A,B,C"));
                assertThat(mentorsOfVisitors).isEqualTo(Map.of("A/Bob", "Ann", "B/Bob", "Ann", "B/Cy", "Ann",
                        "C/Ann", "-"));
                assertThat(visitsOfMentees).isEqualTo(Map.of("A/Ann/Bob", "A,B", "A/Ann/Cy", "B", "B/Bob/Di", ""));
            }
        }
    }

    @DatabaseTest
    void customQuerysetsAnnotatedWithOtherLiteralsPerRunReadTheirOwnValues(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            Manager<RvPerson> persons = env.of(RvPerson.class);
            for (int v : new int[] {1, 2, 3, 2}) {
                List<RvCity> got = env.of(RvCity.class).filter("name__in", v % 2 == 0 ? List.of("A", "B")
                        : List.of("A", "B", "C")).prefetchRelated(
                        Prefetch.of("fans", persons.annotate("tag", dev.tortoise.expression.F.of("id").mul(0).add(v))
                                .filter("name__not", "Zz")),
                        Prefetch.of("natives", persons.annotate("tag", new dev.tortoise.expression.Value("n" + v))))
                        .toList().block(Env.TIMEOUT);
                Map<String, List<String>> fans = new TreeMap<>();
                Map<String, List<String>> natives = new TreeMap<>();
                for (RvCity c : got) {
                    fans.put(c.name, c.fans.list().stream().map(p -> p.name + "=" + p.annotation("tag", Object.class))
                            .sorted().toList());
                    natives.put(c.name, c.natives.list().stream().map(p -> p.name + "="
                            + p.annotation("tag", Object.class)).sorted().toList());
                }
                Map<String, List<String>> wantFans = new TreeMap<>();
                Map<String, List<String>> wantNatives = new TreeMap<>();
                for (String c : v % 2 == 0 ? List.of("A", "B") : List.of("A", "B", "C")) {
                    wantFans.put(c, CITY_RELATIONS.get("fans").get(c).stream().map(n -> n + "=" + v).toList());
                    wantNatives.put(c, CITY_RELATIONS.get("natives").get(c).stream().map(n -> n + "=n" + v).toList());
                }
                assertThat(fans).as("fans tagged %s", v).isEqualTo(wantFans);
                assertThat(natives).as("natives tagged n%s", v).isEqualTo(wantNatives);
            }
        }
    }

    @DatabaseTest
    void twoRuntimesOfOneModelPrefetchTheirOwnRows(DatabaseKind db) {
        try (Env one = start(db); Env two = start(db)) {
            seed(one);
            two.of(RvCity.class).create("name", "Z").block(Env.TIMEOUT);
            RvCity z = two.of(RvCity.class).get("name", "Z").block(Env.TIMEOUT);
            RvPerson zed = two.of(RvPerson.class).create("name", "Zed", "born", z).block(Env.TIMEOUT);
            zed.likes.add(z).block(Env.TIMEOUT);
            for (int i = 0; i < 2; i++) {
                List<RvCity> a = one.of(RvCity.class).all().prefetchRelated("natives", "fans").toList()
                        .block(Env.TIMEOUT);
                List<RvCity> b = two.of(RvCity.class).all().prefetchRelated("natives", "fans").toList()
                        .block(Env.TIMEOUT);
                assertThat(names(a, c -> c.natives.list())).isEqualTo(CITY_RELATIONS.get("natives"));
                assertThat(names(a, c -> c.fans.list())).isEqualTo(CITY_RELATIONS.get("fans"));
                assertThat(names(b, c -> c.natives.list())).isEqualTo(Map.of("Z", List.of("Zed")));
                assertThat(names(b, c -> c.fans.list())).isEqualTo(Map.of("Z", List.of("Zed")));
            }
        }
    }

    private static List<String> kinds(Env env) {
        List<String> out = new ArrayList<>();
        for (StatementEvent e : env.statements().events()) {
            String s = e.sql().stripLeading().toUpperCase(java.util.Locale.ROOT);
            // H2 reads an insert's keys as SELECT ... FROM FINAL TABLE (INSERT ...).
            out.add(s.contains("INSERT INTO") ? "INSERT" : s.substring(0, s.indexOf(' ')));
        }
        return out;
    }

    @DatabaseTest
    void bulkCreatedAndBuiltInstancesSaveAsUpdatesRefreshDeleteAndUseTheirRelations(DatabaseKind db) {
        try (Env env = start(db)) {
            seed(env);
            Manager<RvPerson> m = env.of(RvPerson.class);
            List<RvPerson> made = new ArrayList<>();
            for (String n : List.of("E1", "E2", "E3")) {
                RvPerson p = m.build(Map.of("name", n, "born", cities.get("D")));
                made.add(p);
            }
            List<RvPerson> created = m.bulkCreate(made).block(Env.TIMEOUT);
            assertThat(created).extracting(p -> p.name).containsExactly("E1", "E2", "E3");
            assertThat(created).allSatisfy(p -> assertThat(p.id).isNotNull());
            assertThat(created).allSatisfy(p -> assertThat(p.isSaved()).isTrue());
            long before = env.countRows("rv_person");
            RvPerson e1 = created.get(0);
            e1.name = "E1b";
            env.statements().clear();
            e1.save().block(Env.TIMEOUT);
            assertThat(kinds(env)).containsExactly("UPDATE");
            assertThat(env.countRows("rv_person")).isEqualTo(before);
            RvPerson e2 = created.get(1);
            e2.name = "E2b";
            e2.age = 9;
            env.statements().clear();
            e2.save("age").block(Env.TIMEOUT);
            assertThat(kinds(env)).containsExactly("UPDATE");
            RvPerson e2read = m.get("id", e2.id).block(Env.TIMEOUT);
            assertThat(e2read.name).isEqualTo("E2");
            assertThat(e2read.age).isEqualTo(9);
            e2.refreshFromDb().block(Env.TIMEOUT);
            assertThat(e2.name).isEqualTo("E2");
            // Relations of a bulk-created instance: its key, the reverse side, an M2M add.
            assertThat(e1.born.fetch().block(Env.TIMEOUT).name).isEqualTo("D");
            e1.likes.add(cities.get("D")).block(Env.TIMEOUT);
            assertThat(e1.likes.all().toList().block(Env.TIMEOUT)).extracting(c -> c.name).containsExactly("D");
            assertThat(cities.get("D").natives.all().toList().block(Env.TIMEOUT)).extracting(p -> p.name)
                    .containsExactly("E1b", "E2", "E3");
            RvPerson e3 = created.get(2);
            e3.mentor.set(e1);
            e3.save().block(Env.TIMEOUT);
            assertThat(e1.mentees.all().toList().block(Env.TIMEOUT)).extracting(p -> p.name).containsExactly("E3");
            env.statements().clear();
            e3.delete().block(Env.TIMEOUT);
            assertThat(kinds(env)).containsExactly("DELETE");
            assertThat(env.countRows("rv_person")).isEqualTo(before - 1);
            // A built instance inserts once, then updates.
            RvPerson built = m.build(Map.of("name", "F1"));
            assertThat(built.isSaved()).isFalse();
            env.statements().clear();
            built.save().block(Env.TIMEOUT);
            built.name = "F1b";
            built.save().block(Env.TIMEOUT);
            assertThat(kinds(env)).containsExactly("INSERT", "UPDATE");
            assertThat(m.filter("name", "F1b").count().block(Env.TIMEOUT)).isEqualTo(1L);
            built.likes.add(cities.get("A")).block(Env.TIMEOUT);
            assertThat(cities.get("A").fans.all().toList().block(Env.TIMEOUT)).extracting(p -> p.name)
                    .containsExactly("Ann", "Di", "F1b");
        }
    }

    @DatabaseTest
    void bulkCreateWithExplicitKeysOutOfOrderAndNegativeBesideGeneratedOnesSetsEachObjectsOwnKey(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<RvCity> m = env.of(RvCity.class);
            List<RvCity> objects = new ArrayList<>();
            Integer[] ids = {40, null, -5, null, 7, null, null, -100};
            for (int i = 0; i < ids.length; i++) {
                RvCity c = m.build(Map.of("name", "c" + i));
                c.id = ids[i];
                objects.add(c);
            }
            List<RvCity> created = m.bulkCreate(objects).block(Env.TIMEOUT);
            Map<String, Integer> byName = new TreeMap<>();
            for (RvCity c : created) {
                byName.put(c.name, c.id);
            }
            Map<String, Integer> stored = new TreeMap<>();
            for (RvCity c : m.all().toList().block(Env.TIMEOUT)) {
                stored.put(c.name, c.id);
            }
            assertThat(byName).isEqualTo(stored);
            assertThat(stored).containsEntry("c0", 40).containsEntry("c2", -5).containsEntry("c4", 7)
                    .containsEntry("c7", -100);
            assertThat(new java.util.HashSet<>(stored.values())).hasSize(8);
            // Each saves as an update of its own row.
            for (RvCity c : created) {
                c.name = c.name + "!";
                c.save().block(Env.TIMEOUT);
            }
            Map<String, Integer> after = new TreeMap<>();
            for (RvCity c : m.all().toList().block(Env.TIMEOUT)) {
                after.put(c.name, c.id);
            }
            Map<String, Integer> want = new TreeMap<>();
            stored.forEach((k, v) -> want.put(k + "!", v));
            assertThat(after).isEqualTo(want);
        }
    }
}
