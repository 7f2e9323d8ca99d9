package dev.tortoise.core;

import static dev.tortoise.expression.Functions.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.Case;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.Subquery;
import dev.tortoise.expression.When;
import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.query.Prefetch;
import dev.tortoise.query.SqlText;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Values bound beside the SQL tree (slots) reach the right markers: every query kind whose values
 * are slots runs on a real database with one set of values, then with another (the second takes its
 * text and markers from the statement cache), and each run returns exactly the rows those values
 * select or changes exactly the rows they match. A wrong cache hit (another text, or the markers
 * in another order) would return the first run's rows or wrong ones.
 */
class SlotValuesEdgeTest {

    @Meta(table = "sv_author")
    public static class SvAuthor extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @IntField(nullable = true)
        public Integer age;
        public ReverseRelation<SvBook> books;
    }

    @Meta(table = "sv_book")
    public static class SvBook extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String title;
        @IntField
        public Integer pages;
        @JSONField(nullable = true)
        public Object data;
        @ForeignKeyField(relatedName = "books")
        public ForeignKey<SvAuthor> author;
        @ManyToManyField(relatedName = "books", through = "sv_book_tag")
        public ManyToMany<SvTag> tags;
    }

    @Meta(table = "sv_tag")
    public static class SvTag extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        public ManyToMany<SvBook> books;
    }

    private static <X> void expect(Mono<X> actual, Object expected, String what) {
        StepVerifier.create(actual).assertNext(x -> assertThat((Object) x).as(what).isEqualTo(expected))
                .expectComplete().verify(Env.TIMEOUT);
    }

    /** An array binding as a list (PostgreSQL's array parameters), any other as it is. */
    private static Object listed(Object binding) {
        return binding instanceof Object[] a ? Arrays.asList(a) : binding;
    }

    private static Mono<List<Integer>> ints(Mono<? extends List<?>> rows) {
        return rows.map(l -> l.stream().map(o -> o == null ? null : ((Number) o).intValue()).toList());
    }

    private static Mono<List<String>> titles(Mono<? extends List<? extends Model>> rows) {
        return rows.map(l -> l.stream().map(m -> m instanceof SvBook b ? b.title : ((SvAuthor) m).name).toList());
    }

    /** Authors Ann (30), Bob (41), Cid (no age); books Alpha 100, Beta 200 (Ann), Gamma 300 (Bob), Delta 400 (Cid). */
    private static void fixtures(Env env) {
        Manager<SvAuthor> authors = env.of(SvAuthor.class);
        Manager<SvBook> books = env.of(SvBook.class);
        SvAuthor ann = authors.create("name", "Ann", "age", 30).block(Env.TIMEOUT);
        SvAuthor bob = authors.create("name", "Bob", "age", 41).block(Env.TIMEOUT);
        SvAuthor cid = authors.create("name", "Cid").block(Env.TIMEOUT);
        Object[][] rows = {{"Alpha", 100, ann, Map.of("k", 1, "s", "x")}, {"Beta", 200, ann, Map.of("k", 2, "s", "y")},
            {"Gamma", 300, bob, Map.of("k", 3)}, {"Delta", 400, cid, null}};
        List<SvBook> made = new ArrayList<>();
        for (Object[] r : rows) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("title", r[0]);
            v.put("pages", r[1]);
            v.put("author", r[2]);
            v.put("data", r[3]);
            made.add(books.create(v).block(Env.TIMEOUT));
        }
        SvTag red = env.of(SvTag.class).create("name", "red").block(Env.TIMEOUT);
        SvTag blue = env.of(SvTag.class).create("name", "blue").block(Env.TIMEOUT);
        made.get(0).tags.add(red, blue).block(Env.TIMEOUT);
        made.get(1).tags.add(red).block(Env.TIMEOUT);
        made.get(2).tags.add(blue).block(Env.TIMEOUT);
    }

    /** One read, run with each of its value sets in turn, each with the rows it must return. */
    private record Read(String label, Function<Object[], Mono<?>> query, List<Object[]> values, List<Object> rows) {
    }

    private static Read read(String label, Function<Object[], Mono<?>> query, Object... valuesThenRows) {
        List<Object[]> values = new ArrayList<>();
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < valuesThenRows.length; i += 2) {
            values.add((Object[]) valuesThenRows[i]);
            rows.add(valuesThenRows[i + 1]);
        }
        return new Read(label, query, values, rows);
    }

    private static Object[] v(Object... values) {
        return values;
    }

    private static List<Read> reads(Env env) {
        Manager<SvAuthor> a = env.of(SvAuthor.class);
        Manager<SvBook> b = env.of(SvBook.class);
        List<Read> r = new ArrayList<>();
        r.add(read("in, mixed lengths, one element, a null element, empty",
                x -> titles(b.filter("title__in", x[0]).orderBy("id").toList()),
                v(List.of("Alpha", "Gamma")), List.of("Alpha", "Gamma"),
                v(List.of("Beta", "Delta")), List.of("Beta", "Delta"),
                v(List.of("Delta")), List.of("Delta"),
                v(List.of("Gamma", "Beta", "Alpha")), List.of("Alpha", "Beta", "Gamma"),
                v(Arrays.asList("Beta", null)), List.of("Beta"),
                v(List.of()), List.of(),
                v(List.of("Alpha", "Gamma")), List.of("Alpha", "Gamma")));
        r.add(read("in next to other values (order of slots around the array)",
                x -> titles(b.filter("pages__gt", x[0]).filter("title__in", x[1]).filter("pages__lt", x[2])
                        .orderBy("id").toList()),
                v(50, List.of("Alpha", "Beta", "Gamma"), 250), List.of("Alpha", "Beta"),
                v(150, List.of("Alpha", "Beta", "Gamma"), 350), List.of("Beta", "Gamma"),
                v(0, List.of("Delta", "Alpha"), 1000), List.of("Alpha", "Delta")));
        r.add(read("not in", x -> titles(b.filter("title__not_in", x[0]).filter("pages__lt", x[1]).orderBy("id")
                        .toList()),
                v(List.of("Alpha"), 350), List.of("Beta", "Gamma"),
                v(List.of("Beta", "Gamma"), 500), List.of("Alpha", "Delta")));
        r.add(read("exclude with a Q tree (NOT over OR)",
                x -> titles(b.exclude(Q.or(Q.of("pages__lt", x[0]), Q.of("author__name", x[1]))).orderBy("id")
                        .toList()),
                v(150, "Bob"), List.of("Beta", "Delta"),
                v(350, "Cid"), List.of()));
        // NOT (age = 30) is unknown, not true, for Cid (no age): SQL's three-valued logic, on every database.
        r.add(read("Q and/not with None",
                x -> titles(b.filter(Q.and(Q.not(Q.of("author__age", x[0])), Q.of("pages__gte", x[1])))
                        .orderBy("id").toList()),
                v(30, 200), List.of("Gamma"),
                v(null, 100), List.of("Alpha", "Beta", "Gamma"),
                v(41, 300), List.of()));
        r.add(read("subquery in an in filter, values inside and outside",
                x -> titles(b.filter("pages__gte", x[0]).filter("author_id__in",
                        Subquery.of(a.filter("age__gt", x[1]).valuesList(true, "id"))).filter("title__lt", x[2])
                        .orderBy("id").toList()),
                v(150, 20, "Z"), List.of("Beta", "Gamma"),
                v(0, 35, "Z"), List.of("Gamma"),
                v(0, 20, "B"), List.of("Alpha")));
        r.add(read("subquery with its own in list and limit",
                x -> titles(b.filter("author_id__in", Subquery.of(a.filter("name__in", x[0]).orderBy("id")
                        .limit((Integer) x[1]).valuesList(true, "id"))).filter("pages__lte", x[2]).orderBy("id")
                        .toList()),
                v(List.of("Ann", "Bob"), 1, 1000), List.of("Alpha", "Beta"),
                v(List.of("Bob", "Cid"), 2, 350), List.of("Gamma")));
        r.add(read("Case/When with values, filtered on the annotation",
                x -> b.annotate("c", Case.of(When.of("pages__gt", x[0], x[1])).otherwise(x[2])).filter("c", x[3])
                        .orderBy("id").valuesList(true, "title").toList(),
                v(250, "big", "small", "big"), List.of("Gamma", "Delta"),
                v(150, "L", "S", "S"), List.of("Alpha")));
        r.add(read("F arithmetic annotation, filtered and ordered on it",
                x -> ints(b.annotate("x", F.of("pages").add(x[0])).filter("x__gt", x[1]).orderBy("-x")
                        .valuesList(true, "x").toList()),
                v(5, 250), List.of(405, 305),
                v(1000, 1250), List.of(1400, 1300)));
        r.add(read("having with an aggregate filter and a where value",
                x -> a.annotate("n", count("books__id")).filter("n__gte", x[0]).filter("name__lt", x[1])
                        .orderBy("name").valuesList(true, "name").toList(),
                v(2, "Z"), List.of("Ann"),
                v(1, "C"), List.of("Ann", "Bob"),
                v(1, "Z"), List.of("Ann", "Bob", "Cid")));
        r.add(read("group by an annotation with a value, values with an aggregate",
                x -> b.annotate("g", F.of("pages").add(x[0])).annotate("n", count("id")).filter("pages__lt", x[1])
                        .groupBy("g").orderBy("g").values("g", "n").toList()
                        .map(l -> l.stream().map(m -> ((Number) m.get("g")).intValue() + ":"
                                + ((Number) m.get("n")).intValue()).toList()),
                v(1, 250), List.of("101:1", "201:1"),
                v(7, 450), List.of("107:1", "207:1", "307:1", "407:1")));
        r.add(read("select_related and a filter across the join",
                x -> b.selectRelated("author").filter("author__name__startswith", x[0]).filter("pages__lt", x[1])
                        .orderBy("id").toList().map(l -> l.stream().map(k -> k.title + "/" + k.author.get().name)
                                .toList()),
                v("A", 150), List.of("Alpha/Ann"),
                v("B", 1000), List.of("Gamma/Bob")));
        r.add(read("distinct with limit and offset",
                x -> a.filter("books__pages__gte", x[0]).distinct().orderBy("name").limit((Integer) x[1])
                        .offset((Integer) x[2]).valuesList(true, "name").toList(),
                v(100, 1, 0), List.of("Ann"),
                v(200, 2, 1), List.of("Bob", "Cid")));
        r.add(read("RawSQL with a value inside an annotation",
                x -> ints(b.annotate("r", RawSQL.of("{pages} + ?", x[0])).filter("r__gt", x[1]).orderBy("id")
                        .valuesList(true, "r").toList()),
                v(1, 300), List.of(301, 401),
                v(50, 100), List.of(150, 250, 350, 450)));
        r.add(read("LIKE lookups with wildcards in the value",
                x -> titles(b.filter("title__icontains", x[0]).filter("title__iendswith", x[1]).orderBy("id")
                        .toList()),
                v("L", "a"), List.of("Alpha", "Delta"),
                v("%", "a"), List.of(),
                v("a_", "ta"), List.of()));
        if (env.db() != DatabaseKind.H2) {
            // H2 has no JSON path or containment lookups (UnSupportedError).
            r.add(read("JSON path filter",
                    x -> titles(b.filter("data__filter", Map.of("k__gte", x[0])).filter("pages__lt", x[1]).orderBy("id")
                            .toList()),
                    v(2, 1000), List.of("Beta", "Gamma"),
                    v(1, 150), List.of("Alpha")));
            r.add(read("JSON containment",
                    x -> titles(b.filter("data__contains", x[0]).filter("pages__gt", x[1]).orderBy("id").toList()),
                    v(Map.of("s", "x"), 0), List.of("Alpha"),
                    v(Map.of("k", 2), 0), List.of("Beta"),
                    v(Map.of("k", 2), 250), List.of()));
        }
        r.add(read("reverse relation (FK) query",
                x -> titles(a.get("name", x[0]).flatMap(au -> au.books.filter("pages__gt", x[1]).orderBy("id")
                        .toList())),
                v("Ann", 150), List.of("Beta"),
                v("Bob", 0), List.of("Gamma")));
        r.add(read("M2M reverse query (through subquery) with a filter",
                x -> titles(env.of(SvTag.class).get("name", x[0]).flatMap(t -> t.books.filter("pages__lt", x[1])
                        .orderBy("id").toList())),
                v("red", 1000), List.of("Alpha", "Beta"),
                v("blue", 250), List.of("Alpha")));
        r.add(read("prefetch with a Prefetch queryset filter",
                x -> a.filter("name__in", x[0]).orderBy("id").prefetchRelated(Prefetch.of("books",
                        b.filter("pages__gt", x[1]).orderBy("-id"), "picked")).toList()
                        .map(l -> l.stream().map(au -> au.name + "=" + String.join(",",
                                au.<List<SvBook>>prefetched("picked").stream().map(k -> k.title).toList())).toList()),
                v(List.of("Ann", "Bob"), 150), List.of("Ann=Beta", "Bob=Gamma"),
                v(List.of("Ann", "Cid"), 50), List.of("Ann=Beta,Alpha", "Cid=Delta")));
        r.add(read("M2M prefetch with a Prefetch queryset filter",
                x -> b.filter("title__in", x[0]).orderBy("id").prefetchRelated(Prefetch.of("tags",
                        env.of(SvTag.class).filter("name__in", x[1]).orderBy("name"), "picked")).toList()
                        .map(l -> l.stream().map(k -> k.title + "=" + String.join(",",
                                k.<List<SvTag>>prefetched("picked").stream().map(t -> t.name).toList())).toList()),
                v(List.of("Alpha", "Gamma"), List.of("red")), List.of("Alpha=red", "Gamma="),
                v(List.of("Alpha", "Beta"), List.of("blue", "red")), List.of("Alpha=blue,red", "Beta=red")));
        r.add(read("scalar subquery annotation compared with a field",
                x -> b.annotate("top", Subquery.of(b.filter("pages__lt", x[0]).orderBy("-pages").limit(1)
                        .valuesList(true, "pages"))).filter("pages", F.of("top")).filter("title__gt", x[1])
                        .valuesList(true, "title").toList(),
                v(250, "A"), List.of("Beta"),
                v(1000, "A"), List.of("Delta"),
                v(1000, "E"), List.of()));
        r.add(read("aggregate and valued annotations on model rows, filtered and ordered on the valued one",
                x -> a.annotate("n", count("books__id")).annotate("plus", F.of("age").add(x[0]))
                        .filter("plus__gt", x[1]).orderBy("-plus").toList().map(l -> l.stream()
                                .map(au -> au.name + ":" + au.annotation("n", Number.class).intValue() + ":"
                                        + au.annotation("plus", Number.class).intValue()).toList()),
                v(1, 0), List.of("Bob:1:42", "Ann:2:31"),
                v(100, 135), List.of("Bob:1:141")));
        r.add(read("count and exists",
                x -> b.filter("pages__gte", x[0]).count().zipWith(b.filter("title", x[1]).exists())
                        .map(t -> t.getT1() + "/" + t.getT2()),
                v(200, "Beta"), "3/true",
                v(400, "Omega"), "1/false"));
        return r;
    }

    private static void runReads(Env env) {
        for (Read read : reads(env)) {
            for (int i = 0; i < read.values().size(); i++) {
                expect(read.query().apply(read.values().get(i)), read.rows().get(i),
                        read.label() + " with " + Arrays.deepToString(read.values().get(i)));
            }
        }
    }

    @DatabaseTest
    void everyReadReturnsTheRowsOfItsOwnValues(DatabaseKind db) {
        try (Env env = Env.start(db, SvAuthor.class, SvBook.class, SvTag.class)) {
            fixtures(env);
            runReads(env);
            // Twice over, so that every first run above is now a cache hit too.
            runReads(env);
            assertThat(env.tortoise().connections().get("default").renderer().reusedCount()).isGreaterThan(50);
        }
    }

    @DatabaseTest
    void everyReadReturnsTheRowsOfItsOwnValuesWithACacheOfOneAndWithNone(DatabaseKind db) {
        for (int size : new int[] {1, 0}) {
            try (Env env = Env.start(db, c -> c.models(SvAuthor.class, SvBook.class, SvTag.class)
                    .statementCacheSize(size))) {
                fixtures(env);
                runReads(env);
                assertThat(env.tortoise().connections().get("default").renderer().cachedShapes())
                        .isLessThanOrEqualTo(size);
            }
        }
    }

    @DatabaseTest
    void aQuerysetReusedOrClonedKeepsItsOwnValues(DatabaseKind db) {
        try (Env env = Env.start(db, SvAuthor.class, SvBook.class, SvTag.class)) {
            fixtures(env);
            var base = env.of(SvBook.class).filter("pages__gt", 150).orderBy("id");
            var narrower = base.filter("pages__lt", 350);
            var other = base.filter("pages__lt", 250);
            expect(titles(base.toList()), List.of("Beta", "Gamma", "Delta"), "base");
            expect(titles(narrower.toList()), List.of("Beta", "Gamma"), "narrower");
            expect(titles(other.toList()), List.of("Beta"), "other");
            expect(titles(base.toList()), List.of("Beta", "Gamma", "Delta"), "base again");
            expect(titles(narrower.toList()), List.of("Beta", "Gamma"), "narrower again");
            SqlText inline = base.filter("title__in", List.of("Beta", "Gamma")).sql(true);
            assertThat(inline).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"sv_book\".\"id\",\"sv_book\".\"title\","
                    + "\"sv_book\".\"pages\",\"sv_book\".\"data\",\"sv_book\".\"author_id\" FROM \"sv_book\" WHERE "
                    + "(\"sv_book\".\"pages\">150 AND \"sv_book\".\"title\""
                    + (db == DatabaseKind.POSTGRES ? "=ANY('{\"Beta\",\"Gamma\"}')" : " IN ('Beta','Gamma')")
                    + ") ORDER BY \"sv_book\".\"id\" ASC", List.of())));
            SqlText bound = narrower.sql();
            assertThat(bound.bindings()).containsExactly(150, 350);
            StepVerifier.create(narrower.explain()).assertNext(e -> assertThat(e).isNotBlank())
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void writesChangeExactlyTheRowsOfTheirValues(DatabaseKind db) {
        try (Env env = Env.start(db, SvAuthor.class, SvBook.class, SvTag.class)) {
            fixtures(env);
            Manager<SvBook> b = env.of(SvBook.class);
            Manager<SvAuthor> a = env.of(SvAuthor.class);
            // update() with F arithmetic and a constant, twice with other values.
            expect(b.filter("pages__lt", 250).update("pages", F.of("pages").add(1)), 2L, "update 1");
            expect(b.filter("pages__gt", 250).filter("title__in", List.of("Gamma", "Alpha"))
                    .update("pages", F.of("pages").mul(2)), 1L, "update 2");
            expect(ints(b.all().orderBy("id").valuesList(true, "pages").toList()), List.of(101, 201, 600, 400),
                    "pages after updates");
            // update() through a join and with a limit (pk IN a subquery), twice with other values.
            expect(b.filter("author__name", "Ann").update("pages", F.of("pages").add(1000)), 2L, "update via join 1");
            expect(b.filter("author__name", "Bob").update("pages", F.of("pages").add(10)), 1L, "update via join 2");
            expect(b.filter("pages__gt", 500).orderBy("-pages").limit(1).update("pages", F.of("pages").sub(1000)),
                    1L, "update with limit 1");
            expect(b.filter("pages__gt", 300).orderBy("-pages").limit(2).update("pages", F.of("pages").sub(300)),
                    2L, "update with limit 2");
            expect(ints(b.all().orderBy("id").valuesList(true, "pages").toList()), List.of(801, 201, 310, 400),
                    "pages after join and limit updates");
            expect(b.filter("title", "Delta").update("title", "Delta2", "pages", 401), 1L, "update two fields");
            expect(b.filter("title", "Alpha").update("title", "Alpha2", "pages", 102), 1L, "update two fields again");
            expect(b.all().orderBy("id").valuesList("title", "pages").toList().map(l -> l.stream()
                    .map(row -> row.get(0) + ":" + ((Number) row.get(1)).intValue()).toList()),
                    List.of("Alpha2:102", "Beta:201", "Gamma:310", "Delta2:401"), "after two-field updates");
            // save() with a pending expression (an update built outside the templates), then save(update_fields).
            SvBook beta2 = b.get("title", "Beta").block(Env.TIMEOUT);
            SvBook gamma2 = b.get("title", "Gamma").block(Env.TIMEOUT);
            beta2.set("pages", F.of("pages").add(5));
            beta2.title = "BetaX";
            beta2.save().block(Env.TIMEOUT);
            gamma2.set("pages", F.of("pages").mul(2));
            gamma2.title = "GammaX";
            gamma2.save().block(Env.TIMEOUT);
            expect(b.all().orderBy("id").valuesList("title", "pages").toList().map(l -> l.stream()
                    .map(row -> row.get(0) + ":" + ((Number) row.get(1)).intValue()).toList()),
                    List.of("Alpha2:102", "BetaX:206", "GammaX:620", "Delta2:401"), "after saves with expressions");
            beta2.title = "Beta";
            beta2.save("title").block(Env.TIMEOUT);
            gamma2.title = "Gamma";
            gamma2.save("title").block(Env.TIMEOUT);
            expect(b.all().orderBy("id").valuesList("title", "pages").toList().map(l -> l.stream()
                    .map(row -> row.get(0) + ":" + ((Number) row.get(1)).intValue()).toList()),
                    List.of("Alpha2:102", "Beta:206", "Gamma:620", "Delta2:401"), "after saves of update fields");
            // get_or_create / update_or_create, each twice with other values.
            expect(a.getOrCreate(Map.of("age", 50), Map.of("name", "Dee")).map(c -> c.created() + ":" + c.instance().age),
                    "true:50", "get_or_create creates");
            expect(a.getOrCreate(Map.of("age", 60), Map.of("name", "Dee")).map(c -> c.created() + ":" + c.instance().age),
                    "false:50", "get_or_create gets");
            expect(a.updateOrCreate(Map.of("age", 70), Map.of("name", "Dee")).map(c -> c.created() + ":"
                    + c.instance().age), "false:70", "update_or_create updates");
            expect(a.updateOrCreate(Map.of("age", 80), Map.of("name", "Eve")).map(c -> c.created() + ":"
                    + c.instance().age), "true:80", "update_or_create creates");
            expect(a.all().orderBy("id").valuesList("name", "age").toList().map(l -> l.stream()
                    .map(row -> row.get(0) + ":" + row.get(1)).toList()),
                    List.of("Ann:30", "Bob:41", "Cid:null", "Dee:70", "Eve:80"), "authors");
            // M2M add / remove / clear, checked through the reverse queries.
            SvTag red = env.of(SvTag.class).get("name", "red").block(Env.TIMEOUT);
            SvTag blue = env.of(SvTag.class).get("name", "blue").block(Env.TIMEOUT);
            SvBook gamma = b.get("title", "Gamma").block(Env.TIMEOUT);
            SvBook beta = b.get("title", "Beta").block(Env.TIMEOUT);
            gamma.tags.add(red).block(Env.TIMEOUT);
            beta.tags.add(blue, red).block(Env.TIMEOUT);
            expect(titles(red.books.all().orderBy("id").toList()), List.of("Alpha2", "Beta", "Gamma"), "red");
            beta.tags.remove(red).block(Env.TIMEOUT);
            gamma.tags.remove(blue).block(Env.TIMEOUT);
            expect(titles(red.books.all().orderBy("id").toList()), List.of("Alpha2", "Gamma"), "red after remove");
            expect(titles(blue.books.all().orderBy("id").toList()), List.of("Alpha2", "Beta"), "blue after remove");
            gamma.tags.clear().block(Env.TIMEOUT);
            expect(titles(red.books.all().orderBy("id").toList()), List.of("Alpha2"), "red after clear");
            expect(b.filter("tags__name", "blue").count(), 2L, "blue by join");
            // bulk_create and bulk_update, twice with other values.
            SvAuthor ann = a.get("name", "Ann").block(Env.TIMEOUT);
            List<SvBook> made = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                List<SvBook> batch = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    SvBook k = new SvBook();
                    k.title = "bulk" + round + i;
                    k.pages = 1000 * (round + 1) + i;
                    k.author.set(ann);
                    batch.add(k);
                }
                made.addAll(b.bulkCreate(batch).block(Env.TIMEOUT));
            }
            expect(ints(b.filter("title__startswith", "bulk").orderBy("title").valuesList(true, "pages").toList()),
                    List.of(1000, 1001, 1002, 2000, 2001, 2002), "bulk created");
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < made.size(); i++) {
                    made.get(i).pages = round * 10 + i;
                }
                expect(b.bulkUpdate(made, List.of("pages")), 6L, "bulk update " + round);
                expect(ints(b.filter("title__startswith", "bulk").orderBy("title").valuesList(true, "pages")
                        .toList()), List.of(round * 10, round * 10 + 1, round * 10 + 2, round * 10 + 3,
                        round * 10 + 4, round * 10 + 5), "bulk updated " + round);
            }
            // delete() querysets, twice with other values.
            expect(b.filter("title__startswith", "bulk").filter("pages__lt", 13).delete(), 3L, "delete 1");
            expect(b.filter("title__startswith", "bulk").filter("pages__in", List.of(13, 15, 99)).delete(), 2L,
                    "delete 2");
            expect(ints(b.filter("title__startswith", "bulk").valuesList(true, "pages").toList()), List.of(14),
                    "left after deletes");
        }
    }
    @DatabaseTest
    void m2mLinksOfSeveralPairsBindTheirKeysAsSlots(DatabaseKind db) {
        try (Env env = Env.start(db, SvAuthor.class, SvBook.class, SvTag.class)) {
            fixtures(env);
            Manager<SvTag> tags = env.of(SvTag.class);
            List<SvTag> more = new ArrayList<>();
            for (String n : List.of("t1", "t2", "t3", "t4", "t5", "t6")) {
                more.add(tags.create("name", n).block(Env.TIMEOUT));
            }
            SvBook gamma = env.of(SvBook.class).get("title", "Gamma").block(Env.TIMEOUT);
            SvBook delta = env.of(SvBook.class).get("title", "Delta").block(Env.TIMEOUT);
            var renderer = env.tortoise().connections().get("default").renderer();
            env.statements().clear();
            gamma.tags.add(more.get(0), more.get(1), more.get(2)).block(Env.TIMEOUT);
            long rendered = renderer.renderedCount();
            delta.tags.add(more.get(3), more.get(4), more.get(5)).block(Env.TIMEOUT);
            // The second add of three pairs took both its statements' text from the cache.
            assertThat(renderer.renderedCount()).isEqualTo(rendered);
            var inserts = env.statements().events().stream().filter(e -> e.sql().startsWith("INSERT")
                    || e.sql().startsWith("MERGE")).toList();
            assertThat(inserts).hasSize(2);
            assertThat(inserts.get(1).sql()).isEqualTo(inserts.get(0).sql());
            String expected = switch (db) {
                case H2 -> "MERGE INTO \"sv_book_tag\" \"t\" USING (SELECT \"sv_book_id\",\"sv_tag_id\" FROM (SELECT "
                        + "\"v\".*,ROW_NUMBER() OVER (PARTITION BY \"sv_book_id\",\"sv_tag_id\" ORDER BY \"tortoise_row\") AS "
                        + "\"tortoise_first0\" FROM (VALUES (CAST($1 AS INT),CAST($2 AS INT),0),(CAST($3 AS INT),CAST($4 AS INT),1),"
                        + "(CAST($5 AS INT),CAST($6 AS INT),2)) \"v\" (\"sv_book_id\",\"sv_tag_id\",\"tortoise_row\")) \"w\" "
                        + "WHERE (\"tortoise_first0\"=1 OR \"sv_book_id\" IS NULL OR \"sv_tag_id\" IS NULL)) \"s\" "
                        + "(\"sv_book_id\",\"sv_tag_id\") ON (\"t\".\"sv_book_id\"=\"s\".\"sv_book_id\" AND "
                        + "\"t\".\"sv_tag_id\"=\"s\".\"sv_tag_id\") WHEN NOT MATCHED THEN INSERT "
                        + "(\"sv_book_id\",\"sv_tag_id\") VALUES (\"s\".\"sv_book_id\",\"s\".\"sv_tag_id\")";
                // One array per column, made of the pairs' slots.
                case POSTGRES -> "INSERT INTO \"sv_book_tag\" (\"sv_book_id\",\"sv_tag_id\") SELECT * FROM "
                        + "unnest(CAST($1 AS INT[]),CAST($2 AS INT[])) ON CONFLICT DO NOTHING";
                default -> "INSERT IGNORE INTO `sv_book_tag` (`sv_book_id`,`sv_tag_id`) VALUES (?,?),(?,?),(?,?)";
            };
            assertThat(inserts.get(0).sql()).isEqualTo(expected);
            int g = gamma.id;
            int d = delta.id;
            int t1 = more.get(0).id;
            List<Object> first = db == DatabaseKind.POSTGRES ? List.of(List.of(g, g, g), List.of(t1, t1 + 1, t1 + 2))
                    : List.of(g, t1, g, t1 + 1, g, t1 + 2);
            List<Object> second = db == DatabaseKind.POSTGRES
                    ? List.of(List.of(d, d, d), List.of(t1 + 3, t1 + 4, t1 + 5))
                    : List.of(d, t1 + 3, d, t1 + 4, d, t1 + 5);
            assertThat(inserts.get(0).bindings().stream().map(SlotValuesEdgeTest::listed).toList()).isEqualTo(first);
            assertThat(inserts.get(1).bindings().stream().map(SlotValuesEdgeTest::listed).toList()).isEqualTo(second);
            expect(titles(more.get(4).books.all().toList()), List.of("Delta"), "t5's books");
            expect(titles(more.get(1).books.all().toList()), List.of("Gamma"), "t2's books");
            expect(gamma.tags.all().orderBy("id").valuesList(true, "name").toList(), List.of("blue", "t1", "t2", "t3"),
                    "Gamma's tags");
            expect(delta.tags.all().orderBy("id").valuesList(true, "name").toList(), List.of("t4", "t5", "t6"),
                    "Delta's tags");
        }
    }
    /**
     * One runtime with an H2, a PostgreSQL and a MariaDB connection (never connected: {@code sql()}
     * needs no server): the same queries alternate between them with other values, and each
     * connection's text and values equal those of a runtime rendering every statement in full.
     */
    @org.junit.jupiter.api.Test
    void connectionsOfDifferentDialectsKeepTheirOwnShapes() {
        java.util.function.IntFunction<dev.tortoise.Tortoise> runtime = size -> dev.tortoise.Tortoise.init(
                dev.tortoise.TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                        .connection("pg", "postgres://nobody@127.0.0.1:1/nowhere")
                        .connection("maria", "mariadb://nobody@127.0.0.1:1/nowhere")
                        .models(SvAuthor.class, SvBook.class, SvTag.class).statementCacheSize(size).build());
        dev.tortoise.Tortoise cached = runtime.apply(1024);
        dev.tortoise.Tortoise uncached = runtime.apply(0);
        try {
            List<Function<Object[], Function<Manager<SvBook>, dev.tortoise.query.QuerySet<SvBook>>>> kinds = List.of(
                    x -> m -> m.filter("title__in", x[0]).filter("pages__gt", x[1]).limit((Integer) x[2]),
                    x -> m -> m.filter("author_id__in", Subquery.of(m.filter("title__in", x[0])
                            .valuesList(true, "author_id"))).filter("pages__lt", x[1]).offset((Integer) x[2]),
                    x -> m -> m.annotate("c", Case.of(When.of("pages__gt", x[1], "big")).otherwise("small"))
                            .filter("title__not_in", x[0]).limit((Integer) x[2]));
            List<Object[]> values = List.of(v(List.of("A", "B"), 1, 2), v(List.of("C"), 5, 7),
                    v(List.of("D", "E", "F"), 9, 11), v(List.of("A", "B"), 3, 4));
            int runs = 0;
            for (int round = 0; round < 2; round++) {
                for (Object[] x : values) {
                    for (var k : kinds) {
                        for (String c : List.of("default", "pg", "maria")) {
                            SqlText expected = k.apply(x).apply(uncached.of(SvBook.class)).usingDb(c).sql();
                            SqlText actual = k.apply(x).apply(cached.of(SvBook.class)).usingDb(c).sql();
                            assertThat(actual.text()).as("%s %s", c, Arrays.deepToString(x)).isEqualTo(expected.text());
                            assertThat(actual.bindings().stream().map(SlotValuesEdgeTest::listed).toList())
                                    .as("%s %s", c, Arrays.deepToString(x))
                                    .isEqualTo(expected.bindings().stream().map(SlotValuesEdgeTest::listed).toList());
                            runs++;
                        }
                    }
                }
            }
            assertThat(runs).isEqualTo(72);
            long reused = 0;
            for (String c : List.of("default", "pg", "maria")) {
                reused += cached.connections().get(c).renderer().reusedCount();
            }
            // Per connection, a kind's shape differs by its IN list's length only: most runs were hits.
            assertThat(reused).isGreaterThan(40);
        } finally {
            cached.close().block(Env.TIMEOUT);
            uncached.close().block(Env.TIMEOUT);
        }
    }
}
