package dev.tortoise.query;

import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.tortoise.testing.TestSupport.longs;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * What a runtime keeps of its querysets' compiled statements: with {@code statement-cache-size} 0 nothing (every
 * statement compiled whole, the same SQL, bindings and rows as with the cache), and with the cache no value of the
 * run that compiled a kept shape once that run is done.
 */
class CompiledShapesKeepingTest {

    public static class Meter extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer level;
        @CharField(maxLength = 30, nullable = true)
        public String text;
    }

    /** Six meters: ids 1-6, level id % 3, text "t<id>"; {@code cacheSize} null for the default cache. */
    private static Env start(DatabaseKind db, Integer cacheSize) {
        Env env = Env.start(db, b -> {
            b.models(Meter.class);
            if (cacheSize != null) {
                b.statementCacheSize(cacheSize);
            }
        });
        Manager<Meter> m = env.of(Meter.class);
        Flux.range(1, 6).concatMap(i -> m.create("id", i, "level", i % 3, "text", "t" + i)).then().block(Env.TIMEOUT);
        env.statements().clear();
        return env;
    }

    /** Three rounds of six statements, each round with other values: their results, then every statement sent. */
    private static List<String> rounds(Env env) {
        Manager<Meter> m = env.of(Meter.class);
        List<String> out = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            out.add("ids " + ids(m.filter("level", round).orderBy("id").limit(2).offset(round % 2).toList()
                    .block(Env.TIMEOUT)));
            out.add("values " + m.filter("id__gte", round + 4).orderBy("id").values("id", "text").toList()
                    .block(Env.TIMEOUT));
            out.add("grouped " + longs(m.annotate("n", count("id")).annotate("s", sum("id")).groupBy("level")
                    .orderBy("level").valuesList("level", "n", "s").toList().block(Env.TIMEOUT)));
            out.add("count " + m.filter("level", round).count().block(Env.TIMEOUT));
            out.add("exists " + m.filter("text", "t" + (round + 5)).exists().block(Env.TIMEOUT));
            out.add("update " + m.filter("id", round + 1).update("text", "u" + round).block(Env.TIMEOUT));
        }
        for (StatementEvent e : env.statements().events()) {
            out.add(e.sql() + " " + e.bindings());
        }
        return out;
    }

    private static List<Integer> ids(List<Meter> rows) {
        List<Integer> out = new ArrayList<>();
        for (Meter r : rows) {
            out.add(r.id);
        }
        return out;
    }

    @DatabaseTest
    void aRuntimeWithoutStatementCacheCompilesEveryStatementWholeAndSendsTheSame(DatabaseKind db) {
        List<String> cached;
        long cachedCompiles;
        try (Env env = start(db, null)) {
            assertThat(env.of(Meter.class).all().state().shapes).isNotNull();
            long before = CompiledShapesProbe.totalWholeCompileCount();
            cached = rounds(env);
            cachedCompiles = CompiledShapesProbe.totalWholeCompileCount() - before;
        }
        List<String> uncached;
        long uncachedCompiles;
        try (Env env = start(db, 0)) {
            assertThat(env.of(Meter.class).all().state().shapes).isNull();
            long before = CompiledShapesProbe.totalWholeCompileCount();
            uncached = rounds(env);
            uncachedCompiles = CompiledShapesProbe.totalWholeCompileCount() - before;
        }
        assertThat(uncached).isEqualTo(cached);
        assertThat(cached).hasSize(18 + 18);
        assertThat(cached.subList(0, 6)).containsExactly("ids [3, 6]", "values [{id=4, text=t4}, {id=5, text=t5}, "
                + "{id=6, text=t6}]", "grouped [[0, 2, 9], [1, 2, 5], [2, 2, 7]]", "count 2", "exists true",
                "update 1");
        assertThat(cached.subList(12, 18)).containsExactly("ids [2, 5]", "values [{id=6, text=t6}]",
                "grouped [[0, 2, 9], [1, 2, 5], [2, 2, 7]]", "count 2", "exists false", "update 1");
        // Kept: each of the six shapes compiled once, its later runs filled with their values. Not kept: every one.
        assertThat(cachedCompiles).isEqualTo(6);
        assertThat(uncachedCompiles).isEqualTo(18);
    }

    @DatabaseTest
    void aKeptShapeHoldsNoValueOfTheRunThatCompiledIt(DatabaseKind db) throws InterruptedException {
        try (Env env = start(db, null)) {
            Manager<Meter> m = env.of(Meter.class);
            CompiledShapes shapes = m.all().state().shapes;
            int kept = shapes.size();
            List<WeakReference<String>> refs = firstRuns(m);
            // The recorder keeps the bindings of every statement; the shapes alone must not.
            env.statements().clear();
            assertThat(shapes.size()).isEqualTo(kept + 3);
            for (WeakReference<String> ref : refs) {
                for (int i = 0; i < 100 && ref.get() != null; i++) {
                    System.gc();
                    Thread.sleep(10);
                }
                assertThat(ref.get()).as("a value of the first run of a kept shape").isNull();
            }
            // The kept shapes still run with other values, none left of the first run's.
            StepVerifier.create(m.filter("text__in", List.of("t4", "t6")).orderBy("id").toList()
                    .map(CompiledShapesKeepingTest::ids)).expectNext(List.of(4, 6)).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("text", "t6").count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id", 2).update("text", "v2")).expectNext(1L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.all().orderBy("id").valuesList(true, "text").toList())
                    .expectNext(List.<Object>of("w1", "v2", "t3", "t4", "t5", "t6")).expectComplete()
                    .verify(Env.TIMEOUT);
        }
    }

    /**
     * The first runs of three shapes (a key list as a prefetch filters by, a comparison, an update's value), each
     * with strings made for it: weak references to those strings.
     */
    private static List<WeakReference<String>> firstRuns(Manager<Meter> m) {
        String key = new String("t2");
        String other = new String("t3");
        String compared = new String("t5");
        String assigned = new String("w1");
        StepVerifier.create(m.filter("text__in", new ArrayList<>(List.of(key, other))).orderBy("id").toList()
                .map(CompiledShapesKeepingTest::ids)).expectNext(List.of(2, 3)).expectComplete().verify(Env.TIMEOUT);
        StepVerifier.create(m.filter("text", compared).count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
        StepVerifier.create(m.filter("id", 1).update("text", assigned)).expectNext(1L).expectComplete()
                .verify(Env.TIMEOUT);
        return List.of(new WeakReference<>(key), new WeakReference<>(other), new WeakReference<>(compared),
                new WeakReference<>(assigned));
    }
}
