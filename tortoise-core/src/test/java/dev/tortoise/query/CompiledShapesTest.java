package dev.tortoise.query;

import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.lower;
import static dev.tortoise.expression.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.Subquery;
import dev.tortoise.expression.Value;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.testing.Env;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
 * A statement taken from a kept query shape ({@link CompiledShapes}) equals the statement compiled whole from
 * the same queryset: for every lookup, ordering, slice, option, annotation and statement kind, run with values
 * that keep the shape and values that change it (None, lists of other lengths, limit or offset set or not, F
 * references to other columns), each compile's text, bindings, result shape and options (or its error) equal
 * those of a compile without the cache. The runtimes never connect (rendering needs no server).
 */
class CompiledShapesTest {

    public static class Owner extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    public static class Thing extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50, nullable = true)
        public String name;
        @IntField(nullable = true)
        public Integer age;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal price;
        @DatetimeField(nullable = true)
        public OffsetDateTime born;
        @DateField(nullable = true)
        public LocalDate day;
        @BooleanField(defaultValue = "true")
        public Boolean active;
        @JSONField(nullable = true)
        public Object data;
        @ForeignKeyField(relatedName = "things", nullable = true)
        public ForeignKey<Owner> owner;
    }

    private static final Map<String, Tortoise> RUNTIMES = new java.util.HashMap<>();

    @BeforeAll
    static void init() {
        for (String db : List.of("h2", "postgres", "mariadb")) {
            // Port 1 on localhost: nothing listens there, so any attempt to connect would fail loudly.
            String url = db.equals("h2") ? "sqlite://:memory:" : db + "://nobody@127.0.0.1:1/nowhere";
            RUNTIMES.put(db, Tortoise.init(TortoiseConfig.builder().connection("default", url)
                    .models(Owner.class, Thing.class).build()));
        }
    }

    @AfterAll
    static void close() {
        RUNTIMES.values().forEach(t -> t.close().block(Env.TIMEOUT));
    }

    /** What a terminal method compiles: a state, the statement kind and its arguments. */
    private record Call(QueryState state, Operation op, Map<String, ?> args, ResultShape.Values.Kind kind) {
    }

    private static Call models(QuerySet<?> qs) {
        return new Call(qs.state(), Operation.SELECT, null, null);
    }

    private static Call values(QuerySet<?> qs, ResultShape.Values.Kind kind, String... paths) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < paths.length; i++) {
            keys.put(kind == ResultShape.Values.Kind.MAP ? paths[i] : paths[i] + "#" + i, paths[i]);
        }
        return new Call(qs.state(), Operation.VALUES, keys, kind);
    }

    private static Call op(QuerySet<?> qs, Operation op) {
        return new Call(qs.state(), op, null, null);
    }

    private static Call update(QuerySet<?> qs, String field, Object value) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(field, value);
        return new Call(qs.state(), Operation.UPDATE, values, null);
    }

    /** A compile's text, bindings, result shape and options, or the error it raised. */
    private record Outcome(String text, List<Object> binds, ResultShape shape, Operation op, String connection,
                           int fetchSize, Duration timeout, String error) {
        static Outcome of(Call c, boolean throughCache) {
            try {
                CompiledQuery q = throughCache ? SelectCompiler.compile(c.state(), c.op(), c.args(), c.kind())
                        : SelectCompiler.compileWith(new SelectCompiler(c.state()), c.op(), c.args(), c.kind());
                SqlText s = c.state().engine.sql(q.statement(), "default");
                List<Object> binds = new ArrayList<>();
                for (Object b : s.bindings()) {
                    binds.add(b != null && b.getClass().isArray() ? Arrays.asList(toObjects(b)) : b);
                }
                return new Outcome(s.text(), binds, q.shape(), q.operation(), q.connection(), q.fetchSize(),
                        q.timeout(), null);
            } catch (RuntimeException e) {
                return new Outcome(null, null, null, null, null, 0, null, e.getClass().getName() + ": " + e.getMessage());
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

    /** One query kind with the values it runs with, in order. */
    private record Kind(String label, Function<Object, Function<Manager<Thing>, Call>> query, List<Object> values) {
    }

    private static Kind lookup(String key, Object... values) {
        return new Kind(key, v -> m -> models(m.filter(key, v)), Arrays.asList(values));
    }

    private static Kind kind(String label, Function<Object, Function<Manager<Thing>, Call>> q, Object... values) {
        return new Kind(label, q, Arrays.asList(values));
    }

    private static Object sample(String field, int i) {
        return switch (field) {
            case "name" -> i == 0 ? "Ann" : "Bob";
            case "age" -> i == 0 ? 30 : 41;
            case "born" -> i == 0 ? OffsetDateTime.parse("2020-03-15T10:20:30Z")
                    : OffsetDateTime.parse("2021-12-31T23:59:59.5Z");
            case "price" -> i == 0 ? new BigDecimal("1.50") : new BigDecimal("22.25");
            case "day" -> i == 0 ? LocalDate.of(2020, 1, 2) : LocalDate.of(2021, 3, 4);
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static List<Kind> kinds() {
        List<Kind> k = new ArrayList<>();
        // Lookups over each field kind; None, booleans and list lengths are where a value decides the text.
        for (String f : List.of("name", "age", "born", "price", "day")) {
            Object a = sample(f, 0);
            Object b = sample(f, 1);
            for (String op : List.of("", "__not", "__gt", "__lte")) {
                k.add(lookup(f + op, a, b, null, a, null));
            }
            k.add(lookup(f + "__in", List.of(a, b), List.of(b, a), List.of(a), List.of(), List.of(b, a, b),
                    List.of(a, b)));
            k.add(lookup(f + "__not_in", List.of(a, b), List.of(), List.of(b, a), List.of(a)));
            k.add(lookup(f + "__range", List.of(a, b), List.of(b, a)));
            k.add(lookup(f + "__isnull", true, false, true, false));
            k.add(lookup(f + "__not_isnull", false, true, false));
        }
        for (String op : List.of("contains", "icontains", "startswith", "iexact", "endswith")) {
            k.add(lookup("name__" + op, "a%b_c", "x\\y", null, "a"));
        }
        k.add(lookup("born__year", 2020, 2021, null, 2022));
        k.add(lookup("born__month__gte", 3, 4));
        k.add(lookup("born__day__in", List.of(1, 2), List.of(3), List.of(4, 5)));
        k.add(lookup("data__contains", Map.of("a", 1), Map.of("b", 2), List.of(1)));
        k.add(lookup("data__filter", Map.of("owner__name", "Ann"), Map.of("owner__name", "Bob"),
                Map.of("pets__0__legs__gte", 4), Map.of("owner__name", "Cy")));
        k.add(lookup("active", true, false, null, true));
        k.add(lookup("owner", 1, 2, null, 3));
        k.add(lookup("owner_id", 1, 2, null));
        k.add(lookup("owner__name", "a", "b", null, "c"));
        k.add(lookup("owner__id__in", List.of(1, 2), List.of(3, 4), List.of()));
        k.add(lookup("pk", 1, 2, null));
        k.add(lookup("age", "x", 3, "y"));
        k.add(kind("two filters", v -> m -> models(m.filter("name", v).filter("age__gt", 3)), "a", null, "b"));
        k.add(kind("Q or/not", v -> m -> models(m.filter(Q.or(Q.of("name", v), Q.not(Q.of("age__gt", 3))))),
                "a", "b", null, "c"));
        k.add(kind("exclude", v -> m -> models(m.exclude("name", v)), "a", "b", null));
        k.add(kind("F comparison", v -> m -> models(m.filter("age__gt", F.of("age").add(v))), 1, 2, 2.5, 3));
        k.add(kind("F reference", v -> m -> models(m.filter("age__gt", F.of((String) v))), "id", "age", "id"));
        k.add(kind("subquery", v -> m -> models(m.filter("owner_id__in",
                Subquery.of(m.filter("age__gt", v).valuesList(true, "owner_id")))), 1, 2, 3));
        // Orderings, limit and offset set or not, slices and options.
        for (List<String> order : List.of(List.of("name"), List.of("-age", "name"), List.of("owner__name"))) {
            k.add(kind("order " + order, v -> m -> models(m.filter("age__gt", v).orderBy(order.toArray(new String[0]))),
                    1, 2));
        }
        k.add(kind("page", v -> m -> models(m.filter("age", v).orderBy("id").limit(20).offset((Integer) v * 20)),
                1, 2, 3));
        k.add(kind("limit", v -> m -> models(m.filter("name", "n").limit((Integer) v)), 1, 5, 10));
        k.add(kind("slice", v -> m -> models(m.all().slice((Integer) v, (Integer) v + 10)), 0, 3, 0, 4));
        k.add(kind("limit or none", v -> m -> models(v == null ? m.all() : m.all().limit((Integer) v)), 3, null, 4,
                null));
        k.add(kind("offset or none", v -> m -> models(v == null ? m.all().limit(5) : m.all().limit(5)
                .offset((Integer) v)), 3, null, 4));
        k.add(kind("distinct or not", v -> m -> models((Boolean) v ? m.filter("age", 1).distinct()
                : m.filter("age", 2)), true, false, true));
        k.add(kind("for update", v -> m -> models(m.filter("age", v).selectForUpdate()), 1, 2));
        k.add(kind("for update nowait", v -> m -> models(m.filter("age", v).selectForUpdate(true, false)), 1, 2));
        k.add(kind("select_related", v -> m -> models(m.filter("age", v).selectRelated("owner")), 1, 2));
        k.add(kind("only", v -> m -> models(m.filter("age", v).only("id", "name")), 1, 2));
        k.add(kind("fetch size", v -> m -> models(m.filter("age", 1).fetchSize((Integer) v)), 0, 10, 10, 0));
        k.add(kind("timeout", v -> m -> models(m.filter("age", 1).timeout(Duration.ofSeconds((Integer) v))), 1, 2, 1));
        k.add(kind("using db or not", v -> m -> models(v == null ? m.filter("age", 1) : m.filter("age", 1)
                .usingDb((String) v)), "default", null, "default"));
        k.add(kind("prefetch", v -> m -> models(m.filter("age", v).prefetchRelated("owner")), 1, 2));
        // Annotations: made anew per query (never the same key) and one object shared by every query.
        k.add(kind("new annotation", v -> m -> models(m.annotate("x", lower("name")).filter("age", v)), 1, 2));
        Expression shared = F.of("age").add(5);
        Expression sharedCount = count("id");
        Expression sharedSum = sum("age");
        Expression sharedRaw = RawSQL.of("age + ?", 7);
        Expression sharedValue = new Value("k");
        k.add(kind("shared annotation", v -> m -> models(m.annotate("x", shared).filter("age", v)), 1, 2, null));
        k.add(kind("filter on a shared annotation", v -> m -> models(m.annotate("x", shared).filter("x__gt", v)),
                1, 2, null, 3));
        k.add(kind("F of a shared annotation", v -> m -> models(m.annotate("x", shared).filter("age__gt", F.of("x")
                .add(v))), 1, 2));
        k.add(kind("order by a shared annotation", v -> m -> models(m.annotate("x", shared).filter("age", v)
                .orderBy("-x").limit(3)), 1, 2));
        k.add(kind("shared raw and value annotations", v -> m -> models(m.annotate("r", sharedRaw)
                .annotate("c", sharedValue).filter("name", v).limit(2)), "a", "b", null));
        k.add(kind("aggregate shared", v -> m -> values(m.annotate("n", sharedCount).annotate("s", sharedSum)
                .groupBy("name").filter("age__lt", v), ResultShape.Values.Kind.LIST, "name", "n", "s"), 1, 2, null, 3));
        k.add(kind("having on shared aggregate", v -> m -> values(m.annotate("n", sharedCount).groupBy("name")
                .filter("n__gt", v), ResultShape.Values.Kind.MAP, "name", "n"), 1, 2));
        k.add(kind("values without group", v -> m -> values(m.annotate("n", sharedCount).filter("age", v),
                ResultShape.Values.Kind.MAP, "name", "n"), 1, 2));
        // Values queries.
        k.add(kind("values", v -> m -> values(m.filter("age", v), ResultShape.Values.Kind.MAP, "name", "owner__name"),
                1, 2, null));
        k.add(kind("values_list", v -> m -> values(m.filter("age", v).limit(4), ResultShape.Values.Kind.LIST, "id",
                "name", "id"), 1, 2));
        k.add(kind("flat", v -> m -> values(m.filter("name__in", v), ResultShape.Values.Kind.FLAT, "age"),
                List.of("a"), List.of("b"), List.of("a", "b")));
        k.add(kind("values other keys", v -> m -> values(m.filter("age", 1), ResultShape.Values.Kind.MAP,
                ((String) v).split(",")), "name", "name,age", "age", "name"));
        // Count, exists, update and delete.
        k.add(kind("count", v -> m -> op(m.filter("age", v), Operation.COUNT), 1, 2, null));
        k.add(kind("count grouped", v -> m -> op(m.annotate("n", sharedCount).filter("age", v), Operation.COUNT),
                1, 2));
        k.add(kind("exists", v -> m -> op(m.filter("age", v).offset(3), Operation.EXISTS), 1, 2));
        k.add(kind("delete", v -> m -> op(m.filter("age", v), Operation.DELETE), 1, 2, null));
        k.add(kind("delete sliced", v -> m -> op(m.filter("age", v).orderBy("id").limit(2).offset(1),
                Operation.DELETE), 1, 2));
        k.add(kind("update", v -> m -> update(m.filter("age", 3), "name", v), "a", "b", null, "c"));
        k.add(kind("update filtered", v -> m -> update(m.filter("age", v), "name", "x"), 1, 2, null));
        k.add(kind("update bad value", v -> m -> update(m.filter("age", 1), "age", v), 1, "x", 2));
        k.add(kind("update key", v -> m -> update(m.filter("age", 1), "owner", v), 1, 2, null, 3));
        k.add(kind("update expression", v -> m -> update(m.filter("age", 1), "age", F.of("age").add(v)), 1, 2));
        k.add(kind("update from a related field", v -> m -> update(m.filter("age", v), "name", F.of("owner__name")),
                1, 2));
        k.add(kind("update annotated", v -> m -> update(m.annotate("x", shared).filter("age", v), "name", "y"), 1, 2));
        k.add(kind("update sliced", v -> m -> update(m.filter("age", v).orderBy("id").limit(3), "name", "z"), 1, 2));
        return k;
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void everyKindCompilesThroughTheShapeCacheAsItDoesWhole(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        long replayedBefore = shapes.replayedCount();
        int runs = 0;
        int statements = 0;
        List<Kind> kinds = kinds();
        // Twice over: the second round finds every shape of the first kept.
        for (int round = 0; round < 2; round++) {
            for (Kind k : kinds) {
                for (Object v : k.values()) {
                    Call call = k.query().apply(v).apply(m);
                    Outcome expected = Outcome.of(call, false);
                    Outcome actual = Outcome.of(call, true);
                    assertThat(actual).as("%s with %s", k.label(), v).isEqualTo(expected);
                    runs++;
                    statements += expected.error() == null ? 1 : 0;
                }
            }
        }
        assertThat(runs).isGreaterThan(400);
        assertThat(statements).as("statements compiled without error").isGreaterThan(runs * 3 / 4);
        // Most runs repeat a kept shape with other values: they were filled from it, not compiled whole.
        assertThat(shapes.replayedCount() - replayedBefore).as("replays of %s statements", statements)
                .isGreaterThan(statements / 3);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aPageTakesItsShapesStatementWithItsOwnValues(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        Call first = models(m.filter("age", 3).orderBy("id").limit(20).offset(40));
        Outcome a = Outcome.of(first, true);
        long replayed = shapes.replayedCount();
        Call second = models(m.filter("age", 4).orderBy("id").limit(10).offset(60));
        Outcome b = Outcome.of(second, true);
        assertThat(shapes.replayedCount() - replayed).isEqualTo(1);
        assertThat(b.text()).isEqualTo(a.text()).isEqualTo(Outcome.of(second, false).text());
        assertThat(a.binds()).containsExactly(3, 20L, 40L);
        assertThat(b.binds()).containsExactly(4, 10L, 60L);
        // The same queryset without an offset, with None, with a list: other shapes, compiled whole.
        Outcome noOffset = Outcome.of(models(m.filter("age", 4).orderBy("id").limit(10)), true);
        Outcome none = Outcome.of(models(m.filter("age", null).orderBy("id").limit(10).offset(60)), true);
        assertThat(shapes.replayedCount() - replayed).isEqualTo(1);
        assertThat(noOffset.text()).isNotEqualTo(b.text());
        assertThat(noOffset.binds()).containsExactly(4, 10L);
        assertThat(none.text()).isNotEqualTo(b.text());
        assertThat(none.binds()).containsExactly(10L, 60L);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aValueOfTheKeptKindThatCompilesToAnotherShapeIsCompiledWhole(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        // F references and subqueries of one class each: the key cannot tell them apart, the check must.
        Call byId = models(m.filter("age__gt", F.of("id")).limit(1));
        Call byAge = models(m.filter("age__gt", F.of("age")).limit(1));
        Call onOwner = models(m.filter("owner_id__in", Subquery.of(m.filter("age__gt", 1)
                .valuesList(true, "owner_id"))));
        Call onPets = models(m.filter("owner_id__in", Subquery.of(m.filter("name", "a").filter("age", 2)
                .valuesList(true, "owner_id"))));
        Outcome id = Outcome.of(byId, true);
        Outcome owner = Outcome.of(onOwner, true);
        long replayed = shapes.replayedCount();
        Outcome age = Outcome.of(byAge, true);
        Outcome pets = Outcome.of(onPets, true);
        assertThat(shapes.replayedCount()).isEqualTo(replayed);
        assertThat(age).isEqualTo(Outcome.of(byAge, false));
        assertThat(age.text()).isNotEqualTo(id.text());
        assertThat(pets).isEqualTo(Outcome.of(onPets, false));
        assertThat(pets.text()).isNotEqualTo(owner.text());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void statementsWithALargeValueOrManyValuesAreNotKept(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        String large = "x".repeat(CompiledShapes.LARGE_VALUE + 1);
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < CompiledShapes.MAX_SLOTS + 1; i++) {
            many.add(i);
        }
        long replayed = shapes.replayedCount();
        for (int i = 0; i < 3; i++) {
            Call big = models(m.filter("name", large + i).filter("age", 1234567));
            Call update = update(m.filter("age", 7654321), "name", large + i);
            Call in = models(m.filter("name", "many values").filter("age__in", many));
            // Three values each under the limit, over it together.
            String third = "y".repeat(CompiledShapes.LARGE_VALUE / 3 + 1);
            Call together = models(m.filter("name__in", List.of(third + "a" + i, third + "b", third + "c")));
            assertThat(Outcome.of(together, true)).isEqualTo(Outcome.of(together, false));
            assertThat(Outcome.of(big, true)).isEqualTo(Outcome.of(big, false));
            assertThat(Outcome.of(update, true)).isEqualTo(Outcome.of(update, false));
            assertThat(Outcome.of(in, true)).isEqualTo(Outcome.of(in, false));
        }
        assertThat(shapes.replayedCount()).isEqualTo(replayed);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aModelKeepsAtMostItsCapacityOfShapes(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        for (int i = 0; i < CompiledShapes.CAPACITY + 10; i++) {
            // One shape per annotation name (a Value of another value is the same shape).
            Outcome.of(models(m.filter("age", i).limit(i + 1).orderBy("id").annotate("x" + i, new Value(i))), true);
        }
        assertThat(shapes.size()).isEqualTo(CompiledShapes.CAPACITY);
    }

    private static List<Kind> reviewKinds() {
        List<Kind> k = new ArrayList<>();
        k.add(lookup("name", "", "a", "", null, ""));
        k.add(lookup("name__in", Arrays.asList("a", null), Arrays.asList("a", "b"), Arrays.asList(null, null),
                List.of(List.of("a"), "b")));
        k.add(lookup("age", 1, 2L, "3", 4.0, (short) 5, new BigDecimal("6")));
        k.add(lookup("price", new BigDecimal("1.5"), new BigDecimal("1.50"), 2, new BigDecimal("1E+1")));
        k.add(lookup("born__date", LocalDate.of(2020, 1, 2), java.time.LocalDateTime.of(2020, 1, 2, 3, 4),
                LocalDate.of(2021, 1, 2)));
        k.add(lookup("day", LocalDate.of(2020, 1, 2), "2020-01-03", LocalDate.of(2020, 1, 4)));
        k.add(lookup("name__regex", "^a", "b$", "^c"));
        k.add(lookup("name__iregex", "^a", "b$"));
        k.add(lookup("name__search", "foo", "bar"));
        k.add(lookup("data__filter", Map.of("a", 1), Map.of("b", 1), Map.of("a", "x"), Map.of("a__gt", 1),
                Map.of("a", 2)));
        k.add(lookup("age__in", List.of(1, 2), new int[] {3, 4}, new Integer[] {5, 6}, List.of(7, 8)));
        k.add(lookup("age__range", List.of(1, 2), List.of(3, 4)));
        k.add(lookup("active", true, "true", false, 1, true));
        k.add(kind("same key twice", v -> m -> models(m.filter("age", v).filter("age", 3)), 1, 2, null, 3));
        k.add(kind("F or value", v -> m -> models(m.filter("age__gt", v)), F.of("id"), 2, F.of("age"), 3));
        k.add(kind("exclude or filter Q", v -> m -> models((Boolean) v ? m.exclude(Q.of("age", 1))
                : m.filter(Q.not(Q.of("age", 2)))), true, false, true));
        k.add(kind("Q and or", v -> m -> models(m.filter((Boolean) v ? Q.and(Q.of("age", 1), Q.of("name", "a"))
                : Q.or(Q.of("age", 2), Q.of("name", "b")))), true, false, true));
        k.add(kind("in queryset", v -> m -> models(m.filter("owner_id__in", m.filter("age__gt", v)
                .valuesList(true, "owner_id"))), 1, 2, 3));
        k.add(kind("limit zero", v -> m -> models(m.all().limit((Integer) v)), 0, 1, 0));
        k.add(kind("offset only", v -> m -> models(m.all().offset((Integer) v)), 0, 3, 4));
        k.add(kind("count sliced", v -> m -> op(m.filter("age", 1).limit((Integer) v).offset(2), Operation.COUNT),
                1, 0, 3));
        k.add(kind("exists limited", v -> m -> op(m.filter("age", 1).limit((Integer) v), Operation.EXISTS), 1, 0, 3));
        k.add(kind("update types", v -> m -> update(m.filter("age", 3), "age", v), 1, 2L, "3", F.of("id"), 4,
                F.of("age").add(1), null, 5));
        k.add(kind("update price", v -> m -> update(m.filter("age", 3), "price", v), new BigDecimal("1.5"), 2,
                new BigDecimal("3.25")));
        k.add(kind("update json", v -> m -> update(m.filter("age", 3), "data", v), Map.of("a", 1), List.of(1),
                Map.of("b", 2), "x"));
        k.add(kind("update two", v -> m -> {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("name", v);
            u.put("age", v == null ? null : 5);
            return new Call(m.filter("age", 3).state(), Operation.UPDATE, u, null);
        }, "a", null, "b"));
        k.add(kind("values flat sliced", v -> m -> values(m.filter("age", v).offset(1),
                ResultShape.Values.Kind.FLAT, "name"), 1, 2));
        k.add(kind("delete sliced offset", v -> m -> op(m.filter("age", 1).offset((Integer) v), Operation.DELETE),
                1, 2));
        k.add(kind("raw filter", v -> m -> models(m.filter("age__gt", RawSQL.of((String) v, 2))), "id + ?", "age - ?",
                "id + ?"));
        k.add(kind("raw params", v -> m -> models(m.filter("age__gt", RawSQL.of("id + ?", v))), 1, 2, "x", 3));
        k.add(kind("case filter", v -> m -> models(m.filter("age", dev.tortoise.expression.Case.of(
                dev.tortoise.expression.When.of("name", v, 1)).otherwise(2))), "a", "b", null, "c"));
        k.add(kind("function filter", v -> m -> models(m.filter("name", dev.tortoise.expression.Functions.coalesce(
                "name", v))), "a", "b", null, 3));
        k.add(kind("value filter", v -> m -> models(m.filter("age", new Value(v))), 1, 2, "x", null, 3));
        k.add(kind("update case", v -> m -> update(m.filter("age", 1), "age", dev.tortoise.expression.Case.of(
                dev.tortoise.expression.When.of("name", v, 1)).otherwise(2)), "a", "b", null));
        return k;
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void reviewKindsCompileThroughTheShapeCacheAsTheyDoWhole(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        long replayedBefore = shapes.replayedCount();
        int runs = 0;
        for (int round = 0; round < 2; round++) {
            for (Kind k : reviewKinds()) {
                for (Object v : k.values()) {
                    Call call = k.query().apply(v).apply(m);
                    Outcome expected = Outcome.of(call, false);
                    Outcome actual = Outcome.of(call, true);
                    assertThat(actual).as("%s with %s", k.label(), v).isEqualTo(expected);
                    runs++;
                }
            }
        }
        assertThat(shapes.replayedCount() - replayedBefore).isGreaterThan(runs / 3);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void concurrentCompilesWhileEvictingTakeTheirOwnValues(String db) throws Exception {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            fs.add(pool.submit(() -> {
                java.util.Random r = new java.util.Random(seed);
                for (int i = 0; i < 3000; i++) {
                    int shape = r.nextInt(100);
                    int v = r.nextInt(1000);
                    QuerySet<Thing> qs = m.filter("age", v).filter("name__in", shape % 7 == 0 ? List.of("a")
                            : List.of("a", "b" + v)).orderBy("id").limit(shape + 1).offset(v);
                    Call call = (shape % 3 == 0) ? update(qs.orderBy().limit(shape + 1), "age", v + 1)
                            : (shape % 3 == 1) ? values(qs, ResultShape.Values.Kind.LIST, "id", "name")
                            : models(qs);
                    Outcome expected = Outcome.of(call, false);
                    Outcome actual = Outcome.of(call, true);
                    if (!actual.equals(expected)) {
                        throw new AssertionError(actual + " != " + expected);
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : fs) {
            f.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aKeptShapeHoldsNoFilterOrUpdateValueObjects(String db) throws Exception {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        Owner owner = new Owner();
        owner.id = 7;
        List<Integer> ages = new ArrayList<>(List.of(1, 2, 3));
        java.lang.ref.WeakReference<Owner> ownerRef = new java.lang.ref.WeakReference<>(owner);
        java.lang.ref.WeakReference<List<Integer>> agesRef = new java.lang.ref.WeakReference<>(ages);
        Map<String, Object> updated = new LinkedHashMap<>(Map.of("a", 1));
        java.lang.ref.WeakReference<Map<String, Object>> updatedRef = new java.lang.ref.WeakReference<>(updated);
        CompiledShapes shapes = m.all().state().shapes;
        String kept = Outcome.of(models(m.filter("owner", owner).filter("age__in", ages).filter("name", "kept")),
                true).text();
        assertThat(Outcome.of(update(m.filter("name", "kept data"), "data", updated), true).error()).isNull();
        owner = null;
        ages = null;
        updated = null;
        for (int i = 0; i < 50 && (ownerRef.get() != null || agesRef.get() != null || updatedRef.get() != null);
             i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ownerRef.get()).as("filter's model instance").isNull();
        assertThat(agesRef.get()).as("filter's list").isNull();
        assertThat(updatedRef.get()).as("update's map").isNull();
        // The kept shapes still serve other values of the same kinds.
        Owner other = new Owner();
        other.id = 9;
        long replayed = shapes.replayedCount();
        Call again = models(m.filter("owner", other).filter("age__in", new ArrayList<>(List.of(4, 5, 6)))
                .filter("name", "again"));
        Outcome replay = Outcome.of(again, true);
        assertThat(replay).isEqualTo(Outcome.of(again, false));
        assertThat(replay.text()).isEqualTo(kept);
        assertThat(replay.binds()).startsWith(9).endsWith("again");
        Map<String, Object> data = new LinkedHashMap<>(Map.of("b", 2));
        Outcome updateAgain = Outcome.of(update(m.filter("name", "x"), "data", data), true);
        assertThat(updateAgain).isEqualTo(Outcome.of(update(m.filter("name", "x"), "data", data), false));
        assertThat(replay.error()).isNull();
        assertThat(updateAgain.error()).isNull();
        assertThat(shapes.replayedCount() - replayed).isEqualTo(2);
    }
    /** An expression of the application's without a shape key: counted by identity. */
    static final class Plus extends Expression {
        private final int n;

        Plus(int n) {
            this.n = n;
        }

        @Override
        public dev.tortoise.expression.Resolved resolve(dev.tortoise.expression.QueryContext ctx) {
            return F.of("age").add(n).resolve(ctx);
        }
    }

    /** The same expression opting in to structural keys: its key holds its class only, the value is bound. */
    static final class KeyedPlus extends Expression {
        private final Object n;

        KeyedPlus(Object n) {
            this.n = n;
        }

        @Override
        public dev.tortoise.expression.Resolved resolve(dev.tortoise.expression.QueryContext ctx) {
            return F.of("age").add(n).resolve(ctx);
        }

        @Override
        protected Object shapeKey() {
            return "age plus";
        }
    }

    /**
     * Annotation kinds, each call building its expressions afresh (as an application does per request), with
     * literal values that keep the resolved SQL and values that change it (null, another class, a field path
     * instead of a literal, a list of another length, a Boolean of the other value).
     */
    private static List<Kind> annotationKinds() {
        List<Kind> k = new ArrayList<>();
        java.util.function.BiFunction<Manager<Thing>, Expression, Call> plain = (m, e) ->
                models(m.annotate("x", e).filter("age__gt", 1).orderBy("id").limit(5));
        java.util.function.BiFunction<Manager<Thing>, Expression, Call> listed = (m, e) ->
                values(m.annotate("x", e).filter("age__lt", 9), ResultShape.Values.Kind.LIST, "id", "x");
        java.util.function.BiFunction<Manager<Thing>, Expression, Call> grouped = (m, e) ->
                values(m.annotate("x", e).groupBy("name").filter("age__lt", 9), ResultShape.Values.Kind.LIST,
                        "name", "x");
        List<java.util.function.BiFunction<Manager<Thing>, Expression, Call>> uses = List.of(plain, listed);
        String[] useNames = {"models", "values"};
        for (int u = 0; u < uses.size(); u++) {
            var use = uses.get(u);
            String on = " (" + useNames[u] + ")";
            k.add(kind("F plus" + on, v -> m -> use.apply(m, F.of("age").add(v)), 1, 2, 2.5, null, "x", 3, 1));
            k.add(kind("F minus times" + on, v -> m -> use.apply(m, F.of("age").sub(v).mul(2)), 1, 2, 7L, 3));
            k.add(kind("literal minus F" + on, v -> m -> use.apply(m, F.of("age").rsub(v)), 10, 20, 1.5, 30));
            k.add(kind("negated" + on, v -> m -> use.apply(m, F.of("age").add(v).negate()), 1, 2, 3));
            k.add(kind("F of a path" + on, v -> m -> use.apply(m, F.of((String) v).add(1)), "age", "id",
                    "owner__id", "nope", "age"));
            k.add(kind("value" + on, v -> m -> use.apply(m, new Value(v)), 1, 2, "k", "l", null, true, false, true,
                    new BigDecimal("1.5"), LocalDate.of(2020, 1, 2), 3));
            k.add(kind("coalesce literal" + on, v -> m -> use.apply(m,
                    dev.tortoise.expression.Functions.coalesce("name", v)), "a", "b", null, 3, F.of("name"), "c"));
            k.add(kind("coalesce path" + on, v -> m -> use.apply(m,
                    dev.tortoise.expression.Functions.coalesce(v, "x")), "name", "owner__name", "age", "nope",
                    "name"));
            k.add(kind("coalesce two" + on, v -> m -> use.apply(m,
                    dev.tortoise.expression.Functions.coalesce("age", v, 5)), 1, 2, null, "x", 3));
            k.add(kind("concat" + on, v -> m -> use.apply(m, dev.tortoise.expression.Functions.concat("name", v,
                    "-")), "a", "b", 1, null, "c"));
            k.add(kind("lower of" + on, v -> m -> use.apply(m, lower(v)), "name", "owner__name", F.of("name"),
                    "name"));
            k.add(kind("length" + on, v -> m -> use.apply(m, dev.tortoise.expression.Functions.length(v)), "name",
                    "owner__name", "name"));
            k.add(kind("declared function" + on, v -> m -> use.apply(m, dev.tortoise.expression.Function.of("ABS",
                    F.of("age").sub(v))), 1, 2, 3));
            k.add(kind("declared spelled" + on, v -> m -> use.apply(m, dev.tortoise.expression.Function.of("ABS",
                    "age").withDialectName("h2", (String) v)), "ABS", "ABS", "SIGN", "ABS"));
            k.add(kind("case" + on, v -> m -> use.apply(m, dev.tortoise.expression.Case.of(
                    dev.tortoise.expression.When.of("age__gt", v, "big")).otherwise("small")), 1, 2, null, 3,
                    List.of(1), 4));
            k.add(kind("case then" + on, v -> m -> use.apply(m, dev.tortoise.expression.Case.of(
                    dev.tortoise.expression.When.of("name", "a", v)).otherwise(0)), 1, 2, 3L, true, null, 2.5, 4));
            k.add(kind("case in" + on, v -> m -> use.apply(m, dev.tortoise.expression.Case.of(
                    dev.tortoise.expression.When.of("age__in", v, 1)).otherwise(F.of("age"))), List.of(1, 2),
                    List.of(3, 4), List.of(5), List.of(), List.of(6, 7)));
            k.add(kind("case without default" + on, v -> m -> use.apply(m, dev.tortoise.expression.Case.of(
                    dev.tortoise.expression.When.of(Q.of("name", v).negate(), F.of("age")))), "a", "b", null, "c"));
            k.add(kind("raw params" + on, v -> m -> use.apply(m, RawSQL.of("age + ?", v)), 1, 2, "x", 3L, 3));
            k.add(kind("raw text" + on, v -> m -> use.apply(m, RawSQL.of((String) v)), "age + 1", "age + 2",
                    "{age} * 2", "age + 1"));
            k.add(kind("raw typed" + on, v -> m -> use.apply(m, RawSQL.of("age * ?", v).as(Long.class)), 2, 3));
            k.add(kind("custom by identity" + on, v -> m -> use.apply(m, new Plus((Integer) v)), 1, 2, 1));
            k.add(kind("custom keyed" + on, v -> m -> use.apply(m, new KeyedPlus(v)), 1, 2, 2.5, null, 3));
        }
        for (var use : List.of(grouped, listed)) {
            String on = use == grouped ? " (grouped)" : " (values)";
            k.add(kind("count" + on, v -> m -> use.apply(m, count(v)), "id", "name", "owner", "age", "nope", "id"));
            k.add(kind("count filtered" + on, v -> m -> use.apply(m, count("id").filter("age__gt", v)), 1, 2, null,
                    "x", 3));
            k.add(kind("count filtered in" + on, v -> m -> use.apply(m, count("id").filter("age__in", v)),
                    List.of(1, 2), List.of(3, 4), List.of(5), List.of(), List.of(6, 7)));
            k.add(kind("count filtered Q" + on, v -> m -> use.apply(m, count("id").filter(Q.or(Q.of("name", v),
                    Q.not(Q.of("owner__name", "o"))))), "a", "b", null, "c"));
            k.add(kind("count distinct" + on, v -> m -> use.apply(m, (Boolean) v ? count("age").distinct()
                    : count("age")), true, false, true, false));
            k.add(kind("sum of arithmetic" + on, v -> m -> use.apply(m, sum(F.of("age").mul(v))), 1, 2, 1.5, 3));
            k.add(kind("sum distinct filtered" + on, v -> m -> use.apply(m, sum("age").distinct().filter("name", v)),
                    "a", "b", null, "c"));
            k.add(kind("aggregates" + on, v -> m -> use.apply(m, switch ((String) v) {
                case "avg" -> dev.tortoise.expression.Functions.avg("price");
                case "min" -> dev.tortoise.expression.Functions.min("born");
                case "max" -> dev.tortoise.expression.Functions.max("age");
                default -> sum("price");
            }), "avg", "min", "max", "sum", "avg", "max"));
            k.add(kind("aggregate plus literal" + on, v -> m -> use.apply(m, count("id").add(v)), 1, 2, 3));
            k.add(kind("lower of max" + on, v -> m -> use.apply(m, lower(dev.tortoise.expression.Functions.max(v))),
                    "name", "owner__name", "name"));
        }
        // Several annotations: equal structures with equal or other values, one referring to another, ordering and
        // filters on the annotated values, counts, updates and deletes of annotated querysets.
        k.add(kind("two equal structures", v -> m -> values(m.annotate("x", F.of("age").add(v))
                .annotate("y", F.of("age").add(1)).annotate("n", count("id")), ResultShape.Values.Kind.LIST,
                "x", "y", "n"), 1, 2, 1, 3, 1));
        k.add(kind("two equal values", v -> m -> values(m.annotate("x", F.of("age").add(v))
                .annotate("y", F.of("age").add(v)).annotate("n", count("id")), ResultShape.Values.Kind.LIST,
                "x", "y", "n"), 1, 2, 3));
        k.add(kind("annotation of an annotation", v -> m -> models(m.annotate("x", F.of("age").add(v))
                .annotate("y", F.of("x").mul(v)).filter("age", 3).limit(2)), 1, 2, 3));
        k.add(kind("ordered by an annotation", v -> m -> models(m.annotate("x", F.of("age").add(v))
                .filter("name", "n").orderBy("-x").limit(3)), 1, 2, 3));
        k.add(kind("filter on an annotation", v -> m -> models(m.annotate("x", F.of("age").add(v))
                .filter("x__gt", 5)), 1, 2, 3));
        k.add(kind("having", v -> m -> values(m.annotate("n", count("id").filter("age__gt", v)).groupBy("name")
                .filter("n__gt", 1), ResultShape.Values.Kind.MAP, "name", "n"), 1, 2, 3));
        k.add(kind("count of annotated", v -> m -> op(m.annotate("n", count("id").filter("age__gt", v))
                .filter("age", 2), Operation.COUNT), 1, 2, null, 3));
        k.add(kind("exists of annotated", v -> m -> op(m.annotate("x", F.of("age").add(v)).filter("age", 2),
                Operation.EXISTS), 1, 2, 3));
        k.add(kind("update annotated", v -> m -> update(m.annotate("x", F.of("age").add(v)).filter("age", 2),
                "name", "z"), 1, 2, 3));
        k.add(kind("update annotated aggregate", v -> m -> update(m.annotate("n", count("id").filter("age__gt", v))
                .filter("age", 2), "name", "z" + v), 1, 2, 3));
        k.add(kind("delete annotated", v -> m -> op(m.annotate("n", count("id").filter("age__gt", v))
                .filter("age", 2), Operation.DELETE), 1, 2, 3));
        k.add(kind("select related annotated", v -> m -> models(m.annotate("x", dev.tortoise.expression.Functions
                .coalesce("owner__name", v)).selectRelated("owner").filter("age", 1)), "a", "b", null, "c"));
        return k;
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void annotationsBuiltAfreshCompileThroughTheShapeCacheAsTheyDoWhole(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        long replayedBefore = shapes.replayedCount();
        int runs = 0;
        int statements = 0;
        List<Kind> kinds = annotationKinds();
        for (int round = 0; round < 2; round++) {
            for (Kind k : kinds) {
                for (Object v : k.values()) {
                    // Two calls built apart: the second finds the first's shape kept, with other objects.
                    Call call = k.query().apply(v).apply(m);
                    Outcome expected = Outcome.of(call, false);
                    assertThat(Outcome.of(call, true)).as("%s with %s", k.label(), v).isEqualTo(expected);
                    Call again = k.query().apply(v).apply(m);
                    assertThat(Outcome.of(again, true)).as("%s with %s again", k.label(), v).isEqualTo(expected);
                    runs += 2;
                    statements += expected.error() == null ? 2 : 0;
                }
            }
        }
        assertThat(runs).isGreaterThan(800);
        assertThat(statements).as("statements compiled without error").isGreaterThan(runs * 3 / 4);
        assertThat(shapes.replayedCount() - replayedBefore).as("replays of %s statements", statements)
                .isGreaterThan(statements / 2);
    }

    /** Randomised: annotation kinds and values in a random order, so a kept shape meets other values of its kind. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void annotationsInRandomOrderCompileThroughTheShapeCacheAsTheyDoWhole(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        List<Kind> kinds = annotationKinds();
        java.util.Random r = new java.util.Random(db.hashCode());
        for (int i = 0; i < 3000; i++) {
            Kind k = kinds.get(r.nextInt(kinds.size()));
            Object v = k.values().get(r.nextInt(k.values().size()));
            Call call = k.query().apply(v).apply(m);
            assertThat(Outcome.of(call, true)).as("%s with %s", k.label(), v).isEqualTo(Outcome.of(call, false));
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aThousandCountAnnotationsBuiltAfreshShareOneKeptShape(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        long replayed = shapes.replayedCount();
        Outcome first = null;
        for (int i = 0; i < 1000; i++) {
            Call call = values(m.annotate("thousand", count("id")).annotate("total", sum("age")).groupBy("name")
                    .filter("age__gt", i), ResultShape.Values.Kind.LIST, "name", "thousand", "total");
            Outcome o = Outcome.of(call, true);
            if (first == null) {
                first = o;
                // Kept now: the first compile of its shape.
                assertThat(shapes.replayedCount()).isEqualTo(replayed);
            }
            assertThat(o.error()).isNull();
            assertThat(o.text()).isEqualTo(first.text());
            assertThat(o.binds()).containsExactly(i);
        }
        assertThat(shapes.replayedCount() - replayed).isEqualTo(999);
        assertThat(first).isEqualTo(Outcome.of(values(m.annotate("thousand", count("id")).annotate("total",
                sum("age")).groupBy("name").filter("age__gt", 0), ResultShape.Values.Kind.LIST, "name", "thousand",
                "total"), false));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void customExpressionsCountByIdentityUnlessTheyGiveAShapeKey(String db) {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        long replayed = shapes.replayedCount();
        for (int i = 0; i < 10; i++) {
            Outcome.of(models(m.annotate("identity", new Plus(1)).filter("age", i)), true);
        }
        assertThat(shapes.replayedCount()).isEqualTo(replayed);
        Plus shared = new Plus(1);
        for (int i = 0; i < 10; i++) {
            Outcome.of(models(m.annotate("identity", shared).filter("age", i)), true);
        }
        assertThat(shapes.replayedCount() - replayed).isEqualTo(9);
        for (int i = 0; i < 10; i++) {
            Call call = models(m.annotate("keyed", new KeyedPlus(i)).filter("age", i));
            Outcome o = Outcome.of(call, true);
            assertThat(o).isEqualTo(Outcome.of(call, false));
            assertThat(o.binds()).containsExactly(i, i);
        }
        assertThat(shapes.replayedCount() - replayed).isEqualTo(18);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aKeptShapeHoldsNoAnnotationValueObjects(String db) throws Exception {
        Manager<Thing> m = RUNTIMES.get(db).of(Thing.class);
        CompiledShapes shapes = m.all().state().shapes;
        Owner owner = new Owner();
        owner.id = 7;
        List<Integer> ages = new ArrayList<>(List.of(11, 12, 13));
        java.lang.ref.WeakReference<Owner> ownerRef = new java.lang.ref.WeakReference<>(owner);
        java.lang.ref.WeakReference<List<Integer>> agesRef = new java.lang.ref.WeakReference<>(ages);
        Call first = values(m.annotate("held", count("id").filter(Q.of("owner", owner).and("age__in", ages)))
                .annotate("when", dev.tortoise.expression.Case.of(dev.tortoise.expression.When.of("owner", owner, 1))
                        .otherwise(0)).groupBy("name"), ResultShape.Values.Kind.LIST, "name", "held", "when");
        Outcome kept = Outcome.of(first, true);
        assertThat(kept.error()).isNull();
        first = null;
        owner = null;
        ages = null;
        for (int i = 0; i < 50 && (ownerRef.get() != null || agesRef.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ownerRef.get()).as("annotation's model instance").isNull();
        assertThat(agesRef.get()).as("annotation's list").isNull();
        Owner other = new Owner();
        other.id = 9;
        long replayed = shapes.replayedCount();
        Call again = values(m.annotate("held", count("id").filter(Q.of("owner", other).and("age__in",
                new ArrayList<>(List.of(14, 15, 16))))).annotate("when", dev.tortoise.expression.Case.of(dev.tortoise.expression.When.of(
                "owner", other, 1)).otherwise(0)).groupBy("name"), ResultShape.Values.Kind.LIST, "name", "held", "when");
        Outcome replay = Outcome.of(again, true);
        assertThat(shapes.replayedCount() - replayed).isEqualTo(1);
        assertThat(replay).isEqualTo(Outcome.of(again, false));
        assertThat(replay.text()).isEqualTo(kept.text());
        // The kept compile's values, each replaced by this query's own.
        assertThat(replay.binds().toString()).isEqualTo(kept.binds().toString().replace("7", "9")
                .replace("11", "14").replace("12", "15").replace("13", "16"));
        assertThat(replay.binds().toString()).contains("9").contains("14").doesNotContain("7");
    }
}
