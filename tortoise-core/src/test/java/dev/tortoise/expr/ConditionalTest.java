package dev.tortoise.expr;

import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.expression.Case;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.Subquery;
import dev.tortoise.expression.When;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class ConditionalTest {

    private static void teams(Env env) {
        env.of(Team.class).create("name", "Reds", "number", 1).block(Env.TIMEOUT);
        env.of(Team.class).create("name", "Blues", "number", 2).block(Env.TIMEOUT);
        env.of(Team.class).create("name", "Greens", "number", 3).block(Env.TIMEOUT);
        env.statements().clear();
    }

    @DatabaseTest
    void caseWhenWithLiteralsAndADefault(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            Case level = Case.of(When.of("rating__gte", 4, "high"), When.of(Q.of("team", 2), "other"))
                    .otherwise("low");
            var q = env.of(Score.class).annotate("level", level).orderBy("id").valuesList(true, "level");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT CASE WHEN \"score\".\"rating\">=$1 THEN $2 "
                    + "WHEN \"score\".\"team\"=$3 THEN $4 ELSE $5 END FROM \"score\" ORDER BY \"score\".\"id\" ASC",
                    List.of(4, "high", 2, "other", "low"))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly("high", "low", "other"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void caseWhenOnAnnotationsWithExpressionsAndNegation(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("total", sum("rating"))
                    .annotate("big", Case.of(When.of("total__gt", 5, F.of("total").mul(10)).negate()).otherwise(0))
                    .groupBy("team").orderBy("team").values("team", "big");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"team\",CASE WHEN NOT (SUM("
                    + "\"score\".\"rating\")>$1) THEN (SUM(\"score\".\"rating\")*$2) ELSE $3 END FROM \"score\" "
                    + "GROUP BY \"score\".\"team\" ORDER BY \"score\".\"team\" ASC", List.of(5, 10, 0))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 1, "big", 0L),
                            Map.of("team", 2, "big", 30L)))
                    .expectComplete().verify(Env.TIMEOUT);
            // A filter on a CASE over aggregates goes to HAVING.
            var having = env.of(Score.class).annotate("total", sum("rating"))
                    .annotate("tag", Case.of(When.of("total__gt", 5, "many")).otherwise("few"))
                    .groupBy("team").filter("tag", "few").values("team");
            assertThat(having.sql().text()).contains(ExpectedSql.on(db, " HAVING CASE WHEN SUM(\"score\".\"rating\")>$1 THEN $2 ELSE $3 END=$4"));
            StepVerifier.create(having.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 2)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void caseNeedsWhens(DatabaseKind db) {
        assertThatThrownBy(Case::of).isInstanceOf(ParamsError.class).hasMessage("Case needs at least one When");
    }

    @DatabaseTest
    void aSubqueryOfAPublisherThatIsNoQueryIsAParamsError(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class, Team.class)) {
            var bad = env.of(Score.class).filter("team__in", Subquery.of(reactor.core.publisher.Flux.just(1, 2)));
            StepVerifier.create(bad.count())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ParamsError.class)
                            .hasMessageStartingWith("Subquery.of takes a QuerySet or a ValuesQuery, not FluxArray"))
                    .verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void subqueryInAnInFilter(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class, Team.class)) {
            Fixtures.scores(env);
            teams(env);
            var reds = env.of(Score.class).filter("team__in",
                    Subquery.of(env.of(Team.class).filter("name__startswith", "R").valuesList(true, "number")));
            assertThat(reds.valuesList(true, "name").sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"name\" "
                    + "FROM \"score\" WHERE \"score\".\"team\" IN (SELECT \"team\".\"number\" FROM \"team\" WHERE "
                    + "\"team\".\"name\" LIKE $1 ESCAPE '\\') ORDER BY \"score\".\"name\" ASC",
                    List.of("R%"))));
            StepVerifier.create(reds.valuesList(true, "name").toList())
                    .assertNext(rows -> assertThat(rows).containsExactly("Ann", "Bob"))
                    .expectComplete().verify(Env.TIMEOUT);
            // A values query works directly; not_in keeps the rows of no team.
            var others = env.of(Score.class).filter("team__not_in",
                    env.of(Team.class).filter("name", "Reds").values("number"));
            StepVerifier.create(others.valuesList(true, "name").toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(" Cid "))
                    .expectComplete().verify(Env.TIMEOUT);
            // A queryset as a subquery selects its primary keys.
            var byPk = env.of(Team.class).filter("id__in", env.of(Team.class).filter("number__gte", 2));
            StepVerifier.create(byPk.count()).expectNext(2L).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void subqueryInAnnotate(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class, Team.class)) {
            Fixtures.scores(env);
            teams(env);
            var q = env.of(Team.class).annotate("scores", Subquery.of(env.of(Score.class).annotate("n", count())
                            .values("n")))
                    .filter("number", 1).values("name", "scores");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"team\".\"name\",(SELECT COUNT(*) FROM \"score\") "
                    + "FROM \"team\" WHERE \"team\".\"number\"=$1", List.of(1))));
            StepVerifier.create(q)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("name", "Reds"),
                            Map.entry("scores", 3L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void rawSqlInAnnotateFilterAndOrdering(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("r2", RawSQL.of(ExpectedSql.on(db, "\"rating\" * ?"), 2).as(Long.class))
                    .filter("r2__gte", 8).filter("team", RawSQL.of("1"))
                    .orderBy("-r2").values("name", "r2");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"name\",(\"rating\" * $1) FROM \"score\" "
                    + "WHERE ((\"rating\" * $2)>=$3 AND \"score\".\"team\"=(1)) ORDER BY (\"rating\" * $4) DESC",
                    List.of(2, 2, 8, 2))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("name", "Ann", "r2", 8L)))
                    .expectComplete().verify(Env.TIMEOUT);
            var agg = env.of(Score.class).annotate("n", RawSQL.of("COUNT(*)").asAggregate().as(Long.class))
                    .groupBy("team").filter("n__gt", 1).values("team", "n");
            assertThat(agg.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"score\".\"team\",(COUNT(*)) FROM \"score\" "
                    + "GROUP BY \"score\".\"team\" HAVING (COUNT(*))>$1"));
            StepVerifier.create(agg.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 1, "n", 2L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aScalarSubqueryAsAFilterValue(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var best = env.of(Score.class).filter("rating", Subquery.of(env.of(Score.class)
                    .annotate("m", dev.tortoise.expression.Functions.max("rating")).values("m")));
            assertThat(best.valuesList(true, "name").sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"score\".\"name\" FROM \"score\" "
                    + "WHERE \"score\".\"rating\"=(SELECT MAX(\"score\".\"rating\") FROM \"score\") "
                    + "ORDER BY \"score\".\"name\" ASC"));
            StepVerifier.create(best.valuesList(true, "name").toList())
                    .assertNext(rows -> assertThat(rows).containsExactly("Ann"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void caseAnnotationsInFiltersAndOrdering(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class)
                    .annotate("rank", Case.of(When.of("rating__gte", 4, 1), When.of("team", 2, 2)).otherwise(3))
                    .filter("rank__lt", 3).orderBy("-rank");
            // MariaDB casts to an integer as SIGNED
            String integer = db == DatabaseKind.MARIADB ? "SIGNED" : "INT";
            assertThat(q.valuesList(true, "rank").sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT CAST(CASE WHEN "
                    + "\"score\".\"rating\">=$1 THEN $2 WHEN \"score\".\"team\"=$3 THEN $4 ELSE $5 END AS " + integer + ") "
                    + "FROM \"score\" WHERE CAST(CASE WHEN \"score\".\"rating\">=$6 THEN $7 WHEN \"score\".\"team\"=$8 "
                    + "THEN $9 ELSE $10 END AS " + integer + ")<$11 ORDER BY CAST(CASE WHEN \"score\".\"rating\">=$12 THEN $13 WHEN "
                    + "\"score\".\"team\"=$14 THEN $15 ELSE $16 END AS " + integer + ") DESC",
                    List.of(4, 1, 2, 2, 3, 4, 1, 2, 2, 3, 3, 4, 1, 2, 2, 3))));
            StepVerifier.create(q.toList())
                    .assertNext(list -> {
                        assertThat(list).extracting(s -> s.name).containsExactly(" Cid ", "Ann");
                        assertThat(list).extracting(s -> s.annotation("rank", Integer.class)).containsExactly(2, 1);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(q.count()).expectNext(2L).expectComplete().verify(Env.TIMEOUT);
        }
    }
}
