package dev.tortoise.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.FieldError;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.F;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class FExpressionTest {

    @DatabaseTest
    void filterComparesTwoColumnsOfTheSameRow(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var qs = env.of(Score.class).filter("rating__gt", F.of("team").add(1));
            assertThat(qs.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"id\",\"score\".\"name\","
                    + "\"score\".\"rating\",\"score\".\"team\",\"score\".\"prize\",\"score\".\"weight\" FROM \"score\" "
                    + "WHERE \"score\".\"rating\">(\"score\".\"team\"+$1) ORDER BY \"score\".\"name\" ASC",
                    List.of(1))));
            StepVerifier.create(qs.valuesList(true, "name").toList())
                    .assertNext(names -> assertThat(names).containsExactly("Ann", "Bob"))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Score.class).exclude("rating", F.of("team").mul(3)).valuesList(true, "name")
                            .toList())
                    .assertNext(names -> assertThat(names).containsExactly(" Cid ", "Ann"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void arithmeticInBothOperandOrdersAndUnaryMinus(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            Map<String, Expression> a = new LinkedHashMap<>();
            a.put("plus", F.of("rating").add(1));
            a.put("rminus", F.of("rating").rsub(10));
            a.put("times", F.of("rating").mul(F.of("team")));
            a.put("half", F.of("rating").div(2));
            a.put("rest", F.of("rating").mod(2));
            a.put("square", F.of("rating").pow(2));
            a.put("neg", F.of("rating").negate());
            a.put("rdiv", F.of("team").rdiv(8));
            var q = env.of(Score.class).filter("name", "Ann").annotate(a)
                    .values("plus", "rminus", "times", "half", "rest", "square", "neg", "rdiv");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT (\"score\".\"rating\"+$1),($2-\"score\".\"rating\"),"
                    + "(\"score\".\"rating\"*\"score\".\"team\"),(\"score\".\"rating\"/$3),MOD(\"score\".\"rating\",$4),"
                    + "POWER(\"score\".\"rating\",$5),(-\"score\".\"rating\"),($6/\"score\".\"team\") FROM \"score\" "
                    + "WHERE \"score\".\"name\"=$7", List.of(1, 10, 2, 2, 2, 8, "Ann"))));
            StepVerifier.create(q)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("plus", 5), Map.entry("rminus", 6),
                            Map.entry("times", 4), Map.entry("half", 2), Map.entry("rest", 0),
                            Map.entry("square", 16.0), Map.entry("neg", -4), Map.entry("rdiv", 8)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void anAnnotationMayReferToAnotherOfTheSameCall(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            Map<String, Expression> a = new LinkedHashMap<>();
            a.put("doubled", F.of("base").mul(2));
            a.put("base", F.of("rating").add(F.of("team")));
            var q = env.of(Score.class).annotate(a).filter("doubled__gt", 9).orderBy("-doubled", "name")
                    .values("name", "doubled");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"name\",((\"score\".\"rating\"+"
                    + "\"score\".\"team\")*$1) FROM \"score\" WHERE ((\"score\".\"rating\"+\"score\".\"team\")*$2)>$3 "
                    + "ORDER BY ((\"score\".\"rating\"+\"score\".\"team\")*$4) DESC,\"score\".\"name\" ASC",
                    List.of(2, 2, 9, 2))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("name", " Cid ", "doubled", 10),
                            Map.of("name", "Ann", "doubled", 10)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void querysetUpdateWithAnExpression(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            StepVerifier.create(env.of(Score.class).filter("team", 1)
                            .update("rating", F.of("rating").add(10), "prize", F.of("prize").mul(2)))
                    .expectNext(2L).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(ExpectedSql.on(db, "UPDATE \"score\" SET \"rating\"=(\"score\".\"rating\"+$1),"
                    + "\"prize\"=(\"score\".\"prize\"*$2) WHERE \"score\".\"team\"=$3"));
            assertThat(env.statements().events().get(0).bindings()).containsExactly(10, new BigDecimal("2"), 1);
            StepVerifier.create(env.of(Score.class).orderBy("id").valuesList("rating", "prize").toList())
                    .assertNext(rows -> {
                        assertThat(rows).extracting(r -> r.get(0)).containsExactly(14, 13, 3);
                        assertThat((BigDecimal) rows.get(0).get(1)).isEqualByComparingTo("20.50");
                        assertThat((BigDecimal) rows.get(1).get(1)).isEqualByComparingTo("41.00");
                        assertThat(rows.get(2).get(1)).isNull();
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void anInstanceKeepsTheExpressionUntilRefreshed(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Score ann = Fixtures.scores(env).get(0);
            Expression plus = F.of("rating").add(10);
            ann.set("rating", plus);
            assertThat(ann.get("rating")).isSameAs(plus);
            ann.save("rating").block(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(
                    ExpectedSql.on(db, "UPDATE \"score\" SET \"rating\"=(\"score\".\"rating\"+$1) WHERE \"score\".\"id\"=$2"));
            assertThat(env.statements().events().get(0).bindings()).containsExactly(10, ann.id);
            assertThat(ann.get("rating")).isSameAs(plus);
            ann.refreshFromDb("rating").block(Env.TIMEOUT);
            assertThat(ann.get("rating")).isEqualTo(14);
            assertThat(ann.rating).isEqualTo(14);
            StepVerifier.create(env.of(Score.class).get("name", "Ann")).assertNext(s -> assertThat(s.rating)
                    .isEqualTo(14)).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void fOnAnUnknownFieldIsAFieldError(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            assertThatThrownBy(() -> env.of(Score.class).filter("rating", F.of("nope")).sql())
                    .isInstanceOf(FieldError.class)
                    .hasMessage("There is no non-virtual field nope on Model Score");
            assertThatThrownBy(() -> env.of(Score.class).annotate("x", F.of("rating__nope")).values("x"))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("There is no non-virtual field rating__nope on Model Score");
        }
    }

    @DatabaseTest
    void arithmeticBetweenDifferentFieldTypesIsAFieldError(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            assertThatThrownBy(() -> env.of(Score.class).annotate("x", F.of("rating").add(F.of("name"))).values("x"))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("Cannot use arithmetic expression between different field type");
        }
    }

    @DatabaseTest
    void aFullSaveWritesThePendingExpressionWithTheOtherFields(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Score bob = Fixtures.scores(env).get(1);
            bob.set("rating", F.of("rating").mul(F.of("team")).add(1));
            bob.name = "Robert";
            bob.save().block(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(ExpectedSql.on(db, "UPDATE \"score\" SET \"name\"=$1,"
                    + "\"rating\"=((\"score\".\"rating\"*\"score\".\"team\")+$2),\"team\"=$3,\"prize\"=$4,"
                    + "\"weight\"=$5 WHERE \"score\".\"id\"=$6"));
            bob.refreshFromDb().block(Env.TIMEOUT);
            assertThat(bob.rating).isEqualTo(4);
            assertThat(bob.get("rating")).isEqualTo(4);
            assertThat(bob.name).isEqualTo("Robert");
            // Setting a plain value replaces a pending expression.
            bob.set("rating", F.of("rating").add(100));
            bob.set("rating", 7);
            bob.save("rating").block(Env.TIMEOUT);
            StepVerifier.create(env.of(Score.class).get("id", bob.id)).assertNext(s -> assertThat(s.rating)
                    .isEqualTo(7)).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void arithmeticBetweenIntAndDecimalFieldsIsAFieldErrorButLiteralsAreConverted(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            assertThatThrownBy(() -> env.of(Score.class).annotate("x", F.of("prize").sub(F.of("rating"))).values("x"))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("Cannot use arithmetic expression between different field type");
            var q = env.of(Score.class).filter("name", "Ann").annotate("x", F.of("prize").add("0.75")).values("x");
            assertThat(q.sql().bindings()).containsExactly(new BigDecimal("0.75"), "Ann");
            StepVerifier.create(q).assertNext(row -> assertThat((BigDecimal) row.get("x")).isEqualByComparingTo("11"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aNewInstanceWithAnExpressionCannotBeInserted(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Score s = new Score();
            s.name = "New";
            s.team = 1;
            s.set("rating", F.of("team").add(1));
            assertThatThrownBy(() -> env.of(Score.class).create(s).block(Env.TIMEOUT))
                    .isInstanceOf(dev.tortoise.exception.OperationalError.class)
                    .hasMessage("Can't insert Score with expressions for [rating]: an expression refers to the stored "
                            + "row, so save the instance first and then update those fields");
            assertThat(env.countRows("score")).isZero();
        }
    }
}
