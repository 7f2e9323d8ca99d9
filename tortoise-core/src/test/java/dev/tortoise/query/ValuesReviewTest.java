package dev.tortoise.query;

import static dev.tortoise.expression.Functions.coalesce;
import static dev.tortoise.expression.Functions.concat;
import static dev.tortoise.expression.Functions.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.FieldError;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.expression.Case;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.Subquery;
import dev.tortoise.expression.When;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Review of the merged {@code values} branch: a kept query shape bound to its first run's values with NULL in every
 * slot a later run refills must give, run after run with other values, exactly the SQL, bindings and rows of a
 * runtime that keeps no shapes ({@code statement-cache-size} 0); that runtime must run every path (custom managers,
 * related managers, M2M, prefetch, signals, transactions) without kept shapes; and the memo of values() result keys
 * must not leak a caller's later array changes nor mix field lists.
 */
class ValuesReviewTest {

    public static class VrClub extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 30)
        public String name;
        public ReverseRelation<VrPlayer> players;
    }

    public static class VrTag extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 30)
        public String name;
        public ManyToMany<VrPlayer> players;
    }

    /** A model whose manager is a subclass (its querysets narrowed to level &lt; 3). */
    @Meta(manager = VrPlayers.class)
    public static class VrPlayer extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer level;
        @CharField(maxLength = 30, nullable = true)
        public String text;
        @DateField(nullable = true)
        public LocalDate born;
        @JSONField(nullable = true)
        public Object data;
        @ForeignKeyField(relatedName = "players", nullable = true)
        public ForeignKey<VrClub> club;
        @ManyToManyField(relatedName = "players", through = "vr_player_tag")
        public ManyToMany<VrTag> tags;
    }

    public static class VrPlayers extends Manager<VrPlayer> {
        public VrPlayers(ManagerContext<VrPlayer> context) {
            super(context);
        }

        @Override
        public QuerySet<VrPlayer> getQueryset() {
            return super.getQueryset().filter("level__lt", 3);
        }
    }

    /**
     * Three clubs c1-c3, three tags g1-g3, eight players: id 1-8, level id % 3, text "t<id>" (null for 8), born
     * 2019 + id % 3, data {"k": id % 2}, club (id % 3) + 1, tags g1 (odd ids) and g2 (ids 1-4); {@code cacheSize}
     * null for the default cache. Every statement recorded after this is a test's.
     */
    private static Env start(DatabaseKind db, Integer cacheSize, List<String> signals) {
        Env env = Env.start(db, b -> {
            b.models(VrClub.class, VrTag.class, VrPlayer.class);
            if (cacheSize != null) {
                b.statementCacheSize(cacheSize);
            }
            b.signals(s -> s.postSave(VrPlayer.class, (cls, p, created, fields, dbName) -> {
                signals.add("saved " + p.id + " " + created);
                return null;
            }));
        });
        Manager<VrClub> clubs = env.of(VrClub.class);
        Manager<VrTag> tags = env.of(VrTag.class);
        Manager<VrPlayer> players = env.of(VrPlayer.class);
        Flux.range(1, 3).concatMap(i -> clubs.create("id", i, "name", "c" + i)).then().block(Env.TIMEOUT);
        Flux.range(1, 3).concatMap(i -> tags.create("id", i, "name", "g" + i)).then().block(Env.TIMEOUT);
        List<VrTag> g = tags.all().orderBy("id").toList().block(Env.TIMEOUT);
        Flux.range(1, 8).concatMap(i -> players.create(Map.of("id", i, "level", i % 3, "text", i == 8 ? "" : "t" + i,
                "born", LocalDate.of(2019 + i % 3, 1, i), "data", Map.of("k", i % 2), "club_id", i % 3 + 1))
                .flatMap(p -> (i % 2 == 1 ? p.tags.add(g.get(0)) : Mono.<Void>empty())
                        .then(i <= 4 ? p.tags.add(g.get(1)) : Mono.<Void>empty()))).then().block(Env.TIMEOUT);
        players.filter("id", 8).update("text", null).block(Env.TIMEOUT);
        env.statements().clear();
        signals.clear();
        return env;
    }

    /** Three rounds of every probe, each round with other values: the results, then every statement sent. */
    private static List<String> rounds(Env env) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            for (String line : round(env, r)) {
                out.add(r + " " + line);
            }
        }
        for (StatementEvent e : env.statements().events()) {
            List<String> bindings = new ArrayList<>();
            for (Object b : e.bindings()) {
                bindings.add(b instanceof Object[] a ? java.util.Arrays.deepToString(a)
                        : b instanceof int[] a ? java.util.Arrays.toString(a) : String.valueOf(b));
            }
            out.add(e.sql() + " " + bindings);
        }
        return out;
    }

    private static List<String> round(Env env, int r) {
        Manager<VrPlayer> m = env.of(VrPlayer.class);
        Manager<VrClub> clubs = env.of(VrClub.class);
        QuerySet<VrPlayer> all = m.all();
        List<String> out = new ArrayList<>();
        out.add("or-not " + ids(m.filter(Q.or(Q.of("level", r), Q.not(Q.of("text__startswith", "t" + (r + 1)))))
                .orderBy("id")));
        out.add("exclude " + ids(m.exclude("text", "t" + (r + 1)).orderBy("-id")));
        out.add("relation " + ids(m.filter("club__name", "c" + (r + 1)).orderBy("id")));
        out.add("F filter " + ids(m.filter("id__gt", F.of("level").add(r * 2)).orderBy("id")));
        out.add("subquery filter " + ids(m.filter("id__in", m.filter("level", r).valuesList(true, "id"))
                .orderBy("id")));
        out.add("raw annotation " + block(m.annotate("x", RawSQL.of("{level} + ?", r * 10)).filter("id__lte", r + 2)
                .orderBy("id").valuesList(true, "x").toList().map(ValuesReviewTest::longs)));
        out.add("date " + ids(m.filter("born__year", 2019 + r).orderBy("id")));
        out.add("isnull " + ids(m.filter("text__isnull", r == 1).filter("id__gte", r).orderBy("id")));
        if (env.db() != DatabaseKind.H2) {
            out.add("json " + ids(m.filter("data__contains", Map.of("k", r % 2)).filter("id__lte", 3 + r)
                    .orderBy("id")));
        }
        out.add("key list " + ids(m.filter("id__in", List.of(r + 1, r + 3)).orderBy("id")));
        out.add("key lists " + ids(m.filter("id__in", List.of(r + 1, r + 2, 7)).filter("level__in", List.of(r, 1))
                .orderBy("id")));
        out.add("key list with null " + ids(m.filter("text__in", java.util.Arrays.asList("t" + (r + 5), null))
                .orderBy("id")));
        out.add("key set " + ids(m.filter("id__in", new LinkedHashSet<>(List.of(r + 2, r + 4)))));
        out.add("key list and annotation " + block(m.filter("id__in", List.of(r + 1, r + 2)).annotate("c",
                Case.of(When.of("level", (r + 1) % 3, "hit")).otherwise("miss" + r)).orderBy("id").valuesList(true, "c")
                .toList()));
        out.add("aggregate filter " + block(clubs.annotate("n", count("players__id").filter("players__level__gte", r))
                .orderBy("id").valuesList("name", "n").toList().map(ValuesReviewTest::longRows)));
        out.add("functions " + block(m.annotate("a", coalesce("text", "none" + r)).annotate("b", concat("level",
                "-" + r)).filter("id__gte", 6 + r % 2).orderBy("id").valuesList("a", "b").toList()));
        out.add("limit " + ids(m.all().orderBy("id").limit(r + 1)));
        out.add("offset " + ids(m.all().orderBy("id").offset(r + 5)));
        out.add("limit offset " + ids(m.filter("level__lte", r).orderBy("id").limit(2).offset(r)));
        out.add("no limit " + ids(m.filter("level__lte", r).orderBy("id")));
        out.add("distinct " + block(m.filter("level__gte", r).distinct().orderBy("level").valuesList(true, "level")
                .toList().map(ValuesReviewTest::longs)));
        out.add("group having " + block(m.annotate("n", count("id")).groupBy("level").filter("n__gte", r + 2)
                .filter("id__gt", r).orderBy("level").valuesList("level", "n").toList().map(ValuesReviewTest::longRows)));
        out.add("values " + block(m.filter("level", r).orderBy("id").values("id", "text").toList()));
        out.add("values list twice " + block(m.filter("level", r).orderBy("id").valuesList("id", "id").toList()
                .map(ValuesReviewTest::longRows)));
        out.add("count limit " + block(m.filter("level__lte", r).limit(r + 1).count()));
        out.add("count offset " + block(m.filter("level__lte", r).orderBy("id").limit(5).offset(r).count()));
        out.add("exists offset " + block(m.filter("level", r).orderBy("id").offset(2 * r).exists()));
        out.add("exists " + block(m.filter("text", "t" + (r + 6)).exists()));
        out.add("first " + block(m.filter("level", r).orderBy("-id").first().map(p -> p.id)));
        out.add("get " + block(m.getOrNone("text", "t" + (r + 2)).map(p -> p.id + " " + p.level)));
        out.add("select related " + block(m.selectRelated("club").filter("club__name__gte", "c" + (r + 1))
                .filter("id__lte", r + 4).orderBy("id").toList().map(l -> l.stream().map(p -> p.id + "/"
                        + p.club.get().name).toList())));
        out.add("prefetch " + block(m.filter("id__in", List.of(r + 1, r + 2)).orderBy("id").prefetchRelated("club",
                "tags").toList().map(l -> l.stream().map(p -> p.id + "/" + p.club.get().name + "/"
                        + p.tags.list().stream().map(t -> t.name).sorted().toList()).toList())));
        out.add("prefetch queryset " + block(clubs.filter("id__lte", r + 1).orderBy("id").prefetchRelated(
                Prefetch.of("players", m.filter("level__lte", r).orderBy("-id"), "picked")).toList()
                .map(l -> l.stream().map(c -> c.name + "=" + c.<List<VrPlayer>>prefetched("picked").stream()
                        .map(p -> p.id).toList()).toList())));
        out.add("reverse " + block(clubs.get("id", r + 1).flatMap(c -> c.players.filter("id__gt", r).orderBy("id")
                .toList()).map(l -> l.stream().map(p -> p.id).toList())));
        out.add("m2m " + block(env.of(VrTag.class).get("id", r % 2 + 1).flatMap(t -> t.players
                .filter("id__gte", r + 1).orderBy("id").toList()).map(l -> l.stream().map(p -> p.id).toList())));
        out.add("fetch related " + block(m.get("id", r + 1).flatMap(p -> p.fetchRelated("tags", "club")
                .thenReturn(p)).map(p -> p.club.get().name + " " + p.tags.list().stream().map(t -> t.name).sorted()
                .toList())));
        out.add("only " + block(m.only("id", "text").filter("level", r).orderBy("id").toList()
                .map(l -> l.stream().map(p -> p.id + ":" + p.text).toList())));
        out.add("subquery annotation " + block(m.annotate("top", Subquery.of(all.filter("level", r).orderBy("-id")
                .limit(1).valuesList(true, "id"))).filter("id__lte", 2).orderBy("id").valuesList(true, "top").toList()
                .map(ValuesReviewTest::longs)));
        out.add("for update " + block(env.tortoise().inTransaction("default", tx -> m.filter("level", r)
                .selectForUpdate().orderBy("id").flux().map(p -> p.id)).collectList()));
        out.add("custom manager " + ids(m.all().orderBy("id")) + " " + block(m.filter("level__gte", r).count()));
        out.add("update F " + block(m.filter("id", r + 1).update("level", F.of("level").sub(3 + r))));
        out.add("update F back " + block(m.filter("id", r + 1).update("level", F.of("level").add(3 + r))));
        out.add("update values " + block(m.filter("level", r).filter("id__lte", 4).update("text", "u" + r,
                "born", LocalDate.of(2030, 1, r + 1))));
        out.add("update limit " + block(m.filter("level__gte", 0).orderBy("id").limit(r + 1).update("data",
                Map.of("k", 10 + r))));
        out.add("after updates " + block(m.all().orderBy("id").values("id", "text", "born").toList()));
        out.add("null or value " + ids(m.filter("text", r == 1 ? null : "t" + (r + 5)).orderBy("id")));
        out.add("empty or full key list " + ids(m.filter("id__in", r == 1 ? List.of() : List.of(r + 1))
                .filter("level__gte", 0).orderBy("id")));
        out.add("subquery with limit and offset " + ids(m.filter("id__gt", Subquery.of(all.filter("level", r)
                .orderBy("id").offset(r % 2).limit(1).valuesList(true, "id"))).orderBy("id").limit(3 - r)));
        out.add("annotated update " + block(m.annotate("x", RawSQL.of("{level} + ?", r)).filter("id", r + 4)
                .update("text", "a" + r)));
        out.add("annotated count " + block(m.annotate("x", Case.of(When.of("level", r, r * 7)).otherwise(-r))
                .filter("id__lte", 5 + r).count()));
        out.add("annotated exists " + block(m.annotate("x", coalesce("text", "e" + r)).filter("level", r)
                .offset(r).exists()));
        out.add("grouped values with limit and offset " + block(m.annotate("g", F.of("level").add(r * 10))
                .annotate("n", count("id")).filter("id__gt", r).groupBy("g").orderBy("g").limit(2).offset(r % 2)
                .values("g", "n").toList().map(l -> l.stream().map(x -> ((Number) x.get("g")).intValue() + ":"
                        + ((Number) x.get("n")).intValue()).toList())));
        out.add("update key " + block(m.filter("id", 8 - r).update("club_id", r + 1)) + " "
                + block(env.of(VrClub.class).get("id", 3 - r).flatMap(c -> m.filter("id", 7 - r).update("club", c))));
        out.add("update null " + block(m.filter("id", 6).update("text", r == 1 ? null : "n" + r)));
        out.add("after key updates " + block(m.all().orderBy("id").valuesList("id", "club_id", "text").toList()
                .map(ValuesReviewTest::longRows)));
        out.add("delete " + block(m.filter("id", 100 + r).delete()));
        out.add("save " + block(m.get("id", r + 1).flatMap(p -> {
            p.text = "s" + r;
            return p.save().thenReturn(p.id);
        })));
        return out;
    }

    /** The result keys a values query was built with (its private field: no accessor exists). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> keysOf(ValuesQuery<?> q) throws ReflectiveOperationException {
        java.lang.reflect.Field f = ValuesQuery.class.getDeclaredField("keys");
        f.setAccessible(true);
        return (Map<String, String>) f.get(q);
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(Env.TIMEOUT);
    }

    private static List<Integer> ids(QuerySet<VrPlayer> q) {
        return q.toList().map(l -> l.stream().map(p -> p.id).toList()).block(Env.TIMEOUT);
    }

    private static List<Object> longs(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object o : values) {
            out.add(o instanceof Number n ? (Object) n.longValue() : o);
        }
        return out;
    }

    private static List<List<Object>> longRows(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            out.add(longs(row));
        }
        return out;
    }

    @DatabaseTest
    void keptShapesRunRoundAfterRoundAsAWholeCompileDoes(DatabaseKind db) {
        List<String> kept;
        List<String> keptSignals = new ArrayList<>();
        long keptCompiles;
        try (Env env = start(db, null, keptSignals)) {
            assertThat(env.of(VrPlayer.class).all().state().shapes).isNotNull();
            long before = CompiledShapesProbe.totalWholeCompileCount();
            kept = rounds(env);
            keptCompiles = CompiledShapesProbe.totalWholeCompileCount() - before;
        }
        List<String> whole;
        List<String> wholeSignals = new ArrayList<>();
        long wholeCompiles;
        try (Env env = start(db, 0, wholeSignals)) {
            assertThat(env.of(VrPlayer.class).all().state().shapes).isNull();
            long before = CompiledShapesProbe.totalWholeCompileCount();
            whole = rounds(env);
            wholeCompiles = CompiledShapesProbe.totalWholeCompileCount() - before;
        }
        // Line by line first, so that a failure names the probe and round.
        for (int i = 0; i < Math.min(kept.size(), whole.size()); i++) {
            assertThat(kept.get(i)).as("line %d", i).isEqualTo(whole.get(i));
        }
        assertThat(kept).isEqualTo(whole);
        assertThat(keptSignals).isEqualTo(wholeSignals).containsExactly("saved 1 false", "saved 2 false",
                "saved 3 false");
        // The kept runtime replays most statements of rounds 2 and 3; the other compiles every one whole.
        assertThat(keptCompiles).isLessThan(wholeCompiles);
        System.out.println("ValuesReviewTest " + db + " whole compiles: kept " + keptCompiles + ", none kept "
                + wholeCompiles);
        if (db != DatabaseKind.H2) {
            assertThat(kept).contains("0 json [2]", "1 json [3]", "2 json [4]");
        }
        // The second and third runs (replays of the kept shapes), every probe but the JSON one (not on H2).
        List<String> replayed = new ArrayList<>();
        for (String line : kept) {
            if ((line.startsWith("1 ") || line.startsWith("2 ")) && !line.contains(" json ")) {
                replayed.add(line);
            }
        }
        assertThat(replayed).containsExactly(
                "1 or-not [1, 3, 4, 5, 6, 7]",
                "1 exclude [7, 6, 5, 4, 3, 1]",
                "1 relation [1, 4]",
                "1 F filter [3, 4, 5, 6, 7, 8]",
                "1 subquery filter [1, 4, 7]",
                "1 raw annotation [11, 12, 10]",
                "1 date [1, 4, 7]",
                "1 isnull [8]",
                "1 key list [2, 4]",
                "1 key lists [7]",
                "1 key list with null []",
                "1 key set [3, 5]",
                "1 key list and annotation [hit, miss1]",
                "1 aggregate filter [[c1, 1], [c2, 2], [c3, 3]]",
                "1 functions [[t7, 1-1], [none1, 2-1]]",
                "1 limit [1, 2]",
                "1 offset [7, 8]",
                "1 limit offset [3, 4]",
                "1 no limit [1, 3, 4, 6, 7]",
                "1 distinct [1, 2]",
                "1 group having [[2, 3]]",
                "1 values [{id=1, text=s0}, {id=4, text=a0}, {id=7, text=t7}]",
                "1 values list twice [[1, 1], [4, 4], [7, 7]]",
                "1 count limit 2",
                "1 count offset 4",
                "1 exists offset true",
                "1 exists true",
                "1 first 7",
                "1 get null",
                "1 select related [1/c2, 2/c3, 4/c2, 5/c3]",
                "1 prefetch [2/c3/[g2], 3/c1/[g1, g2]]",
                "1 prefetch queryset [c1=[6, 3], c2=[4, 1]]",
                "1 reverse [4]",
                "1 m2m [2, 3, 4]",
                "1 fetch related c3 [g2]",
                "1 only [1:s0, 4:a0, 7:t7]",
                "1 subquery annotation [7, 7]",
                "1 for update [1, 4, 7]",
                "1 custom manager [1, 2, 3, 4, 5, 6, 7, 8] 6",
                "1 update F 1",
                "1 update F back 1",
                "1 update values 2",
                "1 update limit 2",
                "1 after updates [{id=1, text=u1, born=2030-01-02}, {id=2, text=t2, born=2021-01-02}, {id=3, text=u0, born=2030-01-01}, {id=4, text=u1, born=2030-01-02}, {id=5, text=t5, born=2021-01-05}, {id=6, text=n0, born=2019-01-06}, {id=7, text=t7, born=2020-01-07}, {id=8, text=null, born=2021-01-08}]",
                "1 null or value [8]",
                "1 empty or full key list []",
                "1 subquery with limit and offset [5, 6]",
                "1 annotated update 1",
                "1 annotated count 6",
                "1 annotated exists true",
                "1 grouped values with limit and offset [11:2, 12:3]",
                "1 update key 1 1",
                "1 update null 1",
                "1 after key updates [[1, 2, u1], [2, 3, t2], [3, 1, u0], [4, 2, u1], [5, 3, a1], [6, 2, null], [7, 2, t7], [8, 1, null]]",
                "1 delete 0",
                "1 save 2",
                "2 or-not [1, 2, 3, 4, 5, 7, 8]",
                "2 exclude [7, 5, 4, 3, 2, 1]",
                "2 relation [2, 5]",
                "2 F filter [6, 7, 8]",
                "2 subquery filter [2, 5, 8]",
                "2 raw annotation [21, 22, 20, 21]",
                "2 date [2, 5, 8]",
                "2 isnull [2, 3, 4, 5, 7]",
                "2 key list [3, 5]",
                "2 key lists [4, 7]",
                "2 key list with null [7]",
                "2 key set [4, 6]",
                "2 key list and annotation [hit, miss2]",
                "2 aggregate filter [[c1, 1], [c2, 0], [c3, 2]]",
                "2 functions [[none2, 0-2], [t7, 1-2], [none2, 2-2]]",
                "2 limit [1, 2, 3]",
                "2 offset [8]",
                "2 limit offset [3, 4]",
                "2 no limit [1, 2, 3, 4, 5, 6, 7, 8]",
                "2 distinct [2]",
                "2 group having []",
                "2 values [{id=2, text=s1}, {id=5, text=a1}, {id=8, text=null}]",
                "2 values list twice [[2, 2], [5, 5], [8, 8]]",
                "2 count limit 3",
                "2 count offset 5",
                "2 exists offset false",
                "2 exists false",
                "2 first 8",
                "2 get null",
                "2 select related [2/c3, 5/c3]",
                "2 prefetch [3/c1/[g1, g2], 4/c2/[g2]]",
                "2 prefetch queryset [c1=[8, 3], c2=[7, 6, 4, 1], c3=[5, 2]]",
                "2 reverse [5]",
                "2 m2m [3, 5, 7]",
                "2 fetch related c1 [g1, g2]",
                "2 only [2:s1, 5:a1, 8:null]",
                "2 subquery annotation [8, 8]",
                "2 for update [2, 5, 8]",
                "2 custom manager [1, 2, 3, 4, 5, 6, 7, 8] 3",
                "2 update F 1",
                "2 update F back 1",
                "2 update values 1",
                "2 update limit 3",
                "2 after updates [{id=1, text=u1, born=2030-01-02}, {id=2, text=u2, born=2030-01-03}, {id=3, text=u0, born=2030-01-01}, {id=4, text=u1, born=2030-01-02}, {id=5, text=a1, born=2021-01-05}, {id=6, text=null, born=2019-01-06}, {id=7, text=t7, born=2020-01-07}, {id=8, text=null, born=2021-01-08}]",
                "2 null or value [7]",
                "2 empty or full key list [3]",
                "2 subquery with limit and offset [3]",
                "2 annotated update 1",
                "2 annotated count 7",
                "2 annotated exists true",
                "2 grouped values with limit and offset [20:2, 21:2]",
                "2 update key 1 1",
                "2 update null 1",
                "2 after key updates [[1, 2, u1], [2, 3, u2], [3, 1, u0], [4, 2, u1], [5, 1, a1], [6, 3, n2], [7, 2, t7], [8, 1, null]]",
                "2 delete 0",
                "2 save 3");
    }

    @DatabaseTest
    void aRuntimeWithoutKeptShapesRunsRelatedManagersPrefetchSignalsAndTransactions(DatabaseKind db) {
        List<String> signals = new ArrayList<>();
        try (Env env = start(db, 0, signals)) {
            Manager<VrPlayer> m = env.of(VrPlayer.class);
            assertThat(m.all().state().shapes).isNull();
            assertThat(m.getClass()).isEqualTo(VrPlayers.class);
            VrClub c = env.of(VrClub.class).get("id", 2).block(Env.TIMEOUT);
            assertThat(c.players.all().state().shapes).isNull();
            StepVerifier.create(c.players.count()).expectNext(3L).expectComplete().verify(Env.TIMEOUT);
            VrTag g = env.of(VrTag.class).get("id", 1).block(Env.TIMEOUT);
            StepVerifier.create(g.players.all().orderBy("id").flux().map(p -> p.id).collectList())
                    .expectNext(List.of(1, 3, 5, 7)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().inTransaction("default", tx -> m.get("id", 5).flatMap(p -> {
                p.level = 0;
                return p.save().then(p.tags.clear()).thenReturn(p.id);
            })).then(m.filter("id", 5).valuesList(true, "level").toList()))
                    .expectNext(List.of(0)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(VrClub.class).all().orderBy("id").prefetchRelated("players__tags").toList()
                    .map(l -> l.stream().map(x -> x.name + "=" + x.players.list().stream().sorted(
                            java.util.Comparator.comparing((VrPlayer p) -> p.id)).map(p -> p.id + ":"
                            + p.tags.list().size()).toList()).toList()))
                    .expectNext(List.of("c1=[3:2, 6:0]", "c2=[1:2, 4:1, 7:1]", "c3=[2:1, 5:0, 8:0]"))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(signals).containsExactly("saved 5 false");
        }
    }

    @DatabaseTest
    void valuesKeysFollowTheFieldsOfEachCallNotALaterChangeOfTheCallersArray(DatabaseKind db) {
        try (Env env = start(db, null, new ArrayList<>())) {
            Manager<VrPlayer> m = env.of(VrPlayer.class);
            String[] fields = {"id", "text"};
            ValuesQuery<Map<String, Object>> first = m.filter("id", 1).values(fields);
            fields[1] = "level";
            ValuesQuery<Map<String, Object>> second = m.filter("id", 1).values(fields);
            ValuesQuery<Map<String, Object>> again = m.filter("id", 1).values("id", "text");
            StepVerifier.create(first.toList()).expectNext(List.of(Map.of("id", 1, "text", "t1")))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(second.toList()).expectNext(List.of(Map.of("id", 1, "level", 1)))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(again.toList()).expectNext(List.of(Map.of("id", 1, "text", "t1")))
                    .expectComplete().verify(Env.TIMEOUT);
            // The same fields unique (values) and not (values_list); duplicates allowed only in values_list.
            StepVerifier.create(m.filter("id", 2).valuesList("id", "text").toList())
                    .expectNext(List.of(List.of(2, "t2"))).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id", 2).valuesList("text", "text").toList())
                    .expectNext(List.of(List.of("t2", "t2"))).expectComplete().verify(Env.TIMEOUT);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> m.filter("id", 2).values("text", "text")).isInstanceOf(FieldError.class)
                        .hasMessage("Duplicate key text");
            }
            StepVerifier.create(m.filter("id", 2).valuesList("text", "text").toList())
                    .expectNext(List.of(List.of("t2", "t2"))).expectComplete().verify(Env.TIMEOUT);
            // Keys of a field list that does not compile are kept like any other: the next call fails alike.
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> m.filter("id", 2).values("id", "nope")).isInstanceOf(FieldError.class)
                        .hasMessage("Unknown field \"nope\" for model \"VrPlayer\"; valid fields are [pk, id, level, text, "
                                + "born, data, club, tags, club_id]");
            }
        }
    }

    @DatabaseTest
    void valuesKeysOfManyFieldListsFromEightThreadsGiveEachItsOwnColumns(DatabaseKind db) throws Exception {
        String[] names = {"id", "level", "text", "born"};
        try (Env env = start(db, null, new ArrayList<>())) {
            Manager<VrPlayer> m = env.of(VrPlayer.class);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<String>>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int seed = t;
                    done.add(pool.submit((Callable<List<String>>) () -> {
                        List<String> wrong = new ArrayList<>();
                        for (int i = 0; i < 60; i++) {
                            // 4 * 4 ordered pairs and 4 singles: more field lists than the memo has slots.
                            int a = (seed + i) % 4;
                            int b = (seed * 3 + i / 4) % 5;
                            String[] f = b == 4 ? new String[] {names[a]} : new String[] {names[a], names[b]};
                            boolean unique = i % 2 == 0 && (f.length == 1 || a != b);
                            Map<String, String> keys = keysOf(unique ? m.filter("id", 3).values(f)
                                    : m.filter("id", 3).valuesList(f));
                            List<String> expect = new ArrayList<>();
                            for (int k = 0; k < f.length; k++) {
                                expect.add(unique ? f[k] : f[k] + "#" + k);
                            }
                            if (!new ArrayList<>(keys.keySet()).equals(expect)
                                    || !new ArrayList<>(keys.values()).equals(List.of(f))) {
                                wrong.add(List.of(f) + " " + unique + " -> " + keys);
                            }
                        }
                        return wrong;
                    }));
                }
                for (Future<List<String>> f : done) {
                    assertThat(f.get()).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
            StepVerifier.create(m.filter("id", 3).valuesList("born", "text").toList())
                    .expectNext(List.of(List.of(LocalDate.of(2019, 1, 3), "t3"))).expectComplete()
                    .verify(Env.TIMEOUT);
        }
    }
}
