package dev.tortoise.expr;

import static dev.tortoise.expression.Functions.coalesce;
import static dev.tortoise.expression.Functions.concat;
import static dev.tortoise.expression.Functions.length;
import static dev.tortoise.expression.Functions.lower;
import static dev.tortoise.expression.Functions.max;
import static dev.tortoise.expression.Functions.trim;
import static dev.tortoise.expression.Functions.upper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.FieldError;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Function;
import dev.tortoise.expression.Resolved;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class FunctionsTest {

    /** A function declared by the application, with its own result type. */
    static final class CharCount extends Function {
        CharCount(Object field) {
            super("CHAR_LENGTH", field);
        }

        @Override
        protected Resolved result(List<Resolved> arguments) {
            return new Resolved(null, null, false, Long.class);
        }
    }

    @DatabaseTest
    void textFunctionsOnAField(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).filter("team", 2).annotate("t", trim("name")).annotate("u", upper("name"))
                    .annotate("l", lower(trim("name"))).annotate("n", length("name"))
                    .annotate("c", concat("name", "#", F.of("rating"))).values("t", "u", "l", "n", "c");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT TRIM(\"score\".\"name\"),UPPER(\"score\".\"name\"),"
                    // MariaDB's LENGTH counts bytes; the neutral length (characters) is its CHAR_LENGTH
                    + "LOWER(TRIM(\"score\".\"name\"))," + (db == DatabaseKind.MARIADB ? "CHAR_" : "")
                    + "LENGTH(\"score\".\"name\"),"
                    + "CONCAT(\"score\".\"name\",$1,\"score\".\"rating\") FROM \"score\" WHERE \"score\".\"team\"=$2",
                    List.of("#", 2))));
            StepVerifier.create(q)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("t", "Cid"), Map.entry("u", " CID "),
                            Map.entry("l", "cid"), Map.entry("n", 5), Map.entry("c", " Cid #3")))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void coalesceFillsNullsWithALiteral(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("p", coalesce("prize", 0)).orderBy("id").valuesList(true, "p");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT COALESCE(\"score\".\"prize\",$1) FROM \"score\" "
                    + "ORDER BY \"score\".\"id\" ASC", List.of(0))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).usingElementComparator((a, b) ->
                                    ((BigDecimal) a).compareTo((BigDecimal) b))
                            .containsExactly(new BigDecimal("10.25"), new BigDecimal("20.50"), BigDecimal.ZERO))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void functionsNestAroundAggregates(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var q = env.of(Score.class).annotate("m", lower(max("name"))).groupBy("team").orderBy("team")
                    .values("team", "m");
            assertThat(q.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"score\".\"team\",LOWER(MAX(\"score\".\"name\")) FROM \"score\" "
                    + "GROUP BY \"score\".\"team\" ORDER BY \"score\".\"team\" ASC"));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 1, "m", "bob"),
                            Map.of("team", 2, "m", " cid ")))
                    .expectComplete().verify(Env.TIMEOUT);
            // A function of an aggregate is itself an aggregate: a filter on it goes to HAVING.
            var having = env.of(Score.class).annotate("m", lower(max("name"))).groupBy("team")
                    .filter("m", "bob").values("team");
            assertThat(having.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"score\".\"team\" FROM \"score\" "
                    + "GROUP BY \"score\".\"team\" HAVING LOWER(MAX(\"score\".\"name\"))=$1", List.of("bob"))));
            StepVerifier.create(having.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(Map.of("team", 1)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void functionsWorkInFiltersOrderingAndUpdates(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            var qs = env.of(Score.class).filter("name", F.of("name")).annotate("u", upper(trim("name")))
                    .filter("u__startswith", "C").orderBy("-u");
            StepVerifier.create(qs.valuesList(true, "u").toList())
                    .assertNext(rows -> assertThat(rows).containsExactly("CID"))
                    .expectComplete().verify(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(env.of(Score.class).annotate("upped", upper("name")).filter("team", 1)
                            .update("name", F.of("upped")))
                    .expectNext(2L).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(
                    ExpectedSql.on(db, "UPDATE \"score\" SET \"name\"=UPPER(\"score\".\"name\") WHERE \"score\".\"team\"=$1"));
            StepVerifier.create(env.of(Score.class).orderBy("id").valuesList(true, "name").toList())
                    .assertNext(rows -> assertThat(rows).containsExactly("ANN", "BOB", " Cid "))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Score.class).filter("team", 2).update("name", trim("name")))
                    .expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Score.class).get("team", 2)).assertNext(s -> assertThat(s.name).isEqualTo("Cid"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aUserDeclaredFunctionIsNamedPerDialect(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            Fixtures.scores(env);
            Function strlen = Function.of("STRLEN", "name").withDialectName("h2", "CHAR_LENGTH")
                    .withDialectName("postgres", "LENGTH").withDialectName("mariadb", "CHAR_LENGTH");
            var q = env.of(Score.class).annotate("n", strlen).annotate("c", new CharCount(F.of("name")))
                    .orderBy("id").valuesList("n", "c");
            String fn = (db == DatabaseKind.POSTGRES) ? "LENGTH" : "CHAR_LENGTH";
            assertThat(q.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT " + fn + "(\"score\".\"name\"),CHAR_LENGTH(\"score\".\"name\") "
                    + "FROM \"score\" ORDER BY \"score\".\"id\" ASC"));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> {
                        assertThat(rows).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(3, 3, 5);
                        assertThat(rows).extracting(r -> r.get(1)).containsExactly(3L, 3L, 5L);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void badFunctionNamesAndUnknownFieldsAreRejected(DatabaseKind db) {
        try (Env env = Env.start(db, Score.class)) {
            assertThatThrownBy(() -> Function.of("X(); DROP TABLE score; --"))
                    .isInstanceOf(ConfigurationError.class)
                    .hasMessage("Function name 'X(); DROP TABLE score; --' is not a plain SQL identifier");
            assertThatThrownBy(() -> env.of(Score.class).annotate("u", upper("nope")).values("u"))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("There is no non-virtual field nope on Model Score");
        }
    }
}
