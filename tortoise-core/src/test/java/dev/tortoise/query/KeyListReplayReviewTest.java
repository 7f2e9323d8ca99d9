package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.Q;
import dev.tortoise.expression.Subquery;
import dev.tortoise.field.BigIntField;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntEnumField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.TestSupport.Color;
import dev.tortoise.testing.TestSupport.Level;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A kept shape whose filters are all {@code field__in} lists binds a later run's list elements into its slots
 * without compiling (SelectCompiler.replay's key lists): every run here follows a run of the same shape (same list
 * class and size) with other elements, of other Java types or kinds, and must read exactly its own rows, as its
 * first (compiled) run would.
 */
class KeyListReplayReviewTest {
    private static final UUID U1 = UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
    private static final UUID U2 = UUID.fromString("7d3c1b2a-0000-4000-8000-00000000beef");
    private static final UUID U3 = UUID.fromString("00000000-0000-4000-8000-000000000003");

    @Meta(table = "kr_owner")
    public static class KrOwner extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        public ReverseRelation<KrItem> items;
    }

    @Meta(table = "kr_item")
    public static class KrItem extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @CharField(maxLength = 20, nullable = true)
        public String code;
        @BigIntField(nullable = true)
        public Long big;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal dec;
        @UUIDField(nullable = true)
        public UUID uuid;
        @DatetimeField(nullable = true)
        public OffsetDateTime odt;
        @DateField(nullable = true)
        public LocalDate day;
        @CharEnumField(nullable = true)
        public Color colour;
        @IntEnumField(nullable = true)
        public Level level;
        @ForeignKeyField(relatedName = "items", nullable = true)
        public ForeignKey<KrOwner> owner;
        @ManyToManyField(relatedName = "items", through = "kr_item_tag")
        public ManyToMany<KrTag> tags;
    }

    @Meta(table = "kr_tag")
    public static class KrTag extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        public ManyToMany<KrItem> items;
    }

    private static final OffsetDateTime T0 = OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    /**
     * Owners o1, o2; items 1..6: Ann (ab, 10, 1.50, U1, T0, 2024-01-01, RED, LOW, o1), bob (null, 20, 2.00, U2,
     * T0+1d, 2024-01-02, DARK_BLUE, HIGH, o1), Cid (AB, 30, 3.25, U3, T0+2d, 2024-01-03, RED, HIGH, o2),
     * dan (cd, 40, all else null), Eve (ef, 50, nulls), fay (gh, 60, nulls); tags red (Ann, bob), blue (bob, Cid).
     */
    static List<Object> seed(Env env) {
        KrOwner o1 = env.of(KrOwner.class).create("name", "o1").block(Env.TIMEOUT);
        KrOwner o2 = env.of(KrOwner.class).create("name", "o2").block(Env.TIMEOUT);
        Object[][] rows = {
            {"Ann", "ab", 10L, new BigDecimal("1.50"), U1, T0, LocalDate.of(2024, 1, 1), Color.RED, Level.LOW, o1},
            {"bob", null, 20L, new BigDecimal("2.00"), U2, T0.plusDays(1), LocalDate.of(2024, 1, 2), Color.DARK_BLUE,
                Level.HIGH, o1},
            {"Cid", "AB", 30L, new BigDecimal("3.25"), U3, T0.plusDays(2), LocalDate.of(2024, 1, 3), Color.RED,
                Level.HIGH, o2},
            {"dan", "cd", 40L, null, null, null, null, null, null, null},
            {"Eve", "ef", 50L, null, null, null, null, null, null, null},
            {"fay", "gh", 60L, null, null, null, null, null, null, null}};
        String[] names = {"name", "code", "big", "dec", "uuid", "odt", "day", "colour", "level", "owner"};
        List<Object> out = new ArrayList<>();
        List<KrItem> items = new ArrayList<>();
        for (Object[] r : rows) {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                v.put(names[i], r[i]);
            }
            items.add(env.of(KrItem.class).create(v).block(Env.TIMEOUT));
        }
        KrTag red = env.of(KrTag.class).create("name", "red").block(Env.TIMEOUT);
        KrTag blue = env.of(KrTag.class).create("name", "blue").block(Env.TIMEOUT);
        items.get(0).tags.add(red).block(Env.TIMEOUT);
        items.get(1).tags.add(red, blue).block(Env.TIMEOUT);
        items.get(2).tags.add(blue).block(Env.TIMEOUT);
        out.add(o1);
        out.add(o2);
        out.addAll(items);
        out.add(red);
        out.add(blue);
        return out;
    }

    private static void expect(Mono<?> actual, Object expected, String what) {
        StepVerifier.create(actual).assertNext(x -> assertThat((Object) x).as(what).isEqualTo(expected))
                .expectComplete().verify(Env.TIMEOUT);
    }

    private static Mono<List<Object>> names(QuerySet<KrItem> q) {
        return q.orderBy("id").valuesList(true, "name").toList();
    }

    /** Runs {@code query} with each value in turn (one shape: same list class and size), each with its rows. */
    private static void runs(Env env, String label, Function<Object, Mono<?>> query, Object... valueThenRows) {
        for (int i = 0; i < valueThenRows.length; i += 2) {
            expect(query.apply(valueThenRows[i]), valueThenRows[i + 1], label + " with " + valueThenRows[i]);
        }
    }

    @DatabaseTest
    void elementsOfOtherValuesTypesAndKindsReadTheirOwnRows(DatabaseKind db) {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            List<Object> s = seed(env);
            KrOwner o1 = (KrOwner) s.get(0);
            KrOwner o2 = (KrOwner) s.get(1);
            KrItem ann = (KrItem) s.get(2);
            KrItem cid = (KrItem) s.get(4);
            Manager<KrItem> m = env.of(KrItem.class);
            Function<Object, Mono<?>> byId = v -> names(m.filter("id__in", v));
            runs(env, "id__in", byId,
                    Arrays.asList(1, 2), List.of("Ann", "bob"),
                    Arrays.asList(3L, 4L), List.of("Cid", "dan"),
                    Arrays.asList("5", "6"), List.of("Eve", "fay"),
                    Arrays.asList(ann, cid), List.of("Ann", "Cid"),
                    Arrays.asList(2, 2), List.of("bob"),
                    Arrays.asList(6, null), List.of("fay"),
                    Arrays.asList(98, 99), List.of(),
                    Arrays.asList(4, 1), List.of("Ann", "dan"));
            runs(env, "pk__in", v -> names(m.filter("pk__in", v)),
                    List.of(1, 2, 3), List.of("Ann", "bob", "Cid"),
                    List.of(4L, 5L, 6L), List.of("dan", "Eve", "fay"),
                    List.of("2", "4", "6"), List.of("bob", "dan", "fay"));
            runs(env, "id__in set", byId,
                    new LinkedHashSet<>(List.of(3, 1)), List.of("Ann", "Cid"),
                    new LinkedHashSet<>(List.of(6, 5)), List.of("Eve", "fay"));
            runs(env, "id__in hash set", byId,
                    new HashSet<>(List.of(2, 4, 6)), List.of("bob", "dan", "fay"),
                    new HashSet<>(List.of(1, 3, 5)), List.of("Ann", "Cid", "Eve"));
            runs(env, "id__in tree set", byId,
                    new TreeSet<>(Set.of(2)), List.of("bob"),
                    new TreeSet<>(Set.of(6)), List.of("fay"));
            runs(env, "id__in empty", byId, List.of(), List.of(), new ArrayList<>(), List.of());
            List<Integer> big1 = IntStream.rangeClosed(1, 1500).boxed().toList();
            List<Integer> big2 = IntStream.rangeClosed(4, 1503).boxed().toList();
            List<Integer> big3 = IntStream.rangeClosed(100, 1599).boxed().toList();
            runs(env, "id__in large", byId, big1, List.of("Ann", "bob", "Cid", "dan", "Eve", "fay"),
                    big2, List.of("dan", "Eve", "fay"), big3, List.of());
            runs(env, "name__in", v -> names(m.filter("name__in", v)),
                    List.of("Ann", "fay"), List.of("Ann", "fay"),
                    List.of("bob", "dan"), List.of("bob", "dan"),
                    List.of("zzz", "Eve"), List.of("Eve"));
            runs(env, "code__in", v -> names(m.filter("code__in", v)),
                    List.of("ab"), List.of("Ann"),
                    List.of("AB"), List.of("Cid"),
                    List.of("gh"), List.of("fay"));
            runs(env, "big__in", v -> names(m.filter("big__in", v)),
                    List.of(10L, 60L), List.of("Ann", "fay"),
                    List.of(20, 30), List.of("bob", "Cid"),
                    List.of("40", "50"), List.of("dan", "Eve"));
            runs(env, "dec__in", v -> names(m.filter("dec__in", v)),
                    List.of(new BigDecimal("1.5"), new BigDecimal("2")), List.of("Ann", "bob"),
                    List.of(new BigDecimal("3.250"), new BigDecimal("9")), List.of("Cid"),
                    List.of("2.00", "3.25"), List.of("bob", "Cid"));
            runs(env, "uuid__in", v -> names(m.filter("uuid__in", v)),
                    List.of(U1, U3), List.of("Ann", "Cid"),
                    List.of(U2, U2), List.of("bob"),
                    List.of(U3.toString(), U1.toString()), List.of("Ann", "Cid"));
            runs(env, "odt__in", v -> names(m.filter("odt__in", v)),
                    List.of(T0), List.of("Ann"),
                    List.of(T0.plusDays(1).withOffsetSameInstant(ZoneOffset.ofHours(5))), List.of("bob"),
                    List.of(T0.plusDays(2).withOffsetSameInstant(ZoneOffset.ofHours(-7))), List.of("Cid"),
                    List.of(T0.plusDays(2).withOffsetSameLocal(ZoneOffset.ofHours(-7))), List.of());
            runs(env, "day__in", v -> names(m.filter("day__in", v)),
                    List.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3)), List.of("Ann", "Cid"),
                    List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2025, 1, 3)), List.of("bob"),
                    List.of("2024-01-03", "2024-01-02"), List.of("bob", "Cid"));
            runs(env, "colour__in", v -> names(m.filter("colour__in", v)),
                    List.of(Color.RED), List.of("Ann", "Cid"),
                    List.of(Color.DARK_BLUE), List.of("bob"),
                    List.of("red"), List.of("Ann", "Cid"));
            runs(env, "level__in", v -> names(m.filter("level__in", v)),
                    List.of(Level.HIGH), List.of("bob", "Cid"),
                    List.of(Level.LOW), List.of("Ann"),
                    List.of(300), List.of("bob", "Cid"));
            runs(env, "owner__in", v -> names(m.filter("owner__in", v)),
                    List.of(o1), List.of("Ann", "bob"),
                    List.of(o2.id), List.of("Cid"),
                    List.of(o2), List.of("Cid"),
                    List.of(o1.id), List.of("Ann", "bob"));
            runs(env, "owner_id__in", v -> names(m.filter("owner_id__in", v)),
                    List.of(o1.id), List.of("Ann", "bob"),
                    List.of(o2), List.of("Cid"),
                    List.of((long) o1.id), List.of("Ann", "bob"));
            runs(env, "owner__name__in", v -> names(m.filter("owner__name__in", v)),
                    List.of("o1"), List.of("Ann", "bob"),
                    List.of("o2"), List.of("Cid"));
            runs(env, "tags__in", v -> m.filter("tags__in", v).distinct().valuesList(true, "id").toList()
                            .map(ids -> ids.stream().map(i -> ((Number) i).intValue()).sorted().toList()),
                    List.of(s.get(8)), List.of(1, 2),
                    List.of(s.get(9)), List.of(2, 3));
        }
    }

    @DatabaseTest
    void keyListsCombinedWithOtherClausesReadTheirOwnRows(DatabaseKind db) {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            seed(env);
            Manager<KrItem> m = env.of(KrItem.class);
            runs(env, "two lists", v -> names(m.filter("id__in", ((List<?>) v).get(0))
                            .filter("name__in", ((List<?>) v).get(1))),
                    List.of(List.of(1, 2), List.of("Ann", "Cid")), List.of("Ann"),
                    List.of(List.of(3, 4), List.of("Cid", "dan")), List.of("Cid", "dan"),
                    List.of(List.of(5, 6), List.of("Ann", "bob")), List.of());
            runs(env, "two lists swapped", v -> names(m.filter("name__in", ((List<?>) v).get(1))
                            .filter("id__in", ((List<?>) v).get(0))),
                    List.of(List.of(1, 2), List.of("Ann", "Cid")), List.of("Ann"),
                    List.of(List.of(3, 4), List.of("Cid", "dan")), List.of("Cid", "dan"));
            runs(env, "list sizes swapped", v -> names(m.filter("id__in", ((List<?>) v).get(0))
                            .filter("big__in", ((List<?>) v).get(1))),
                    List.of(List.of(1, 2), List.of(10L)), List.of("Ann"),
                    List.of(List.of(3), List.of(30L, 40L)), List.of("Cid"),
                    List.of(List.of(4, 5), List.of(60L)), List.of());
            runs(env, "limit offset", v -> m.filter("id__in", v).orderBy("-id").limit(2).offset(1)
                            .valuesList(true, "name").toList(),
                    List.of(1, 2, 3, 4), List.of("Cid", "bob"),
                    List.of(3, 4, 5, 6), List.of("Eve", "dan"));
            runs(env, "values", v -> m.filter("id__in", v).orderBy("id").values("name", "big").toList(),
                    List.of(1, 6), List.of(Map.of("name", "Ann", "big", 10L), Map.of("name", "fay", "big", 60L)),
                    List.of(2, 5), List.of(Map.of("name", "bob", "big", 20L), Map.of("name", "Eve", "big", 50L)));
            runs(env, "count", v -> m.filter("id__in", v).count(),
                    List.of(1, 2, 99), 2L, List.of(4, 98, 99), 1L, List.of(97, 98, 99), 0L);
            runs(env, "exists", v -> m.filter("id__in", v).exists(),
                    List.of(1), true, List.of(99), false, List.of(6), true);
            runs(env, "distinct", v -> m.filter("colour__in", v).distinct().orderBy("colour")
                            .valuesList(true, "colour").toList(),
                    List.of(Color.RED, Color.DARK_BLUE), List.of(Color.DARK_BLUE, Color.RED),
                    List.of(Color.RED, Color.RED), List.of(Color.RED));
            runs(env, "or", v -> names(m.filter(Q.or(Q.of("id__in", v), Q.of("name__in", List.of("fay"))))),
                    List.of(1, 2), List.of("Ann", "bob", "fay"), List.of(3, 4), List.of("Cid", "dan", "fay"));
            runs(env, "not", v -> names(m.filter(Q.not(Q.of("id__in", v)))),
                    List.of(1, 2), List.of("Cid", "dan", "Eve", "fay"), List.of(3, 4), List.of("Ann", "bob", "Eve", "fay"));
            runs(env, "exclude", v -> names(m.exclude("id__in", v)),
                    List.of(1, 2, 3), List.of("dan", "Eve", "fay"), List.of(4, 5, 6), List.of("Ann", "bob", "Cid"));
            runs(env, "not_in", v -> names(m.filter("code__not_in", v)),
                    List.of("cd"), List.of("Ann", "bob", "Cid", "Eve", "fay"),
                    List.of("gh"), List.of("Ann", "bob", "Cid", "dan", "Eve"));
            runs(env, "subquery", v -> names(m.filter("id__in", Subquery.of(m.filter("big__in", v)
                            .valuesList(true, "id")))),
                    List.of(10L, 20L), List.of("Ann", "bob"), List.of(50L, 60L), List.of("Eve", "fay"));
            runs(env, "queryset", v -> names(m.filter("id__in", m.filter("big__in", v).valuesList(true, "id"))),
                    List.of(10L, 20L), List.of("Ann", "bob"), List.of(50L, 60L), List.of("Eve", "fay"));
            // Prefetch querysets carrying their own key lists, through the reverse FK and the M2M both ways.
            Manager<KrOwner> owners = env.of(KrOwner.class);
            runs(env, "prefetch", v -> owners.all().orderBy("id").prefetchRelated(Prefetch.of("items",
                            m.filter("name__in", v).orderBy("id"))).toList()
                            .map(os -> os.stream().map(o -> o.name + ":" + o.items.list().stream().map(i -> i.name)
                                    .toList()).toList()),
                    List.of("Ann", "Cid"), List.of("o1:[Ann]", "o2:[Cid]"),
                    List.of("bob", "dan"), List.of("o1:[bob]", "o2:[]"));
            runs(env, "m2m prefetch", v -> m.filter("id__in", v).orderBy("id").prefetchRelated(Prefetch.of("tags",
                            env.of(KrTag.class).filter("name__in", List.of("red", "blue")).orderBy("id"))).toList()
                            .map(is -> is.stream().map(i -> i.name + ":" + i.tags.list().stream().map(t -> t.name)
                                    .toList()).toList()),
                    List.of(1, 2), List.of("Ann:[red]", "bob:[red, blue]"),
                    List.of(3, 4), List.of("Cid:[blue]", "dan:[]"),
                    List.of(2, 1), List.of("Ann:[red]", "bob:[red, blue]"));
            runs(env, "m2m prefetch back", v -> env.of(KrTag.class).filter("id__in", v).orderBy("id")
                            .prefetchRelated("items__owner").toList()
                            .map(ts -> ts.stream().map(t -> t.name + ":" + t.items.list().stream().sorted(
                                    java.util.Comparator.comparing(i -> i.id)).map(i -> i.name + "/"
                                    + (i.owner.get() == null ? null : i.owner.get().name)).toList()).toList()),
                    List.of(1), List.of("red:[Ann/o1, bob/o1]"),
                    List.of(2), List.of("blue:[bob/o1, Cid/o2]"));
        }
    }

    /**
     * A collection whose size() says more or fewer elements than it iterates (one another thread is changing, such
     * as a ConcurrentHashMap's key set) of the kept size: its filter binds the elements it iterates, as a compile
     * of it does, never the kept run's keys in the slots it leaves nor past its own slots.
     */
    @DatabaseTest
    void aCollectionIteratingOtherThanItsSizeBindsWhatItIterates(DatabaseKind db) {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            seed(env);
            Manager<KrItem> m = env.of(KrItem.class);
            runs(env, "changing collection", v -> names(m.filter("id__in", v).limit(5)),
                    new Keys(2, List.of(1, 2)), List.of("Ann", "bob"),
                    new Keys(2, List.of(3)), List.of("Cid"),
                    new Keys(2, List.of(4, 5, 6)), List.of("dan", "Eve", "fay"),
                    new Keys(2, List.of(5, 6)), List.of("Eve", "fay"));
            runs(env, "changing collections", v -> names(m.filter("id__in", ((List<?>) v).get(0))
                            .filter("big__in", ((List<?>) v).get(1))),
                    List.of(new Keys(2, List.of(1, 2)), new Keys(1, List.of(20L))), List.of("bob"),
                    List.of(new Keys(2, List.of(3, 4, 5)), new Keys(1, List.of(50L))), List.of("Eve"),
                    List.of(new Keys(2, List.of(1)), new Keys(1, List.of(20L))), List.of());
        }
    }

    /** Keys whose size() is fixed apart from what they iterate. */
    private static final class Keys extends java.util.AbstractCollection<Object> {
        private final int size;
        private final List<?> elements;

        Keys(int size, List<?> elements) {
            this.size = size;
            this.elements = elements;
        }

        @Override
        public java.util.Iterator<Object> iterator() {
            return new ArrayList<Object>(elements).iterator();
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public String toString() {
            return "Keys" + elements + " of size " + size;
        }
    }

    @DatabaseTest
    void keyListsWithAnnotationsAndBadElementsAsCompiled(DatabaseKind db) {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            seed(env);
            Manager<KrItem> m = env.of(KrItem.class);
            runs(env, "annotate count", v -> m.annotate("n", dev.tortoise.expression.Functions.count("tags"))
                            .filter("id__in", v).orderBy("id").valuesList("name", "n").toList()
                            .map(rs -> rs.stream().map(r -> r.get(0) + "=" + ((Number) r.get(1)).intValue()).toList()),
                    List.of(1, 2), List.of("Ann=1", "bob=2"), List.of(3, 4), List.of("Cid=1", "dan=0"));
            runs(env, "annotation in", v -> names(m.annotate("n", dev.tortoise.expression.Functions.count("tags"))
                            .filter("n__in", v)),
                    List.of(1), List.of("Ann", "Cid"), List.of(2), List.of("bob"), List.of(0), List.of("dan", "Eve", "fay"));
            runs(env, "annotation F in", v -> names(m.annotate("b", dev.tortoise.expression.F.of("big"))
                            .filter("b__in", v)),
                    List.of(10L, 20L), List.of("Ann", "bob"), List.of(30L, 60L), List.of("Cid", "fay"));
            // An element its field refuses fails as it fails a list of a size not kept (when the filter is built).
            runs(env, "id__in", v -> names(m.filter("id__in", v)), List.of(1, 2), List.of("Ann", "bob"));
            String fresh = error(() -> names(m.filter("id__in", List.of("x", "y", "z"))));
            String replayed = error(() -> names(m.filter("id__in", List.of("x", "y"))));
            assertThat(replayed).isEqualTo(fresh).isNotEmpty();
            String freshDec = error(() -> names(m.filter("dec__in", List.of(new BigDecimal("1e20")))));
            runs(env, "dec__in", v -> names(m.filter("dec__in", v)), List.of(new BigDecimal("1.5"), 2), List.of("Ann", "bob"));
            String replayedDec = error(() -> names(m.filter("dec__in",
                    List.of(new BigDecimal("1.5"), new BigDecimal("1e20")))));
            assertThat(replayedDec).isEqualTo(freshDec).isNotEmpty();
        }
    }

    /** The class and message of the error building or running {@code run} fails with. */
    private static String error(java.util.function.Supplier<Mono<?>> run) {
        String[] out = {""};
        try {
            StepVerifier.create(run.get()).expectErrorSatisfies(e -> out[0] = e.getClass().getSimpleName() + ": "
                    + e.getMessage()).verify(Env.TIMEOUT);
        } catch (RuntimeException e) {
            out[0] = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return out[0];
    }

    @DatabaseTest
    void updatesAndDeletesByKeyListChangeTheirOwnRows(DatabaseKind db) {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            seed(env);
            Manager<KrItem> m = env.of(KrItem.class);
            runs(env, "update", v -> m.filter("id__in", v).update("code", "u" + v.hashCode() % 7),
                    List.of(1, 2), 2L, List.of(3, 99), 1L, List.of(97, 98), 0L);
            expect(m.filter("id__in", List.of(1, 2, 3, 4)).orderBy("id").valuesList(true, "code").toList(),
                    List.of("u" + List.of(1, 2).hashCode() % 7, "u" + List.of(1, 2).hashCode() % 7,
                            "u" + List.of(3, 99).hashCode() % 7, "cd"), "updated codes");
            runs(env, "delete", v -> m.filter("id__in", v).delete(),
                    List.of(1, 5), 2L, List.of(5, 6), 1L, List.of(1, 6), 0L);
            expect(names(m.all()), List.of("bob", "Cid", "dan"), "left after deletes");
        }
    }

    @DatabaseTest
    void concurrentRunsOfOneShapeEachReadTheirOwnRows(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            seed(env);
            Manager<KrItem> m = env.of(KrItem.class);
            String[] byId = {null, "Ann", "bob", "Cid", "dan", "Eve", "fay"};
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        int checked = 0;
                        for (int r = 0; r < 500; r++) {
                            int a = 1 + (thread + r) % 6;
                            int b = 1 + (thread * 7 + r * 3) % 6;
                            List<Integer> keys = List.of(a, b, 100 + r);
                            List<Object> got = names(m.filter("id__in", keys)).block(Env.TIMEOUT);
                            List<Object> want = new ArrayList<>();
                            for (int i = 1; i <= 6; i++) {
                                if (i == a || i == b) {
                                    want.add(byId[i]);
                                }
                            }
                            assertThat(got).as("thread %d run %d keys %s", thread, r, keys).isEqualTo(want);
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : done) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(4000);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
