package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.ValidationError;
import dev.tortoise.expression.Q;
import dev.tortoise.query.KeyListReplayReviewTest.KrItem;
import dev.tortoise.query.KeyListReplayReviewTest.KrOwner;
import dev.tortoise.query.KeyListReplayReviewTest.KrTag;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.TestSupport.Color;
import dev.tortoise.testing.TestSupport.Level;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A kept shape whose filters are single-value comparisons on typed fields fills a later run's value into its one
 * slot without compiling (SelectCompiler.valueKey): every run here follows a run of the same shape (same value
 * class) with another value, and must read exactly its own rows, as a compiled run would.
 */
class KeptValueReplayReviewTest {
    private static final UUID U2 = UUID.fromString("7d3c1b2a-0000-4000-8000-00000000beef");
    private static final OffsetDateTime T0 = OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    private static void expect(Mono<?> actual, Object expected, String what) {
        StepVerifier.create(actual).assertNext(x -> assertThat((Object) x).as(what).isEqualTo(expected))
                .expectComplete().verify(Env.TIMEOUT);
    }

    private static Mono<List<Object>> names(QuerySet<KrItem> q) {
        return q.orderBy("id").valuesList(true, "name").toList();
    }

    /** The labels of {@link #runs} whose later runs compiled their filters (not filled into the kept slots). */
    private static final List<String> COMPILED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code query} with each value in turn (one shape), each with its rows; notes whether later runs compiled. */
    private static void runs(String label, Function<Object, Mono<?>> query, Object... valueThenRows) {
        long compiles = 0;
        for (int i = 0; i < valueThenRows.length; i += 2) {
            long before = CompiledShapesProbe.totalCompileCount();
            expect(query.apply(valueThenRows[i]), valueThenRows[i + 1], label + " with " + valueThenRows[i]);
            compiles += i == 0 ? 0 : CompiledShapesProbe.totalCompileCount() - before;
        }
        if (compiles != 0) {
            COMPILED.add(label);
        }
    }

    @DatabaseTest
    void valuesOfOneClassWithOtherConversionsReadTheirOwnRows(DatabaseKind db) {
        COMPILED.clear();
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            List<Object> s = KeyListReplayReviewTest.seed(env);
            KrOwner o1 = (KrOwner) s.get(0);
            KrOwner o2 = (KrOwner) s.get(1);
            KrItem ann = (KrItem) s.get(2);
            KrItem cid = (KrItem) s.get(4);
            Manager<KrItem> m = env.of(KrItem.class);
            runs("id", v -> names(m.filter("id", v)), 1, List.of("Ann"), 3, List.of("Cid"), 9, List.of());
            runs("pk string", v -> names(m.filter("pk", v)), "2", List.of("bob"), "5", List.of("Eve"));
            runs("id model", v -> names(m.filter("id", v)), ann, List.of("Ann"), cid, List.of("Cid"));
            runs("big__gte long", v -> names(m.filter("big__gte", v)), 50L, List.of("Eve", "fay"), 10L,
                    List.of("Ann", "bob", "Cid", "dan", "Eve", "fay"));
            runs("big__lt string", v -> names(m.filter("big__lt", v)), "30", List.of("Ann", "bob"), "11",
                    List.of("Ann"));
            runs("dec", v -> names(m.filter("dec", v)), new BigDecimal("1.5"), List.of("Ann"),
                    new BigDecimal("3.250"), List.of("Cid"), new BigDecimal("2"), List.of("bob"));
            runs("uuid string", v -> names(m.filter("uuid", v)), U2.toString(), List.of("bob"),
                    U2.toString().toUpperCase(), List.of("bob"), "00000000-0000-4000-8000-000000000003",
                    List.of("Cid"));
            runs("odt offsets", v -> names(m.filter("odt__gte", v)), T0.plusDays(2), List.of("Cid"),
                    T0.plusDays(1).withOffsetSameInstant(ZoneOffset.ofHours(-5)), List.of("bob", "Cid"),
                    T0.withOffsetSameInstant(ZoneOffset.ofHours(9)), List.of("Ann", "bob", "Cid"));
            runs("colour enum", v -> names(m.filter("colour", v)), Color.RED, List.of("Ann", "Cid"),
                    Color.DARK_BLUE, List.of("bob"));
            runs("colour text", v -> names(m.filter("colour", v)), "dark-blue", List.of("bob"), "red",
                    List.of("Ann", "Cid"));
            runs("level enum", v -> names(m.filter("level__not", v)), Level.LOW,
                    List.of("bob", "Cid", "dan", "Eve", "fay"), Level.HIGH, List.of("Ann", "dan", "Eve", "fay"));
            runs("level int", v -> names(m.filter("level", v)), 300, List.of("bob", "Cid"), 1, List.of("Ann"));
            runs("owner key", v -> names(m.filter("owner", v)), o2.id, List.of("Cid"), o1.id, List.of("Ann", "bob"));
            runs("owner model", v -> names(m.filter("owner", v)), o2, List.of("Cid"), o1, List.of("Ann", "bob"));
            runs("owner_id", v -> names(m.filter("owner_id__not", v)), o1.id, List.of("Cid", "dan", "Eve", "fay"),
                    o2.id, List.of("Ann", "bob", "dan", "Eve", "fay"));
            runs("owner__name", v -> names(m.filter("owner__name", v)), "o2", List.of("Cid"), "o1",
                    List.of("Ann", "bob"));
            runs("tags", v -> names(m.filter("tags", v)), 2, List.of("bob", "Cid"), 1, List.of("Ann", "bob"));
            runs("tags__name", v -> names(m.filter("tags__name", v)), "red", List.of("Ann", "bob"), "blue",
                    List.of("bob", "Cid"));
            runs("day__month", v -> names(m.filter("day__day", v)), 2, List.of("bob"), "3", List.of("Cid"));
            runs("Q one child", v -> names(m.filter(Q.of("big__lte", v))), 20L, List.of("Ann", "bob"), 10L,
                    List.of("Ann"));
            runs("exclude", v -> names(m.exclude("big__lte", v)), 20L, List.of("Cid", "dan", "Eve", "fay"), 50L,
                    List.of("fay"));
            runs("or", v -> names(m.filter(Q.of("big", v).or("id", 1))), 20L, List.of("Ann", "bob"), 60L,
                    List.of("Ann", "fay"));
            runs("mixed", v -> names(m.filter("big__gt", v).filter("id__in", List.of(1, 2, 5))), 10L,
                    List.of("bob", "Eve"), 20L, List.of("Eve"));
            runs("count", v -> m.filter("big__gt", v).count(), 30L, 3L, 50L, 1L);
            runs("exists", v -> m.filter("big", v).exists(), 30L, true, 35L, false);
            runs("values", v -> m.filter("big", v).values("name").toList(), 20L, List.of(Map.of("name", "bob")),
                    40L, List.of(Map.of("name", "dan")));
            Owners owners = new Owners(env.of(KrOwner.class));
            runs("reverse", v -> owners.names(v), 3, List.of("o2"), 1, List.of("o1"));
            runs("update", v -> m.filter("big", v).update(Map.of("code", "u" + v)), 40L, 1L, 50L, 1L);
            expect(names(m.filter("code__startswith", "u")), List.of("dan", "Eve"), "updated rows");
            runs("delete", v -> m.filter("big", v).delete(), 60L, 1L, 50L, 1L);
            expect(names(m.all()), List.of("Ann", "bob", "Cid", "dan"), "left after delete");
            // Every shape refilled its value without compiling but those a single-value slot does not serve: a
            // model on a key (turned into its key first), a date part, a negated or OR'ed Q, an update.
            assertThat(COMPILED).containsExactly("owner model", "day__month", "exclude", "or", "update");
            COMPILED.clear();
        }
    }

    private record Owners(Manager<KrOwner> m) {
        Mono<List<Object>> names(Object item) {
            return m.filter("items", item).orderBy("id").valuesList(true, "name").toList();
        }
    }

    /** The error of {@code query} in a runtime that compiles every statement whole. */
    private static Throwable wholeError(DatabaseKind db, Function<Manager<KrItem>, Mono<?>> query) {
        try (Env env = Env.start(db, b -> {
            b.models(KrOwner.class, KrItem.class, KrTag.class);
            b.statementCacheSize(0);
        })) {
            return Mono.defer(() -> query.apply(env.of(KrItem.class))).materialize().block(Env.TIMEOUT).getThrowable();
        }
    }

    @DatabaseTest
    void aValueTheFieldRejectsAfterAKeptOneFailsAsItsCompileDoesAndSendsNothing(DatabaseKind db) {
        List<Function<Manager<KrItem>, Mono<?>>> bad = List.of(
                m -> names(m.filter("dec", new BigDecimal("123456789.5"))),
                m -> names(m.filter("uuid", "not-a-uuid")),
                m -> names(m.filter("big__gt", "ten")),
                m -> names(m.filter("colour", "green")),
                m -> names(m.filter("name", "x".repeat(21))));
        List<Function<Manager<KrItem>, Mono<?>>> good = List.of(
                m -> names(m.filter("dec", new BigDecimal("1.50"))),
                m -> names(m.filter("uuid", U2.toString())),
                m -> names(m.filter("big__gt", "50")),
                m -> names(m.filter("colour", "red")),
                m -> names(m.filter("name", "bob")));
        List<Object> goodRows = List.of(List.of("Ann"), List.of("bob"), List.of("fay"), List.of("Ann", "Cid"),
                List.of("bob"));
        for (int i = 0; i < bad.size(); i++) {
            Throwable whole = wholeError(db, bad.get(i));
            assertThat(whole).as("whole compile " + i).isNotNull();
            try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
                KeyListReplayReviewTest.seed(env);
                Manager<KrItem> m = env.of(KrItem.class);
                expect(good.get(i).apply(m), goodRows.get(i), "kept " + i);
                env.statements().clear();
                Function<Manager<KrItem>, Mono<?>> query = bad.get(i);
                StepVerifier.create(Mono.defer(() -> query.apply(m)))
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(whole.getClass())
                                .hasMessage(whole.getMessage()))
                        .verify(Env.TIMEOUT);
                assertThat(env.statements().events()).as("sent " + i).isEmpty();
            }
        }
    }

    @DatabaseTest
    void threadsRefillingOneKeptShapeEachReadTheirOwnRow(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, KrOwner.class, KrItem.class, KrTag.class)) {
            KeyListReplayReviewTest.seed(env);
            Manager<KrItem> m = env.of(KrItem.class);
            List<String> byId = List.of("Ann", "bob", "Cid", "dan", "Eve", "fay");
            expect(names(m.filter("id", 1).filter("big__gte", 0L)), List.of("Ann"), "kept");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<List<String>>> runs = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    runs.add(pool.submit(() -> {
                        List<String> wrong = new java.util.ArrayList<>();
                        for (int i = 0; i < 60; i++) {
                            int id = 1 + (thread + i) % 6;
                            List<Object> got = names(m.filter("id", id).filter("big__gte", (long) id * 10))
                                    .block(Env.TIMEOUT);
                            if (!List.of(byId.get(id - 1)).equals(got)) {
                                wrong.add(id + " -> " + got);
                            }
                        }
                        return wrong;
                    }));
                }
                for (java.util.concurrent.Future<List<String>> f : runs) {
                    assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
