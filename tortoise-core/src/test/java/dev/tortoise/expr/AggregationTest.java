package dev.tortoise.expr;

import static dev.tortoise.expression.Functions.avg;
import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.max;
import static dev.tortoise.expression.Functions.min;
import static dev.tortoise.expression.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.expression.Q;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class AggregationTest {

    @DatabaseTest
    void averageOfRatingsFourThreeThreeIsAThird(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("avg", avg("rating")).values("avg");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT AVG(\"score\".\"rating\") FROM \"score\"", List.of())));
            StepVerifier.create(q)
                    // MariaDB's AVG of integers is a DECIMAL with 4 places (div_precision_increment)
                    .assertNext(row -> assertThat((Double) row.get("avg")).isCloseTo(10.0 / 3,
                            within(db == DatabaseKind.MARIADB ? 1e-4 : 1e-9)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void sumOfDecimalsIsABigDecimalAndSumOfIntsALong(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("prizes", sum("prize")).annotate("ratings", sum("rating"))
                    .annotate("weights", sum("weight")).annotate("avgPrize", avg("prize"))
                    .values("prizes", "ratings", "weights", "avgPrize");
            assertThat(q.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT SUM(\"score\".\"prize\"),SUM(\"score\".\"rating\"),"
                    + "SUM(\"score\".\"weight\"),AVG(\"score\".\"prize\") FROM \"score\""));
            StepVerifier.create(q)
                    .assertNext(row -> {
                        assertThat(row.get("prizes")).isEqualTo(new BigDecimal("30.75"));
                        assertThat(row.get("ratings")).isEqualTo(10L);
                        assertThat(row.get("weights")).isEqualTo(3.5);
                        assertThat((BigDecimal) row.get("avgPrize")).isEqualByComparingTo("15.375");
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void minAndMaxKeepTheFieldType(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("lo", min("prize")).annotate("hi", max("name"))
                    .annotate("top", max("rating")).values("lo", "hi", "top");
            StepVerifier.create(q)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("lo", new BigDecimal("10.25")),
                            Map.entry("hi", "Bob"), Map.entry("top", 4)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void groupByTeamSumsEachGroup(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("total", sum("rating")).groupBy("team").orderBy("team")
                    .values("team", "total");
            assertThat(q.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"score\".\"team\",SUM(\"score\".\"rating\") FROM \"score\" "
                    + "GROUP BY \"score\".\"team\" ORDER BY \"score\".\"team\" ASC"));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 1, "total", 7L),
                            Map.of("team", 2, "total", 3L)))
                    .expectComplete().verify(Env.TIMEOUT);
            var list = env.of(Score.class).annotate("n", count()).groupBy("team").orderBy("-n")
                    .valuesList("team", "n");
            assertThat(list.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"score\".\"team\",COUNT(*) FROM \"score\" "
                    + "GROUP BY \"score\".\"team\" ORDER BY COUNT(*) DESC"));
            StepVerifier.create(list.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(List.of(1, 2L), List.of(2, 1L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void distinctAndFilteredCounts(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("teams", count("team").distinct())
                    .annotate("good", count("id").filter(Q.of("rating__gte", 4)))
                    .annotate("goodPrize", sum("prize").filter("team", 1).distinct())
                    .annotate("all", count())
                    .values("teams", "good", "goodPrize", "all");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT COUNT(DISTINCT \"score\".\"team\"),"
                    + "COUNT(CASE WHEN \"score\".\"rating\">=$1 THEN \"score\".\"id\" END),"
                    + "SUM(DISTINCT CASE WHEN \"score\".\"team\"=$2 THEN \"score\".\"prize\" END),COUNT(*) "
                    + "FROM \"score\"", List.of(4, 1))));
            StepVerifier.create(q)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("teams", 2L),
                            Map.entry("good", 1L), Map.entry("goodPrize", new BigDecimal("30.75")),
                            Map.entry("all", 3L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aggregateAnnotationOnInstancesGroupsByEveryColumn(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            QuerySet<Score> qs = env.of(Score.class).annotate("n", count("id")).filter("n__gte", 1).orderBy("id");
            assertThat(qs.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"id\",\"score\".\"name\","
                    + "\"score\".\"rating\",\"score\".\"team\",\"score\".\"prize\",\"score\".\"weight\","
                    + "COUNT(\"score\".\"id\") FROM \"score\" GROUP BY \"score\".\"id\",\"score\".\"name\","
                    + "\"score\".\"rating\",\"score\".\"team\",\"score\".\"prize\",\"score\".\"weight\" "
                    + "HAVING COUNT(\"score\".\"id\")>=$1 ORDER BY \"score\".\"id\" ASC", List.of(1))));
            StepVerifier.create(qs.toList())
                    .assertNext(list -> {
                        assertThat(list).extracting(s -> s.name).containsExactly("Ann", "Bob", " Cid ");
                        assertThat(list.get(0).annotation("n", Long.class)).isEqualTo(1L);
                        assertThat(list.get(0).annotation("n", Integer.class)).isEqualTo(1);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(qs.count()).expectNext(3L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(qs.exists()).expectNext(true).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void countOfAnAnnotationMatchingNothingIsZero(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            QuerySet<Score> none = env.of(Score.class).annotate("n", count("id")).filter("n__gt", 1);
            StepVerifier.create(none.count()).expectNext(0L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(none.exists()).expectNext(false).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(none.flux()).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void havingAndWhereMixInOneQuery(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            // The aggregate condition goes to HAVING, the plain one to WHERE.
            var q = env.of(Score.class).annotate("total", sum("rating")).groupBy("team")
                    .filter("total__gt", 3).filter("rating__lt", 5).values("team", "total");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"team\",SUM(\"score\".\"rating\") "
                    + "FROM \"score\" WHERE \"score\".\"rating\"<$1 GROUP BY \"score\".\"team\" "
                    + "HAVING SUM(\"score\".\"rating\")>$2", List.of(5, 3))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 1, "total", 7L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void annotationsCombineWithAndOrNot(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var base = env.of(Score.class).annotate("total", sum("rating")).groupBy("team").orderBy("team");
            var or = base.filter(Q.of("total__gt", 5).or("team", 2)).values("team", "total");
            assertThat(or.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"team\",SUM(\"score\".\"rating\") "
                    + "FROM \"score\" GROUP BY \"score\".\"team\" HAVING (SUM(\"score\".\"rating\")>$1 OR "
                    + "\"score\".\"team\"=$2) ORDER BY \"score\".\"team\" ASC", List.of(5, 2))));
            StepVerifier.create(or.toList())
                    .assertNext(rows -> assertThat(rows).extracting(r -> r.get("team")).containsExactly(1, 2))
                    .expectComplete().verify(Env.TIMEOUT);
            var not = base.exclude(Q.of("total__gt", 5)).values("team", "total");
            StepVerifier.create(not.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 2, "total", 3L)))
                    .expectComplete().verify(Env.TIMEOUT);
            var and = base.filter(Q.and(Q.of("total__gte", 3), Q.not(Q.of("team", 1)))).values("team");
            StepVerifier.create(and.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 2)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void metaOrderingIsDroppedWhenAnnotated(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            assertThat(env.of(Score.class).all().sql().text()).endsWith(ExpectedSql.on(db, " ORDER BY \"score\".\"name\" ASC"));
            assertThat(env.of(Score.class).annotate("n", count()).sql().text()).doesNotContain("ORDER BY");
            assertThat(env.of(Score.class).all().groupBy("team").values("team").sql().text())
                    .isEqualTo(ExpectedSql.on(db, "SELECT \"score\".\"team\" FROM \"score\" GROUP BY \"score\".\"team\""));
        }
    }

    @DatabaseTest
    void anAggregateOverAnUnknownPathIsAConfigurationError(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            assertThatThrownBy(() -> env.of(Score.class).annotate("n", sum("nope__id")).values("n"))
                    .isInstanceOf(ConfigurationError.class)
                    .hasMessage("nope__id not resolvable for model Score; valid names are [pk, id, name, rating, "
                            + "team, prize, weight, n]");
        }
    }

    @DatabaseTest
    void valuesWithoutKeysIncludeAnnotations(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).filter("name", "Ann").annotate("next", dev.tortoise.expression.F.of("rating")
                    .add(1)).values();
            StepVerifier.create(q)
                    .assertNext(row -> {
                        assertThat(row).containsOnlyKeys("id", "name", "rating", "team", "prize", "weight", "next");
                        assertThat(row.get("next")).isEqualTo(5);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void groupingByAComputedValue(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("next", dev.tortoise.expression.F.of("rating").add(1))
                    .annotate("n", count()).orderBy("next").values("next", "n");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT (\"score\".\"rating\"+$1) \"__v0\",COUNT(*) FROM \"score\" "
                    + "GROUP BY \"__v0\" ORDER BY \"__v0\" ASC", List.of(1))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("next", 4, "n", 2L),
                            Map.of("next", 5, "n", 1L)))
                    .expectComplete().verify(Env.TIMEOUT);
            var lower = env.of(Score.class).annotate("l", dev.tortoise.expression.Functions.lower(
                    dev.tortoise.expression.Functions.trim("name"))).annotate("n", count()).groupBy("l")
                    .orderBy("l").values("l", "n");
            assertThat(lower.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT LOWER(TRIM(\"score\".\"name\")) \"__v0\",COUNT(*) "
                    + "FROM \"score\" GROUP BY \"__v0\" ORDER BY \"__v0\" ASC"));
            StepVerifier.create(lower.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("l", "ann", "n", 1L),
                            Map.of("l", "bob", "n", 1L), Map.of("l", "cid", "n", 1L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void anAndOfAggregateAndPlainLookupsIsSplitBetweenHavingAndWhere(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var base = env.of(Score.class).annotate("total", sum("rating")).groupBy("team");
            var and = base.filter(Q.of("total__gt", 3).and("rating__lt", 4)).values("team", "total");
            assertThat(and.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"team\",SUM(\"score\".\"rating\") "
                    + "FROM \"score\" WHERE \"score\".\"rating\"<$1 GROUP BY \"score\".\"team\" "
                    + "HAVING SUM(\"score\".\"rating\")>$2", List.of(4, 3))));
            StepVerifier.create(and.toList())
                    .assertNext(rows -> assertThat(rows).isEmpty())
                    .expectComplete().verify(Env.TIMEOUT);
            // NOT over a mix moves the whole condition to HAVING.
            var not = base.exclude(Q.of("total__gt", 5).and("team", 1)).values("team", "total");
            assertThat(not.sql().text()).endsWith(ExpectedSql.on(db, "GROUP BY \"score\".\"team\" HAVING NOT (\"score\".\"team\"=$1 AND "
                    + "SUM(\"score\".\"rating\")>$2)"));
            StepVerifier.create(not.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 2, "total", 3L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void firstLastAndCountOfAnnotatedQueries(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var byPrize = env.of(Score.class).annotate("p", dev.tortoise.expression.Functions.coalesce("prize", 0))
                    .orderBy("-p");
            StepVerifier.create(byPrize.first()).assertNext(s -> assertThat(s.name).isEqualTo("Bob"))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(byPrize.last()).assertNext(s -> assertThat(s.name).isEqualTo(" Cid "))
                    .expectComplete().verify(Env.TIMEOUT);
            var upper = env.of(Score.class).annotate("u", dev.tortoise.expression.Functions.upper("name"))
                    .filter("u", "ANN");
            env.statements().clear();
            StepVerifier.create(upper.count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(
                    ExpectedSql.on(db, "SELECT COUNT(*) FROM \"score\" WHERE UPPER(\"score\".\"name\")=$1"));
            StepVerifier.create(upper.filter("u", "BOB").exists()).expectNext(false).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Score.class).annotate("n", count()).groupBy("team").filter("n", 2)
                            .valuesList(true, "team").get())
                    .expectNext(1).expectComplete().verify(Env.TIMEOUT);
        }
    }
}
