package dev.tortoise.query;

import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.Expression;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Querysets run again with other values take their shape's kept statement and read and write the rows their
 * own values select: pages, updates, grouped values, None and lists of other lengths, on every database.
 */
class CompiledShapesDatabaseTest {

    public static class Reading extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer level;
        @CharField(maxLength = 30, nullable = true)
        public String text;
    }

    /** Twelve readings: ids 1-12, level id % 3, text "t<id>" but none for id 12. */
    private static Env start(DatabaseKind db) {
        Env env = Env.start(db, Reading.class);
        Manager<Reading> m = env.of(Reading.class);
        Flux.range(1, 12).concatMap(i -> m.create("id", i, "level", i % 3, "text", i == 12 ? null : "t" + i))
                .then().block(Env.TIMEOUT);
        return env;
    }

    private static List<Integer> ids(List<Reading> rows) {
        List<Integer> out = new ArrayList<>();
        for (Reading r : rows) {
            out.add(r.id);
        }
        return out;
    }

    @DatabaseTest
    void pagesOfOneShapeReadTheRowsOfTheirOwnValues(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            CompiledShapes shapes = m.all().state().shapes;
            long replayed = shapes.replayedCount();
            StepVerifier.create(m.filter("level", 1).orderBy("id").limit(2).offset(1).toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(4, 7)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 2).orderBy("id").limit(3).offset(0).toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(2, 5, 8)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 0).orderBy("id").limit(2).offset(2).toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(9, 12)).expectComplete().verify(Env.TIMEOUT);
            assertThat(shapes.replayedCount() - replayed).isEqualTo(2);
            // No offset, None, lists of other lengths: other shapes, each with its own rows.
            StepVerifier.create(m.filter("level", 0).orderBy("id").limit(2).toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(3, 6)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("text", null).orderBy("id").limit(5).offset(0).toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(12)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("text", "t4").orderBy("id").limit(5).offset(0).toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(4)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of(1, 2, 3)).orderBy("-id").toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(3, 2, 1)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of(5)).orderBy("-id").toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(5)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of()).orderBy("-id").toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of()).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of(10, 11)).orderBy("-id").toList().map(
                    CompiledShapesDatabaseTest::ids)).expectNext(List.of(11, 10)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 1).count()).expectNext(4L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 2).count()).expectNext(4L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 7).exists()).expectNext(false).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 2).exists()).expectNext(true).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void updatesOfOneShapeChangeTheRowsOfTheirOwnValues(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            CompiledShapes shapes = m.all().state().shapes;
            long replayed = shapes.replayedCount();
            for (int level = 0; level < 3; level++) {
                StepVerifier.create(m.filter("level", level).update("text", "L" + level)).expectNext(4L)
                        .expectComplete().verify(Env.TIMEOUT);
            }
            assertThat(shapes.replayedCount() - replayed).isEqualTo(2);
            StepVerifier.create(m.filter("level", 1).update("text", null)).expectNext(4L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of(1, 2)).delete()).expectNext(2L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id__in", List.of(3, 4)).delete()).expectNext(2L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.all().orderBy("id").valuesList("id", "text").toList()).expectNext(List.of(
                    List.of(5, "L2"), List.of(6, "L0"), java.util.Arrays.asList(7, null), List.of(8, "L2"),
                    List.of(9, "L0"),
                    java.util.Arrays.asList(10, null), List.of(11, "L2"), List.of(12, "L0")))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void groupedValuesOfOneShapeAggregateTheRowsOfTheirOwnValues(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            CompiledShapes shapes = m.all().state().shapes;
            Expression n = count("id");
            Expression s = sum("id");
            long replayed = shapes.replayedCount();
            List<List<Object>> all = m.annotate("n", n).annotate("s", s).groupBy("level")
                    .valuesList("level", "n", "s").toList().block(Env.TIMEOUT);
            List<List<Object>> fromFour = m.annotate("n", n).annotate("s", s).filter("id__gte", 4).groupBy("level")
                    .valuesList("level", "n", "s").toList().block(Env.TIMEOUT);
            List<List<Object>> fromTen = m.annotate("n", n).annotate("s", s).filter("id__gte", 10).groupBy("level")
                    .valuesList("level", "n", "s").toList().block(Env.TIMEOUT);
            List<List<Object>> again = m.annotate("n", n).annotate("s", s).groupBy("level")
                    .valuesList("level", "n", "s").toList().block(Env.TIMEOUT);
            assertThat(shapes.replayedCount() - replayed).isEqualTo(2);
            assertThat(sorted(all)).isEqualTo(List.of(List.of(0, 4L, 30L), List.of(1, 4L, 22L), List.of(2, 4L, 26L)));
            assertThat(sorted(again)).isEqualTo(sorted(all));
            assertThat(sorted(fromFour)).isEqualTo(List.of(List.of(0, 3L, 27L), List.of(1, 3L, 21L),
                    List.of(2, 3L, 24L)));
            assertThat(sorted(fromTen)).isEqualTo(List.of(List.of(0, 1L, 12L), List.of(1, 1L, 10L),
                    List.of(2, 1L, 11L)));
            StepVerifier.create(m.filter("level", 2).orderBy("id").values("id", "text").toList()
                    .map(rows -> rows.stream().map(r -> r.get("id")).toList()))
                    .expectNext(List.of(2, 5, 8, 11)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 0).orderBy("id").values("id", "text").toList()
                    .map(rows -> rows.stream().map(r -> r.get("text") == null ? "-" : r.get("text")).toList()))
                    .expectNext(List.of("t3", "t6", "t9", "-")).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void annotationsBuiltAfreshWithOtherLiteralsReadTheirOwnValues(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            CompiledShapes shapes = m.all().state().shapes;
            long replayed = shapes.replayedCount();
            for (int k = 1; k <= 3; k++) {
                int plus = 10 * k;
                expect(m.annotate("x", dev.tortoise.expression.F.of("level").add(plus)).filter("id__lte", 3)
                        .orderBy("id").valuesList("id", "x").toList().map(TestSupport::longs),
                        List.of(List.of(1L, 1L + plus), List.of(2L, 2L + plus), List.of(3L, (long) plus)));
                expect(m.annotate("t", dev.tortoise.expression.Functions.coalesce("text", "none" + k))
                        .filter("id__gte", 11).orderBy("id").valuesList("id", "t").toList()
                        .map(TestSupport::longs), List.of(List.of(11L, "t11"), List.of(12L, "none" + k)));
                // Per level, the readings after id 3k: 4 - k of each level.
                expect(m.annotate("n", count("id").filter("id__gt", 3 * k)).groupBy("level").orderBy("level")
                        .valuesList("level", "n").toList().map(TestSupport::longs),
                        List.of(List.of(0L, 4L - k), List.of(1L, 4L - k), List.of(2L, 4L - k)));
                List<Object> hits = new ArrayList<>(List.of("miss", "miss", "miss"));
                hits.set(k == 1 ? 2 : k - 2, "hit");  // ids 1, 2, 3 have levels 1, 2, 0
                expect(m.annotate("c", dev.tortoise.expression.Case.of(dev.tortoise.expression.When.of("level", k - 1,
                        "hit")).otherwise("miss")).filter("id__lte", 3).orderBy("id").valuesList(true, "c").toList(),
                        hits);
                expect(m.annotate("r", dev.tortoise.expression.RawSQL.of("{id} * ?", plus).as(Long.class))
                        .filter("id", 2).valuesList(true, "r").toList(), List.<Object>of(2L * plus));
            }
            // Each of the five shapes compiled once, then filled with the second and third values.
            assertThat(shapes.replayedCount() - replayed).isEqualTo(10);
        }
    }

    /** Rows by level, their numbers made comparable across drivers (counts and sums as longs). */
    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            out.add(List.of(((Number) r.get(0)).intValue(), ((Number) r.get(1)).longValue(),
                    ((Number) r.get(2)).longValue()));
        }
        out.sort(java.util.Comparator.comparingInt(r -> (Integer) r.get(0)));
        return out;
    }

    private static <V> void expect(reactor.core.publisher.Mono<V> mono, V value) {
        StepVerifier.create(mono).expectNext(value).expectComplete().verify(Env.TIMEOUT);
    }

    @DatabaseTest
    void slicesCountsAndExistsOfOneShapeTakeTheirOwnLimitAndOffset(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            // Offset without a limit (MariaDB needs a LIMIT), limit 0, counts and exists of sliced querysets.
            for (int i = 0; i < 2; i++) {
                expect(m.filter("level", 1).orderBy("id").offset(2).toList().map(CompiledShapesDatabaseTest::ids),
                        List.of(7, 10));
                expect(m.filter("level", 2).orderBy("id").offset(3).toList().map(CompiledShapesDatabaseTest::ids),
                        List.of(11));
                expect(m.filter("level", 2).orderBy("id").limit(0).toList().map(CompiledShapesDatabaseTest::ids),
                        List.of());
                expect(m.filter("level", 0).orderBy("id").limit(3).toList().map(CompiledShapesDatabaseTest::ids),
                        List.of(3, 6, 9));
                expect(m.filter("level", 1).limit(3).offset(2).count(), 2L);
                expect(m.filter("level", 0).limit(1).offset(1).count(), 1L);
                expect(m.filter("level", 0).limit(0).offset(1).count(), 0L);
                expect(m.filter("level", 2).offset(3).exists(), true);
                expect(m.filter("level", 2).offset(4).exists(), false);
                expect(m.filter("level", 1).orderBy("-id").first().map(r -> r.id), 10);
                expect(m.filter("level", 2).orderBy("-id").first().map(r -> r.id), 11);
                expect(m.filter("id", 5).get().map(r -> r.text), "t5");
                expect(m.filter("id", 6).get().map(r -> r.text), "t6");
            }
            // A queryset run again after its shape was replayed for another one reads its own rows.
            QuerySet<Reading> page = m.filter("level", 1).orderBy("id").limit(2).offset(1);
            expect(page.toList().map(CompiledShapesDatabaseTest::ids), List.of(4, 7));
            expect(m.filter("level", 2).orderBy("id").limit(1).offset(0).toList()
                    .map(CompiledShapesDatabaseTest::ids), List.of(2));
            expect(page.toList().map(CompiledShapesDatabaseTest::ids), List.of(4, 7));
            expect(page.valuesList(true, "text").toList(), List.<Object>of("t4", "t7"));
            expect(m.filter("level", 2).orderBy("id").limit(2).offset(1).valuesList(true, "text").toList(),
                    List.<Object>of("t5", "t8"));
            expect(m.filter("level", 2).orderBy("id").limit(2).offset(1).valuesList(true, "id").toList(),
                    List.<Object>of(5, 8));
        }
    }

    @DatabaseTest
    void slicedWritesAndUpdatesOfMixedValuesChangeTheirOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            expect(m.filter("level", 1).update("level", dev.tortoise.expression.F.of("level").add(10)), 4L);
            expect(m.filter("level", 11).update("level", 1), 4L);
            expect(m.filter("level", 2).update("level", dev.tortoise.expression.F.of("id")), 4L);
            expect(m.filter("level", 0).update("level", "20"), 4L);
            expect(m.filter("level", 20).update("level", 0L), 4L);
            expect(m.filter("level", 1).orderBy("id").limit(2).update("text", "a"), 2L);
            expect(m.filter("level", 0).orderBy("id").limit(1).offset(1).update("text", "b"), 1L);
            expect(m.filter("level", 0).orderBy("-id").limit(1).delete(), 1L);
            expect(m.filter("text", "t11").delete(), 1L);
            expect(m.filter("text", "t10").delete(), 1L);
            StepVerifier.create(m.all().orderBy("id").valuesList("id", "level", "text").toList()).expectNext(List.of(
                    List.of(1, 1, "a"), List.of(2, 2, "t2"), List.of(3, 0, "t3"), List.of(4, 1, "a"),
                    List.of(5, 5, "t5"), List.of(6, 0, "b"), List.of(7, 1, "t7"), List.of(8, 8, "t8"),
                    List.of(9, 0, "t9")))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void concurrentQueriesOfOneShapeEachReadTheirOwnRows(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            // 60 queries of three shapes at once, each with its own values: level, page and an IN list.
            Flux<String> runs = Flux.range(0, 60).flatMap(i -> {
                int level = i % 3;
                int offset = (i / 3) % 4;
                reactor.core.publisher.Mono<List<Integer>> got = switch ((i / 12) % 3) {
                    case 0 -> m.filter("level", level).orderBy("id").limit(1).offset(offset).toList()
                            .map(CompiledShapesDatabaseTest::ids);
                    case 1 -> m.filter("id__in", List.of(i % 12 + 1, (i + 5) % 12 + 1)).orderBy("id")
                            .valuesList(true, "id").toList().map(l -> {
                                List<Integer> out = new ArrayList<>();
                                l.forEach(o -> out.add((Integer) o));
                                return out;
                            });
                    default -> m.filter("level", level).offset(offset).count().map(n -> List.of(n.intValue()));
                };
                List<Integer> expected = switch ((i / 12) % 3) {
                    case 0 -> List.of((level == 0 ? 3 : level) + 3 * offset);
                    case 1 -> new java.util.TreeSet<>(List.of(i % 12 + 1, (i + 5) % 12 + 1)).stream().toList();
                    default -> List.of(4 - offset);
                };
                return got.map(g -> g.equals(expected) ? "ok" : i + ": " + g + " != " + expected);
            }, 16);
            StepVerifier.create(runs.filter(r -> !r.equals("ok")).collectList()).expectNext(List.of())
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void listenersAndSqlSeeEachReplayWithItsOwnValues(DatabaseKind db) {
        try (Env env = start(db)) {
            Manager<Reading> m = env.of(Reading.class);
            CompiledShapes shapes = m.all().state().shapes;
            QuerySet<Reading> first = m.filter("level", 1).orderBy("id").limit(2).offset(1);
            QuerySet<Reading> second = m.filter("level", 2).orderBy("id").limit(3).offset(0);
            env.statements().clear();
            expect(first.toList().map(CompiledShapesDatabaseTest::ids), List.of(4, 7));
            long replayed = shapes.replayedCount();
            expect(second.toList().map(CompiledShapesDatabaseTest::ids), List.of(2, 5, 8));
            assertThat(shapes.replayedCount() - replayed).isEqualTo(1);
            List<dev.tortoise.execution.StatementEvent> events = env.statements().events();
            assertThat(events).hasSize(2);
            assertThat(events.get(1).sql()).isEqualTo(events.get(0).sql());
            assertThat(events.get(0).bindings()).containsExactly(1, 2L, 1L);
            assertThat(events.get(1).bindings()).containsExactly(2, 3L, 0L);
            // sql() of either queryset, after the shape is warm, has its own values.
            assertThat(first.sql().text()).isEqualTo(events.get(0).sql());
            assertThat(first.sql().bindings()).containsExactly(1, 2L, 1L);
            assertThat(second.sql().bindings()).containsExactly(2, 3L, 0L);
            assertThat(second.sql(true).text()).isNotEqualTo(first.sql(true).text());
        }
    }
}
