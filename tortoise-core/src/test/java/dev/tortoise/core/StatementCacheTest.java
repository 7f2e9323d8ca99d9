package dev.tortoise.core;

import static dev.tortoise.expression.Functions.avg;
import static dev.tortoise.expression.Functions.coalesce;
import static dev.tortoise.expression.Functions.concat;
import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.length;
import static dev.tortoise.expression.Functions.lower;
import static dev.tortoise.expression.Functions.max;
import static dev.tortoise.expression.Functions.min;
import static dev.tortoise.expression.Functions.sum;
import static dev.tortoise.expression.Functions.trim;
import static dev.tortoise.expression.Functions.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.expression.Case;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.Subquery;
import dev.tortoise.expression.Value;
import dev.tortoise.expression.When;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.query.SqlText;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.sql.render.SqlRenderer;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The statement cache never changes a statement: every lookup, ordering and annotation kind runs
 * twice with different values on a runtime whose renderer keeps statement texts, and each result
 * (text and binds, or the error) equals that of a runtime rendering every statement in full.
 * The runtimes never connect ({@code sql()} needs no server).
 */
class StatementCacheTest {

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
        @TextField(nullable = true)
        public String body;
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

    private static final Map<String, Tortoise> CACHED = new java.util.HashMap<>();
    private static final Map<String, Tortoise> UNCACHED = new java.util.HashMap<>();

    @BeforeAll
    static void init() {
        for (String db : List.of("h2", "postgres", "mariadb")) {
            CACHED.put(db, runtime(db, SqlRenderer.DEFAULT_CACHE_SIZE));
            UNCACHED.put(db, runtime(db, 0));
        }
    }

    private static Tortoise runtime(String db, int cacheSize) {
        // Port 1 on localhost: nothing listens there, so any attempt to connect would fail loudly.
        String url = db.equals("h2") ? "sqlite://:memory:" : db + "://nobody@127.0.0.1:1/nowhere";
        return Tortoise.init(TortoiseConfig.builder().connection("default", url).models(Owner.class, Thing.class)
                .statementCacheSize(cacheSize).build());
    }

    @AfterAll
    static void close() {
        CACHED.values().forEach(t -> t.close().block(Env.TIMEOUT));
        UNCACHED.values().forEach(t -> t.close().block(Env.TIMEOUT));
    }

    private static SqlRenderer renderer(Tortoise t) {
        return t.connections().get("default").renderer();
    }

    /** A statement's text and bind values, or the error it raised. */
    private record Outcome(String text, List<Object> binds, String error) {
        static Outcome of(Tortoise t, Function<Manager<Thing>, SqlText> q) {
            try {
                SqlText s = q.apply(t.of(Thing.class));
                List<Object> binds = new ArrayList<>();
                for (Object b : s.bindings()) {
                    binds.add(b != null && b.getClass().isArray() ? Arrays.asList(toObjects(b)) : b);
                }
                return new Outcome(s.text(), binds, null);
            } catch (RuntimeException e) {
                return new Outcome(null, null, e.getClass().getName() + ": " + e.getMessage());
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

    /** One query kind with the values it runs with: each value once, in order, on the same runtimes. */
    private record Kind(String label, Function<Object, Function<Manager<Thing>, SqlText>> query, List<Object> values) {
    }

    private static Kind lookup(String key, Object... values) {
        return new Kind(key, v -> m -> m.filter(key, v).sql(), Arrays.asList(values));
    }

    private static Kind kind(String label, Function<Object, Function<Manager<Thing>, SqlText>> q, Object... values) {
        return new Kind(label, q, Arrays.asList(values));
    }

    private static List<Kind> kinds() {
        OffsetDateTime t1 = OffsetDateTime.parse("2020-03-15T10:20:30Z");
        OffsetDateTime t2 = OffsetDateTime.parse("2021-12-31T23:59:59.5Z");
        List<Kind> k = new ArrayList<>();
        // Lookups, each over its field kinds; None and empty lists are where a value decides the text.
        for (String f : List.of("name", "age", "born", "price", "day")) {
            Object a = sample(f, 0);
            Object b = sample(f, 1);
            for (String op : List.of("", "__not", "__gt", "__gte", "__lt", "__lte")) {
                k.add(lookup(f + op, a, b, null, a));
            }
            k.add(lookup(f + "__in", List.of(a, b), List.of(b, a), List.of(a), List.of(), List.of(b, a, b)));
            k.add(lookup(f + "__not_in", List.of(a, b), List.of(b, a), List.of(), List.of(a)));
            k.add(lookup(f + "__range", List.of(a, b), List.of(b, a)));
            k.add(lookup(f + "__isnull", true, false, true));
            k.add(lookup(f + "__not_isnull", false, true));
        }
        for (String f : List.of("name", "body", "age")) {
            for (String op : List.of("contains", "icontains", "startswith", "istartswith", "endswith", "iendswith",
                    "iexact", "search", "posix_regex", "iposix_regex")) {
                Object a = f.equals("age") ? 1 : "a%b_c";
                Object b = f.equals("age") ? 22 : "x\\y";
                k.add(lookup(f + "__" + op, a, b, null, a));
            }
        }
        for (String part : List.of("year", "quarter", "month", "week", "day", "hour", "minute", "second",
                "microsecond")) {
            k.add(lookup("born__" + part, 1, 2, null));
            k.add(lookup("born__" + part + "__gte", 3, 4));
            k.add(lookup("born__" + part + "__in", List.of(1, 2), List.of(3)));
            k.add(lookup("day__" + part, 1, 2));
        }
        k.add(lookup("data__contains", Map.of("a", 1), Map.of("b", List.of(1, 2)), List.of(1)));
        k.add(lookup("data__contained_by", Map.of("a", 1), Map.of("b", 2, "c", 3)));
        k.add(lookup("data__filter", Map.of("owner__name", "Ann"), Map.of("owner__name", "Bob"),
                Map.of("pets__0__legs__gte", 4), Map.of("owner__age__gt", 3, "owner__name", "x")));
        k.add(lookup("active", true, false, null));
        k.add(lookup("owner", 1, 2, null));
        k.add(lookup("owner_id", 1, 2, null));
        k.add(lookup("owner__name", "a", "b", null));
        k.add(lookup("owner__name__icontains", "a", "b"));
        k.add(lookup("owner__id__in", List.of(1, 2), List.of(3), List.of()));
        k.add(lookup("pk", 1, 2, null));
        k.add(kind("Q or/not", v -> m -> m.filter(Q.or(Q.of("name", v), Q.not(Q.of("age__gt", 3)))).sql(),
                "a", "b", null));
        k.add(kind("exclude", v -> m -> m.exclude("name", v).sql(), "a", "b", null));
        k.add(kind("F comparison", v -> m -> m.filter("age__gt", F.of("age").add(v)).sql(), 1, 2, 2.5));
        // Orderings, limit and offset present or not, distinct, locks, select_related.
        for (List<String> order : List.of(List.of("name"), List.of("-age", "name"), List.of("owner__name"),
                List.of("-born"), List.of("?"))) {
            k.add(kind("order " + order, v -> m -> m.filter("age__gt", v).orderBy(order.toArray(new String[0])).sql(),
                    1, 2));
        }
        k.add(kind("limit", v -> m -> m.filter("name", "n").limit((Integer) v).sql(), 1, 5, 10));
        k.add(kind("offset", v -> m -> m.all().offset((Integer) v).sql(), 1, 5));
        k.add(kind("slice", v -> m -> m.all().slice((Integer) v, (Integer) v + 10).sql(), 0, 3, 0));
        k.add(kind("limit or none", v -> m -> (v == null ? m.all() : m.all().limit((Integer) v)).sql(), 3, null, 4));
        k.add(kind("distinct", v -> m -> m.filter("age", v).distinct().sql(), 1, 2));
        k.add(kind("for update", v -> m -> m.filter("age", v).selectForUpdate().sql(), 1, 2));
        k.add(kind("for update nowait", v -> m -> m.filter("age", v).selectForUpdate(true, false).sql(), 1, 2));
        k.add(kind("select_related", v -> m -> m.filter("age", v).selectRelated("owner").sql(), 1, 2));
        k.add(kind("only", v -> m -> m.filter("age", v).only("id", "name").sql(), 1, 2));
        // Annotations: functions, aggregates, arithmetic, values, CASE, raw SQL, subqueries.
        k.add(kind("trim", v -> m -> m.annotate("x", trim("name")).filter("x", v).sql(), "a", "b", null));
        k.add(kind("lower", v -> m -> m.annotate("x", lower("name")).filter("x__startswith", v).sql(), "a", "b"));
        k.add(kind("upper", v -> m -> m.annotate("x", upper("name")).filter("x", v).sql(), "a", "b"));
        k.add(kind("length", v -> m -> m.annotate("x", length("name")).filter("x__gte", v).sql(), 1, 2));
        k.add(kind("coalesce", v -> m -> m.annotate("x", coalesce("name", v)).orderBy("x").sql(), "a", "b"));
        k.add(kind("concat", v -> m -> m.annotate("x", concat("name", v, "name")).sql(), "-", "+"));
        k.add(kind("count", v -> m -> m.annotate("n", count("id")).filter("n__gt", v).sql(), 1, 2));
        k.add(kind("count distinct", v -> m -> m.annotate("n", count("name").distinct()).filter("n__gt", v).sql(),
                1, 2));
        k.add(kind("sum", v -> m -> m.annotate("s", sum("age")).filter("s__lt", v).orderBy("-s").sql(), 10, 20));
        k.add(kind("avg", v -> m -> m.annotate("s", avg("price")).filter("s__gte", v).sql(), 1, 2));
        k.add(kind("min max", v -> m -> m.annotate("lo", min("age")).annotate("hi", max("age")).filter("hi__gt", v)
                .sql(), 1, 2));
        k.add(kind("aggregate over relation", v -> m -> m.annotate("n", count("owner__name")).filter("age", v).sql(),
                1, 2));
        k.add(kind("arithmetic", v -> m -> m.annotate("x", F.of("age").add(v).mul(2)).filter("x__gt", v).sql(), 1, 2));
        k.add(kind("two annotations differing in a value",
                v -> m -> m.annotate("a", F.of("age").add(v)).annotate("b", F.of("age").add(2))
                        .annotate("n", count("id")).groupBy("a", "b").values("a", "b", "n").sql(), 1, 2, 3));
        k.add(kind("value", v -> m -> m.annotate("x", new Value(v)).filter("x", v).sql(), "a", "b"));
        k.add(kind("case", v -> m -> m.annotate("c", Case.of(When.of("age__gt", v, "old")).otherwise("young"))
                .filter("c", "old").sql(), 1, 2));
        k.add(kind("case otherwise null", v -> m -> m.annotate("c", Case.of(When.of("age__gt", 1, v))).sql(),
                "x", "y", null));
        k.add(kind("raw sql", v -> m -> m.annotate("r", RawSQL.of("age + ?", v)).filter("r__gt", v).sql(), 1, 2));
        k.add(kind("raw sql with a reference", v -> m -> m.annotate("r", RawSQL.of("{age} * ?", v)).sql(), 1, 2));
        k.add(kind("subquery", v -> m -> m.filter("owner_id__in",
                Subquery.of(m.filter("age__gt", v).valuesList(true, "owner_id"))).sql(), 1, 2));
        k.add(kind("values", v -> m -> m.filter("age", v).values("name", "owner__name").sql(), 1, 2));
        k.add(kind("values_list flat", v -> m -> m.filter("age", v).valuesList(true, "name").sql(), 1, 2));
        k.add(kind("group by", v -> m -> m.annotate("n", count("id")).groupBy("name").filter("age", v)
                .values("name", "n").sql(), 1, 2));
        return k;
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

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void everyKindRendersAsUncachedWithEachValue(String db) {
        Tortoise cached = CACHED.get(db);
        Tortoise uncached = UNCACHED.get(db);
        long reusedBefore = renderer(cached).reusedCount();
        int runs = 0;
        int texts = 0;
        for (Kind k : kinds()) {
            for (Object v : k.values()) {
                Outcome expected = Outcome.of(uncached, k.query().apply(v));
                Outcome actual = Outcome.of(cached, k.query().apply(v));
                assertThat(actual).as("%s with %s", k.label(), v).isEqualTo(expected);
                runs++;
                texts += expected.text() != null ? 1 : 0;
            }
        }
        assertThat(renderer(uncached).cachedShapes()).isZero();
        assertThat(renderer(uncached).reusedCount()).isZero();
        // Most runs repeat a shape with other values, so most took their text from the cache.
        assertThat(renderer(cached).reusedCount() - reusedBefore).as("cache hits of %s statements", texts)
                .isGreaterThan(texts / 3);
        assertThat(runs).isGreaterThan(400);
        assertThat(texts).as("statements rendered without error").isGreaterThan(runs * 3 / 4);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aQueryShapeIsRenderedOnceWhateverItsValues(String db) {
        Tortoise t = runtime(db, SqlRenderer.DEFAULT_CACHE_SIZE);
        try {
            SqlRenderer r = renderer(t);
            long before = r.renderedCount();
            int shapes = r.cachedShapes();
            String marker = "$1";
            for (int i = 0; i < 100; i++) {
                SqlText s = t.of(Thing.class).filter("name", "n" + i).sql();
                assertThat(s.bindings()).containsExactly("n" + i);
                assertThat(s.text()).endsWith(db.equals("mariadb") ? ExpectedSql.mariadb("WHERE \"thing\".\"name\"=" + marker)
                        : "WHERE \"thing\".\"name\"=" + marker);
            }
            assertThat(r.renderedCount() - before).isEqualTo(1);
            assertThat(r.reusedCount()).isEqualTo(99);
            // Rendered at init, per model: the query a filter on the primary key compiles to. The
            // templates by primary key (inserts without and with the generated key, update, delete,
            // get) keep their text themselves, out of the cache.
            assertThat(shapes).isEqualTo(2);
            // A NULL is compared with IS NULL: another shape, another text.
            String isNull = "WHERE \"thing\".\"name\" IS NULL";
            assertThat(t.of(Thing.class).filter("name", null).sql().text())
                    .endsWith(db.equals("mariadb") ? ExpectedSql.mariadb(isNull) : isNull);
            assertThat(r.renderedCount() - before).isEqualTo(2);
            // An empty IN list is another shape too (always false).
            assertThat(t.of(Thing.class).filter("name__in", List.of()).sql().text()).endsWith("WHERE 1=0");
            assertThat(r.cachedShapes() - shapes).isEqualTo(3);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aSubqueryNumbersItsValuesAmongTheOuterOnes(String db) {
        Tortoise t = runtime(db, SqlRenderer.DEFAULT_CACHE_SIZE);
        try {
            SqlRenderer r = renderer(t);
            Manager<Thing> m = t.of(Thing.class);
            java.util.function.BiFunction<Manager<Thing>, Object[], SqlText> q = (mm, v) -> mm.filter("name", v[0])
                    .filter("owner_id__in", Subquery.of(mm.filter("age__gt", v[1]).valuesList(true, "owner_id")))
                    .limit((Integer) v[2]).sql();
            SqlText first = q.apply(m, new Object[] {"a", 1, 3});
            long rendered = r.renderedCount();
            long reused = r.reusedCount();
            SqlText second = q.apply(m, new Object[] {"b", 2, 4});
            assertThat(first.bindings()).containsExactly("a", 1, 3L);
            assertThat(second.bindings()).containsExactly("b", 2, 4L);
            SqlText uncached = q.apply(UNCACHED.get(db).of(Thing.class), new Object[] {"b", 2, 4});
            assertThat(second.text()).isEqualTo(first.text()).isEqualTo(uncached.text());
            assertThat(second.bindings()).isEqualTo(uncached.bindings());
            assertThat(r.renderedCount()).isEqualTo(rendered);
            assertThat(r.reusedCount() - reused).isEqualTo(1);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void filteredPagesAndGetsTakeTheirTextAndMarkersFromTheCacheWithoutAWalk(String db) {
        Tortoise t = runtime(db, SqlRenderer.DEFAULT_CACHE_SIZE);
        try {
            SqlRenderer r = renderer(t);
            Manager<Thing> m = t.of(Thing.class);
            SqlText page1 = m.filter("age", 3).orderBy("id").limit(20).offset(40).sql();
            SqlText in1 = m.filter("age__in", List.of(1, 2, 3)).filter("name__startswith", "a").sql();
            SqlText get1 = m.filter("id", 7).limit(2).sql();
            long rendered = r.renderedCount();
            long reused = r.reusedCount();
            long walked = r.walkedCount();
            SqlText page2 = m.filter("age", 4).orderBy("id").limit(20).offset(60).sql();
            SqlText in2 = m.filter("age__in", List.of(4, 5, 6)).filter("name__startswith", "b%").sql();
            SqlText get2 = m.filter("id", 8).limit(2).sql();
            assertThat(page2.text()).isEqualTo(page1.text());
            assertThat(page2.bindings()).containsExactly(4, 20L, 60L);
            assertThat(in2.text()).isEqualTo(in1.text());
            assertThat(Outcome.of(t, x -> in2).binds()).isEqualTo(db.equals("postgres")
                    ? List.of(List.of(4, 5, 6), "b\\%%") : List.of(4, 5, 6, "b\\%%"));
            assertThat(get2.text()).isEqualTo(get1.text());
            assertThat(get2.bindings()).containsExactly(8, 2L);
            assertThat(r.renderedCount()).isEqualTo(rendered);
            assertThat(r.reusedCount() - reused).isEqualTo(3);
            // Every value is a slot: the hits handed out the kept markers, walking no tree.
            assertThat(r.walkedCount()).isEqualTo(walked);
            // A value in the tree (a custom expression's Bind.of) is still collected, by a walk.
            SqlText raw1 = m.annotate("x", new RawValue(1)).filter("x", 1).sql();
            SqlText raw2 = m.annotate("x", new RawValue(2)).filter("x", 1).sql();
            assertThat(raw2.text()).isEqualTo(raw1.text());
            assertThat(raw2.bindings()).containsExactly(2, 2, 1);
            assertThat(r.walkedCount() - walked).isEqualTo(1);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    /** A custom expression binding its value in the tree, as expressions written before slots do. */
    private static final class RawValue extends dev.tortoise.expression.Expression {
        private final Object value;

        RawValue(Object value) {
            this.value = value;
        }

        @Override
        public dev.tortoise.expression.Resolved resolve(dev.tortoise.expression.QueryContext ctx) {
            return new dev.tortoise.expression.Resolved(dev.tortoise.sql.ast.Bind.of(value), null, false,
                    value.getClass());
        }
    }

    @org.junit.jupiter.api.Test
    void theSizeComesFromTheConfigMapAndTheBuilder() {
        Tortoise fromMap = Tortoise.init(Map.of("connections", Map.of("default", "sqlite://:memory:"),
                "apps", Map.of("models", Map.of("models", List.of(RuntimeTest.SCAN))), "statement_cache_size", "5"));
        Tortoise byDefault = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(Owner.class, Thing.class).build());
        try {
            assertThat(fromMap.config().statementCacheSize()).isEqualTo(5);
            assertThat(renderer(fromMap).cacheSize()).isEqualTo(5);
            assertThat(byDefault.config().statementCacheSize()).isEqualTo(1024);
            assertThat(renderer(byDefault).cacheSize()).isEqualTo(1024);
            assertThat(renderer(CACHED.get("h2")).cacheSize()).isEqualTo(1024);
            assertThat(renderer(UNCACHED.get("h2")).cacheSize()).isZero();
        } finally {
            fromMap.close().block(Env.TIMEOUT);
            byDefault.close().block(Env.TIMEOUT);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TortoiseConfig.builder().statementCacheSize(-1))
                .isExactlyInstanceOf(dev.tortoise.exception.ConfigurationError.class)
                .hasMessage("statement cache size must be 0 or more: -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TortoiseConfig.fromMap(Map.of(
                        "connections", Map.of("default", "sqlite://:memory:"),
                        "apps", Map.of("models", Map.of("models", List.of(RuntimeTest.SCAN))),
                        "statement_cache_size", "many")))
                .isExactlyInstanceOf(dev.tortoise.exception.ConfigurationError.class)
                .hasMessage("statement_cache_size is not a whole number: many");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void statementsWithManyValuesAreNotKeptLargeValuesAre(String db) {
        Tortoise t = runtime(db, SqlRenderer.DEFAULT_CACHE_SIZE);
        try {
            SqlRenderer r = renderer(t);
            Manager<Thing> m = t.of(Thing.class);
            int shapes = r.cachedShapes();
            long rendered = r.renderedCount();
            long reused = r.reusedCount();
            List<Integer> many = java.util.stream.IntStream.range(0, 600).boxed().toList();
            m.filter("age__in", many).sql();
            m.filter("age__in", many).sql();
            assertThat(r.cachedShapes()).isEqualTo(shapes);
            assertThat(r.renderedCount() - rendered).isEqualTo(2);
            // A filter's values are bound beside its tree (slots), so a cache key holds none: a large
            // one does not keep its statement out of the cache.
            String large = "x".repeat(4097);
            assertThat(m.filter("body", large).sql().bindings()).containsExactly(large);
            assertThat(m.filter("body", large).sql().bindings()).containsExactly(large);
            assertThat(m.filter("body", "x".repeat(4096)).sql().bindings()).containsExactly("x".repeat(4096));
            assertThat(r.cachedShapes()).isEqualTo(shapes + 1);
            assertThat(r.renderedCount() - rendered).isEqualTo(3);
            assertThat(r.reusedCount() - reused).isEqualTo(2);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void aCacheOfSizeZeroRendersEveryStatement(String db) {
        Tortoise t = runtime(db, 0);
        try {
            SqlRenderer r = renderer(t);
            long before = r.renderedCount();
            for (int i = 0; i < 5; i++) {
                t.of(Thing.class).filter("name", "n" + i).sql();
            }
            assertThat(r.renderedCount() - before).isEqualTo(5);
            assertThat(r.reusedCount()).isZero();
            assertThat(r.cachedShapes()).isZero();
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void theCacheKeepsTheMostRecentlyUsedShapes(String db) {
        Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", db.equals("h2") ? "sqlite://:memory:"
                : db + "://nobody@127.0.0.1:1/nowhere").models(Owner.class, Thing.class).statementCacheSize(2)
                .build());
        try {
            SqlRenderer r = renderer(t);
            Manager<Thing> m = t.of(Thing.class);
            m.filter("name", "a").sql();
            m.filter("age", 1).sql();
            m.filter("name", "b").sql(); // a hit: name is now the most recent
            m.filter("price", BigDecimal.ONE).sql(); // evicts age
            long rendered = r.renderedCount();
            m.filter("name", "c").sql();
            assertThat(r.renderedCount()).isEqualTo(rendered);
            m.filter("age", 2).sql();
            assertThat(r.renderedCount()).isEqualTo(rendered + 1);
            assertThat(r.cachedShapes()).isEqualTo(2);
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }
}
