package dev.tortoise.query;

import static dev.tortoise.expression.Functions.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.expression.Case;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Functions;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.Subquery;
import dev.tortoise.expression.Value;
import dev.tortoise.expression.When;
import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.testing.Env;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review of structural annotation keys ({@link CompiledShapes} with {@code Expression.shapeKey}): annotations
 * built afresh whose keys are equal while their SQL, bindings or result shape may differ (literal classes and
 * kinds in one slot, dialect spellings, CASE with and without a default, nested conditions, raw params, names
 * resolving to an annotation or a field, subqueries), used in select, values, order_by and group_by, each
 * compiled through the shape cache and compared with a compile without it; and the same from 8 threads.
 */
class CacheAndStateReviewShapesTest {

    public static class Keeper extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    public static class Item extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50, nullable = true)
        public String name;
        @IntField(nullable = true)
        public Integer age;
        @ForeignKeyField(relatedName = "items", nullable = true)
        public ForeignKey<Keeper> keeper;
    }

    private static final Map<String, Tortoise> RUNTIMES = new java.util.HashMap<>();

    @BeforeAll
    static void init() {
        for (String db : List.of("h2", "postgres", "mariadb")) {
            // Port 1 on localhost: nothing listens there (rendering needs no server).
            String url = db.equals("h2") ? "sqlite://:memory:" : db + "://nobody@127.0.0.1:1/nowhere";
            RUNTIMES.put(db, Tortoise.init(TortoiseConfig.builder().connection("default", url)
                    .models(Keeper.class, Item.class).build()));
        }
    }

    @AfterAll
    static void close() {
        RUNTIMES.values().forEach(t -> t.close().block(Env.TIMEOUT));
    }

    private record Call(QueryState state, Operation op, Map<String, ?> args, ResultShape.Values.Kind kind) {
    }

    private static Call models(QuerySet<?> qs) {
        return new Call(qs.state(), Operation.SELECT, null, null);
    }

    private static Call values(QuerySet<?> qs, String... paths) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            keys.put(paths[i] + "#" + i, paths[i]);
        }
        return new Call(qs.state(), Operation.VALUES, keys, ResultShape.Values.Kind.LIST);
    }

    private record Outcome(String text, List<Object> binds, ResultShape shape, String error) {
        static Outcome of(Call c, boolean throughCache) {
            try {
                CompiledQuery q = throughCache ? SelectCompiler.compile(c.state(), c.op(), c.args(), c.kind())
                        : SelectCompiler.compileWith(new SelectCompiler(c.state()), c.op(), c.args(), c.kind());
                SqlText s = c.state().engine.sql(q.statement(), "default");
                List<Object> binds = new ArrayList<>();
                for (Object b : s.bindings()) {
                    // With each value's class: an Integer and a Long of one number are different bindings.
                    Object v = b != null && b.getClass().isArray() ? Arrays.asList(toObjects(b)) : b;
                    binds.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
                }
                return new Outcome(s.text(), binds, q.shape(), null);
            } catch (RuntimeException e) {
                return new Outcome(null, null, null, e.getClass().getName() + ": " + e.getMessage());
            }
        }

        private static Object[] toObjects(Object array) {
            Object[] out = new Object[java.lang.reflect.Array.getLength(array)];
            for (int i = 0; i < out.length; i++) {
                out[i] = java.lang.reflect.Array.get(array, i);
            }
            return out;
        }
    }

    private record Kind(String label, Function<Object, Function<Manager<Item>, Call>> query, List<Object> values) {
    }

    private static Kind kind(String label, Function<Object, Function<Manager<Item>, Call>> q, Object... values) {
        return new Kind(label, q, Arrays.asList(values));
    }

    /** Literals of many classes and kinds for one slot, repeated so that each meets a kept shape of another. */
    private static final Object[] LITERALS = {1, 1L, (short) 1, new BigDecimal("1"), new BigDecimal("1.50"), "1",
        null, true, false, 1.5, 1.5f, LocalDate.of(2020, 1, 2), List.of(1, 2), List.of(3, 4), List.of(5),
        List.of("a", "b"), 2, 2L, "2", null, 3};

    private static List<Kind> kinds() {
        List<Kind> k = new ArrayList<>();
        k.add(kind("value in select", v -> m -> models(m.annotate("x", new Value(v)).filter("age", 1)), LITERALS));
        k.add(kind("value in values", v -> m -> values(m.annotate("x", new Value(v)), "id", "x"), LITERALS));
        k.add(kind("F plus literal", v -> m -> values(m.annotate("x", F.of("age").add(v)), "x"), LITERALS));
        k.add(kind("literal minus F", v -> m -> values(m.annotate("x", F.of("age").rsub(v)), "x"), LITERALS));
        k.add(kind("coalesce literal", v -> m -> values(m.annotate("x", Functions.coalesce("age", v)), "x"),
                LITERALS));
        k.add(kind("case then literal", v -> m -> values(m.annotate("x", Case.of(When.of("age__gt", 1, v))
                .otherwise(0)), "x"), LITERALS));
        k.add(kind("case default literal", v -> m -> values(m.annotate("x", Case.of(When.of("age__gt", 1, 5))
                .otherwise(v)), "x"), LITERALS));
        k.add(kind("case with or without default", v -> m -> values(m.annotate("x", (Boolean) v
                ? Case.of(When.of("age__gt", 1, "a")).otherwise("b") : Case.of(When.of("age__gt", 1, "a"))), "x"),
                true, false, true, false, true));
        k.add(kind("case with a null default or none", v -> m -> values(m.annotate("x", (Boolean) v
                ? Case.of(When.of("age__gt", 1, "a")).otherwise(null) : Case.of(When.of("age__gt", 1, "a"))), "x"),
                true, false, true, false));
        k.add(kind("case condition literal", v -> m -> values(m.annotate("x", Case.of(When.of("age", v, "y"))
                .otherwise("n")), "x"), LITERALS));
        k.add(kind("aggregate filter lookup", v -> m -> values(m.annotate("n", count("id").filter(Q.or(
                Q.of((String) v, 3), Q.not(Q.of("name", "z"))))).groupBy("name"), "name", "n"),
                "age", "age__gt", "age__lt", "age__not", "age__gte", "age", "age__gt"));
        k.add(kind("aggregate filter nested junctions", v -> m -> values(m.annotate("n", count("id").filter(
                switch ((Integer) v) {
                    case 0 -> Q.and(Q.of("age", 1), Q.or(Q.of("name", "a"), Q.of("name", "b")));
                    case 1 -> Q.or(Q.of("age", 1), Q.and(Q.of("name", "a"), Q.of("name", "b")));
                    case 2 -> Q.and(Q.of("age", 1), Q.not(Q.or(Q.of("name", "a"), Q.of("name", "b"))));
                    default -> Q.and(Q.or(Q.of("age", 1), Q.of("name", "a")), Q.of("name", "b"));
                })).groupBy("name"), "name", "n"), 0, 1, 2, 3, 0, 1, 2, 3));
        k.add(kind("aggregate filter value kinds", v -> m -> values(m.annotate("n", count("id").filter(Q.of(
                "age__in", v))).groupBy("name"), "name", "n"), List.of(1, 2), List.of(3, 4), List.of(), List.of(5),
                List.of(1L, 2L), List.of(6, 7)));
        k.add(kind("aggregate filter isnull", v -> m -> values(m.annotate("n", count("id").filter(Q.of(
                "age__isnull", v))).groupBy("name"), "name", "n"), true, false, true, false));
        k.add(kind("raw params", v -> m -> values(m.annotate("x", RawSQL.of("age + ?", ((List<?>) v).toArray())),
                "x"), List.of(1), List.of(2), List.of(1L), List.of("a"), List.of(1, 2), List.of(3)));
        k.add(kind("raw text names an annotation or a field", v -> m -> values(m.annotate("a", F.of("age").mul(3))
                .annotate("x", RawSQL.of("{" + v + "} + 1")), "x"), "a", "age", "id", "a"));
        k.add(kind("function spelled per dialect", v -> m -> values(m.annotate("x",
                dev.tortoise.expression.Function.of("ABS", "age").withDialectName((String) v, "SIGN")), "x"),
                "h2", "postgres", "mariadb", "h2", "mariadb"));
        k.add(kind("typed functions", v -> m -> values(m.annotate("x", (Boolean) v ? Functions.length("name")
                : Functions.concat("name")), "x"), true, false, true, false));
        k.add(kind("F names an annotation or a field", v -> m -> values(m.annotate("a", F.of("age").add(7))
                .annotate("x", F.of((String) v).add(1)), "x"), "a", "age", "id", "a", "age"));
        k.add(kind("annotation of an annotation's literal", v -> m -> values(m.annotate("a", new Value(v))
                .annotate("b", Functions.coalesce(F.of("a"), 0)), "b"), LITERALS));
        k.add(kind("ordered by a literal annotation", v -> m -> models(m.annotate("x", F.of("age").mul(v))
                .orderBy("x").limit(3)), LITERALS));
        k.add(kind("grouped by a literal annotation", v -> m -> values(m.annotate("x", F.of("age").add(v))
                .groupBy("x").annotate("n", count("id")), "x", "n"), LITERALS));
        k.add(kind("grouped by a literal case", v -> m -> values(m.annotate("x", Case.of(When.of("age__gt", v,
                "big")).otherwise("small")).groupBy("x").annotate("n", count("id")), "x", "n"), LITERALS));
        k.add(kind("subquery built afresh", v -> m -> values(m.annotate("s", Subquery.of(m.filter("age__gt", v)
                .limit(1).valuesList(true, "id"))), "s"), 1, 2, 3, 1));
        k.add(kind("aggregate filter on a queryset", v -> m -> values(m.annotate("n", count("id").filter(Q.of(
                "keeper_id__in", (Integer) v % 2 == 0 ? m.filter("age", v).valuesList(true, "keeper_id")
                        : m.filter("name__isnull", true).valuesList(true, "keeper_id")))).groupBy("name"),
                "name", "n"), 1, 2, 3, 4, 5, 6));
        k.add(kind("case condition on a queryset", v -> m -> values(m.annotate("x", Case.of(When.of(
                "keeper_id__in", (Integer) v % 2 == 0 ? m.filter("age", v).valuesList(true, "keeper_id")
                        : m.filter("age__in", List.of(v, 9)).valuesList(true, "keeper_id"), 1)).otherwise(0)),
                "x"), 1, 2, 3, 4, 5, 6));
        k.add(kind("update of a literal annotated", v -> m -> new Call(m.annotate("x", F.of("age").add(v))
                .filter("age", 2).state(), Operation.UPDATE, Map.of("name", "z"), null), LITERALS));
        return k;
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void annotationsWithEqualKeysCompileThroughTheShapeCacheAsTheyDoWhole(String db) {
        Manager<Item> m = RUNTIMES.get(db).of(Item.class);
        List<String> wrong = new ArrayList<>();
        int runs = 0;
        for (int round = 0; round < 2; round++) {
            for (Kind k : kinds()) {
                for (Object v : k.values()) {
                    Call call = k.query().apply(v).apply(m);
                    Outcome expected = Outcome.of(call, false);
                    Outcome cached = Outcome.of(call, true);
                    if (!cached.equals(expected)) {
                        wrong.add(k.label() + " with " + v + ": " + cached + " != " + expected);
                    }
                    Outcome again = Outcome.of(k.query().apply(v).apply(m), true);
                    if (!again.equals(expected)) {
                        wrong.add(k.label() + " with " + v + " again: " + again + " != " + expected);
                    }
                    runs += 2;
                }
            }
        }
        assertThat(runs).isGreaterThan(1000);
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void eightThreadsBuildingAnnotationsAfreshTakeTheirOwnStatements(String db) throws Exception {
        Manager<Item> m = RUNTIMES.get(db).of(Item.class);
        List<Kind> kinds = kinds();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    java.util.Random r = new java.util.Random(seed);
                    int compared = 0;
                    for (int i = 0; i < 2000; i++) {
                        Kind k = kinds.get(r.nextInt(kinds.size()));
                        Object v = k.values().get(r.nextInt(k.values().size()));
                        Call call = k.query().apply(v).apply(m);
                        Outcome actual = Outcome.of(call, true);
                        Outcome expected = Outcome.of(call, false);
                        if (!actual.equals(expected)) {
                            throw new AssertionError(k.label() + " with " + v + ": " + actual + " != " + expected);
                        }
                        compared++;
                    }
                    return compared;
                }));
            }
            int total = 0;
            for (java.util.concurrent.Future<Integer> f : fs) {
                total += f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(16000);
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aKeptShapeKeyHoldsNoAnnotationLiteral(String db) throws Exception {
        Manager<Item> m = RUNTIMES.get(db).of(Item.class);
        CompiledShapes shapes = m.all().state().shapes;
        List<Integer> ages = new ArrayList<>(List.of(11, 12));
        Keeper keeper = new Keeper();
        keeper.id = 5;
        java.lang.ref.WeakReference<List<Integer>> agesRef = new java.lang.ref.WeakReference<>(ages);
        java.lang.ref.WeakReference<Keeper> keeperRef = new java.lang.ref.WeakReference<>(keeper);
        Call first = values(m.annotate("c", Case.of(When.of(Q.of("age__in", ages).and("keeper", keeper), 1))
                .otherwise(0)).annotate("k", Functions.coalesce("keeper_id", 0)), "c", "k");
        Outcome kept = Outcome.of(first, true);
        assertThat(kept.error()).isNull();
        first = null;
        ages = null;
        keeper = null;
        for (int i = 0; i < 50 && (agesRef.get() != null || keeperRef.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(agesRef.get()).as("CASE condition's list").isNull();
        assertThat(keeperRef.get()).as("model instance in a CASE condition").isNull();
        Keeper other = new Keeper();
        other.id = 6;
        long replayed = shapes.replayedCount();
        Call again = values(m.annotate("c", Case.of(When.of(Q.of("age__in", new ArrayList<>(List.of(13, 14))).and("keeper", other),
                1)).otherwise(0)).annotate("k", Functions.coalesce("keeper_id", 0)), "c", "k");
        Outcome replay = Outcome.of(again, true);
        assertThat(replay).isEqualTo(Outcome.of(again, false));
        assertThat(replay.text()).isEqualTo(kept.text());
        assertThat(shapes.replayedCount() - replayed).isEqualTo(1);
    }
}
