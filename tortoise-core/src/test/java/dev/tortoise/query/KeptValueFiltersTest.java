package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.ValidationError;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.expression.F;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A kept query shape whose filters are single-value comparisons on typed fields ({@code level=x},
 * {@code id__gte=x}, ...) is run again with each filter's value converted into its one slot, without
 * compiling the filter: the same SQL, bindings, rows and errors as a runtime that compiles every
 * statement whole ({@code statement-cache-size} 0).
 */
class KeptValueFiltersTest {

    public static class Gauge extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField(nullable = true)
        public Integer level;
        @CharField(maxLength = 5, nullable = true)
        public String text;
    }

    /** Six gauges: ids 1-6, level id % 3 (id 6: null), text "t<id>"; {@code cacheSize} null for the default cache. */
    private static Env start(DatabaseKind db, Integer cacheSize) {
        Env env = Env.start(db, b -> {
            b.models(Gauge.class);
            if (cacheSize != null) {
                b.statementCacheSize(cacheSize);
            }
        });
        Manager<Gauge> m = env.of(Gauge.class);
        Flux.range(1, 6).concatMap(i -> m.create("id", i, "level", i == 6 ? null : i % 3, "text", "t" + i))
                .then().block(Env.TIMEOUT);
        env.statements().clear();
        return env;
    }

    /** The queries of each round: one value per filter, the round's own. */
    private static List<Function<Manager<Gauge>, Mono<?>>> queries(int round) {
        return List.of(
                m -> m.filter("level", round % 3).orderBy("id").limit(2).offset(round % 2).toList().map(
                        KeptValueFiltersTest::ids),
                m -> m.filter("id__gt", round + 2).filter("level__lte", 1).orderBy("-id").toList()
                        .map(KeptValueFiltersTest::ids),
                m -> m.filter("level__not", round % 3).orderBy("id").toList().map(KeptValueFiltersTest::ids),
                m -> m.filter("id__lt", round + 3).filter("id__gte", round + 1).count(),
                m -> m.filter("text", "t" + (round + 4)).exists(),
                m -> m.get("id", round + 1).map(g -> g.text));
    }

    /** Three rounds of {@link #queries}: their results, then every statement sent as its SQL and bindings. */
    private static List<String> rounds(Env env) {
        Manager<Gauge> m = env.of(Gauge.class);
        List<String> out = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Function<Manager<Gauge>, Mono<?>> q : queries(round)) {
                out.add(String.valueOf(q.apply(m).block(Env.TIMEOUT)));
            }
        }
        for (StatementEvent e : env.statements().events()) {
            out.add(e.sql() + " " + e.bindings());
        }
        return out;
    }

    private static List<Integer> ids(List<Gauge> rows) {
        List<Integer> out = new ArrayList<>();
        for (Gauge g : rows) {
            out.add(g.id);
        }
        return out;
    }

    @DatabaseTest
    void keptSingleValueFiltersRunWithoutCompilingAndSendWhatAWholeCompileSends(DatabaseKind db) {
        List<String> kept;
        long keptCompiles;
        try (Env env = start(db, null)) {
            Manager<Gauge> m = env.of(Gauge.class);
            for (Function<Manager<Gauge>, Mono<?>> q : queries(5)) {
                q.apply(m).block(Env.TIMEOUT);
            }
            env.statements().clear();
            long before = CompiledShapesProbe.totalCompileCount();
            kept = rounds(env);
            keptCompiles = CompiledShapesProbe.totalCompileCount() - before;
        }
        List<String> whole;
        try (Env env = start(db, 0)) {
            Manager<Gauge> m = env.of(Gauge.class);
            for (Function<Manager<Gauge>, Mono<?>> q : queries(5)) {
                q.apply(m).block(Env.TIMEOUT);
            }
            env.statements().clear();
            whole = rounds(env);
        }
        assertThat(kept).isEqualTo(whole);
        assertThat(kept).hasSize(18 + 18);
        assertThat(kept.subList(0, 6)).containsExactly("[3]", "[4, 3]", "[1, 2, 4, 5, 6]", "2", "true", "t1");
        assertThat(kept.subList(12, 18)).containsExactly("[2, 5]", "[]", "[1, 3, 4, 6]", "2", "true", "t3");
        assertThat(kept.get(18 + 12)).isEqualTo(ExpectedSql.on(db,
                "SELECT \"gauge\".\"id\",\"gauge\".\"level\",\"gauge\".\"text\" FROM \"gauge\" "
                        + "WHERE \"gauge\".\"level\"=$1 ORDER BY \"gauge\".\"id\" ASC "
                        + (db == DatabaseKind.H2 ? "OFFSET $3 ROWS FETCH NEXT $2 ROWS ONLY" : "LIMIT $2 OFFSET $3"))
                + " [2, 2, 0]");
        assertThat(kept.get(18 + 13)).isEqualTo(ExpectedSql.on(db,
                "SELECT \"gauge\".\"id\",\"gauge\".\"level\",\"gauge\".\"text\" FROM \"gauge\" "
                        + "WHERE (\"gauge\".\"id\">$1 AND \"gauge\".\"level\"<=$2) ORDER BY \"gauge\".\"id\" DESC")
                + " [4, 1]");
        // Every filter of every round filled into its kept shape's slots: no compile at all.
        assertThat(keptCompiles).isZero();
    }

    @DatabaseTest
    void aValueItsFieldRejectsFailsAsItsWholeCompileDoesAndSendsNothing(DatabaseKind db) {
        String tooLong = "t123456";
        String wholeMessage;
        try (Env env = start(db, 0)) {
            Throwable e = env.of(Gauge.class).filter("text", tooLong).toList().materialize()
                    .block(Env.TIMEOUT).getThrowable();
            assertThat(e).isExactlyInstanceOf(ValidationError.class);
            wholeMessage = e.getMessage();
        }
        try (Env env = start(db, null)) {
            Manager<Gauge> m = env.of(Gauge.class);
            StepVerifier.create(m.filter("text", "t2").toList().map(KeptValueFiltersTest::ids)).expectNext(List.of(2))
                    .expectComplete().verify(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(m.filter("text", tooLong).toList())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage(wholeMessage))
                    .verify(Env.TIMEOUT);
            assertThat(env.statements().events()).isEmpty();
            // The kept shape still runs with a value the field takes.
            StepVerifier.create(m.filter("text", "t5").toList().map(KeptValueFiltersTest::ids)).expectNext(List.of(5))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aNullOrAnExpressionAfterAKeptValueCompilesItsOwnShape(DatabaseKind db) {
        try (Env env = start(db, null)) {
            Manager<Gauge> m = env.of(Gauge.class);
            StepVerifier.create(m.filter("level", 1).orderBy("id").toList().map(KeptValueFiltersTest::ids))
                    .expectNext(List.of(1, 4)).expectComplete().verify(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(m.filter("level", null).orderBy("id").toList().map(KeptValueFiltersTest::ids))
                    .expectNext(List.of(6)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", F.of("id")).orderBy("id").toList().map(KeptValueFiltersTest::ids))
                    .expectNext(List.of(1, 2)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 2).orderBy("id").toList().map(KeptValueFiltersTest::ids))
                    .expectNext(List.of(2, 5)).expectComplete().verify(Env.TIMEOUT);
            List<String> sent = new ArrayList<>();
            for (StatementEvent e : env.statements().events()) {
                sent.add(e.sql() + " " + e.bindings());
            }
            String select = "SELECT \"gauge\".\"id\",\"gauge\".\"level\",\"gauge\".\"text\" FROM \"gauge\" WHERE ";
            assertThat(sent).containsExactly(
                    ExpectedSql.on(db, select + "\"gauge\".\"level\" IS NULL ORDER BY \"gauge\".\"id\" ASC") + " []",
                    ExpectedSql.on(db, select + "\"gauge\".\"level\"=\"gauge\".\"id\" ORDER BY \"gauge\".\"id\" ASC")
                            + " []",
                    ExpectedSql.on(db, select + "\"gauge\".\"level\"=$1 ORDER BY \"gauge\".\"id\" ASC") + " [2]");
        }
    }
}
