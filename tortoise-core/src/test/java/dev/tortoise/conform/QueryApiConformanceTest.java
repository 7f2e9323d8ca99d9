package dev.tortoise.conform;

import static dev.tortoise.conform.ConformFixtures.leagues;
import static dev.tortoise.conform.ConformFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.conform.ConformFixtures.Fixture;
import dev.tortoise.conform.ConformFixtures.League;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.ObjectDoesNotExistError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.query.Manager;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.test.StepVerifier;

/** Issue 15's query API points (slicing, byPk, values on single-object queries, inlined SQL, flat values). */
class QueryApiConformanceTest {

    private static void expectIds(QuerySet<League> qs, Integer... ids) {
        StepVerifier.create(qs.valuesList(true, "id").toList())
                .expectNext(Arrays.asList((Object[]) ids))
                .expectComplete().verify(Env.TIMEOUT);
    }

    @DatabaseTest
    void sliceIsOffsetAndLimitAsPythonSlices(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            expectIds(l.all().orderBy("id").slice(1, 3), 2, 3);
            expectIds(l.all().orderBy("id").slice(null, 2), 1, 2);
            expectIds(l.all().orderBy("id").slice(0, 2, 1), 1, 2);
            expectIds(l.all().orderBy("id").slice(3, null), 4, 5);
            expectIds(l.all().orderBy("id").limit(1).offset(4).slice(1, 4), 2, 3, 4);
            expectIds(l.slice(4, 9).orderBy("id"), 5);
        }
    }

    @DatabaseTest
    void sliceWritesOffsetAndLimitBinds(DatabaseKind db) {
        try (Env env = leagues(db)) {
            SqlText t = env.of(League.class).all().slice(1, 3).sql();
            String cols = "SELECT \"league\".\"id\",\"league\".\"name\",\"league\".\"rank\" FROM \"league\"";
            assertThat(t.text()).isEqualTo(ExpectedSql.on(db, (db != DatabaseKind.H2) ? cols + " LIMIT $1 OFFSET $2"
                    : cols + " OFFSET $2 ROWS FETCH NEXT $1 ROWS ONLY"));
            assertThat(t.bindings()).containsExactly(2L, 1L);
            assertThat(env.of(League.class).all().slice(null, 3).sql().bindings()).containsExactly(3L);
        }
    }

    @DatabaseTest
    void sliceRaisesTortoisesParamsErrors(DatabaseKind db) {
        try (Env env = leagues(db)) {
            QuerySet<League> qs = env.of(League.class).all();
            assertThatThrownBy(() -> qs.slice(-1, 2)).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Slice start should be non-negative number or None.");
            assertThatThrownBy(() -> qs.slice(2, 2)).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Slice stop should be non-negative number greater that slice start, or None.");
            assertThatThrownBy(() -> qs.slice(3, 1)).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Slice stop should be non-negative number greater that slice start, or None.");
            assertThatThrownBy(() -> qs.slice(null, -1)).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Slice stop should be non-negative number greater that slice start, or None.");
            assertThatThrownBy(() -> qs.slice(0, 4, 2)).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Slice steps should be 1 or None.");
            assertThatThrownBy(() -> qs.slice(0, 4, -1)).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Slice steps should be 1 or None.");
        }
    }

    @DatabaseTest
    void byPkReturnsTheRowOrRaisesObjectDoesNotExistError(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            StepVerifier.create(l.byPk(3).map(x -> x.name)).expectNext("c").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.byPk("4").map(x -> x.name)).expectNext("d").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.byPk(99)).expectErrorSatisfies(e -> {
                assertThat(e).isExactlyInstanceOf(ObjectDoesNotExistError.class)
                        .hasMessage("League has no object with id=99");
                ObjectDoesNotExistError o = (ObjectDoesNotExistError) e;
                assertThat(o.model()).isEqualTo("League");
                assertThat(o.pkName()).isEqualTo("id");
                assertThat(o.pkValue()).isEqualTo(99);
            }).verify(Env.TIMEOUT);
            StepVerifier.create(l.byPk("abc")).expectErrorSatisfies(e -> assertThat(e)
                    .isExactlyInstanceOf(ObjectDoesNotExistError.class)
                    .hasMessage("League has no object with id=abc")).verify(Env.TIMEOUT);
            StepVerifier.create(l.byPk(null)).expectErrorSatisfies(e -> assertThat(e)
                    .isExactlyInstanceOf(ObjectDoesNotExistError.class)
                    .hasMessage("League has no object with id=null")).verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void valuesOnSingleObjectQueries(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            StepVerifier.create(l.values("id", "name").first())
                    .expectNext(row("id", 1, "name", "a")).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.values("id", "name").last())
                    .expectNext(row("id", 5, "name", "e")).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.orderBy("-name").values("name").last())
                    .expectNext(row("name", "a")).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("rank__not_isnull", true).values("name", "rank").latest("rank"))
                    .expectNext(row("name", "d", "rank", 5)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("rank__not_isnull", true).values("name", "rank").earliest("rank"))
                    .expectNext(row("name", "c", "rank", 1)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("name", "b").values("id").get())
                    .expectNext(row("id", 2)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("name", "zz").values("id").getOrNone())
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("name", "zz").values("id").get())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(DoesNotExist.class)
                            .hasMessage("Object \"League\" does not exist")).verify(Env.TIMEOUT);
            StepVerifier.create(l.valuesList("id", "name").last())
                    .expectNext(List.of(5, "e")).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.valuesList(true, "name").latest("id"))
                    .expectNext("e").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("id__gt", 9).valuesList("id").first())
                    .expectComplete().verify(Env.TIMEOUT);
            assertThatThrownBy(() -> l.values("id").latest()).isExactlyInstanceOf(FieldError.class)
                    .hasMessage("No fields passed");
        }
    }

    @DatabaseTest
    void flatValuesListNeverDropsNulls(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            StepVerifier.create(l.orderBy("id").valuesList(true, "rank").toList())
                    .expectNext(Arrays.asList(3, null, 1, 5, null)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.orderBy("id").valuesList(true, "rank").optionals())
                    .expectNext(Optional.of(3), Optional.empty(), Optional.of(1), Optional.of(5), Optional.empty())
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.orderBy("id").valuesList(true, "rank").flux())
                    .expectNext(3)
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(UnSupportedError.class)
                            .hasMessage("values_list(flat=True) of \"rank\" read a NULL, which a stream cannot emit: "
                                    + "use optionals() or toList() for a nullable field"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("rank__not_isnull", true).orderBy("id").valuesList(true, "rank"))
                    .expectNext(3, 1, 5).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void inBulkDefaultsToThePrimaryKey(DatabaseKind db) {
        try (Env env = leagues(db)) {
            StepVerifier.create(env.of(League.class).inBulk(List.of(2, 4, 42)))
                    .assertNext(m -> {
                        assertThat(m.keySet()).containsExactlyInAnyOrder(2, 4);
                        assertThat(m.get(2).name).isEqualTo("b");
                        assertThat(m.get(4).name).isEqualTo("d");
                    }).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(League.class).all().inBulk(List.of(1)).map(Map::size))
                    .expectNext(1).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void sqlWithParamsInlineQuotesValuesByTheDialectAndRuns(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            l.create(row("name", "O'Brien", "rank", 7)).block(Env.TIMEOUT);
            QuerySet<League> qs = l.filter("name__in", List.of("O'Brien", "a")).filter("rank__gte", 2)
                    .orderBy("id").limit(5).offset(0);
            SqlText inline = qs.sql(true);
            String head = "SELECT \"league\".\"id\",\"league\".\"name\",\"league\".\"rank\" FROM \"league\" WHERE ";
            if (db == DatabaseKind.POSTGRES) {
                assertThat(inline.text()).isEqualTo(ExpectedSql.on(db, head + "(\"league\".\"name\"=ANY('{\"O''Brien\",\"a\"}') AND "
                        + "\"league\".\"rank\">=2) ORDER BY \"league\".\"id\" ASC LIMIT 5 OFFSET 0"));
            } else if (db == DatabaseKind.MARIADB) {
                assertThat(inline.text()).isEqualTo(ExpectedSql.on(db, head + "(\"league\".\"name\" IN ('O''Brien','a') AND "
                        + "\"league\".\"rank\">=2) ORDER BY \"league\".\"id\" ASC LIMIT 5 OFFSET 0"));
            } else {
                assertThat(inline.text()).isEqualTo(ExpectedSql.on(db, head + "(\"league\".\"name\" IN ('O''Brien','a') AND "
                        + "\"league\".\"rank\">=2) ORDER BY \"league\".\"id\" ASC OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY"));
            }
            assertThat(inline.bindings()).isEmpty();
            assertThat(qs.sql(false).bindings()).isNotEmpty();
            // The inlined text runs and finds what the bound query finds.
            assertThat(env.query(inline.text())).extracting(r -> r.get("name")).containsExactly("a", "O'Brien");

            SqlText values = l.filter("name", "it's -- \"quoted\" \\").values("id").sql(true);
            // MariaDB's string literals escape with backslash, so a backslash is doubled there
            assertThat(values.text()).isEqualTo(ExpectedSql.on(db, "SELECT \"league\".\"id\" FROM \"league\" WHERE "
                    + "\"league\".\"name\"='it''s -- \"quoted\" \\" + (db == DatabaseKind.MARIADB ? "\\" : "") + "'"));
            assertThat(env.query(values.text())).isEmpty();
            assertThat(l.filter("name", "x'; DROP TABLE league; --").sql(true).text()).endsWith(
                    ExpectedSql.on(db, "WHERE \"league\".\"name\"='x''; DROP TABLE league; --'"));
            assertThat(env.countRows("league")).isEqualTo(6);
        }
    }

    @DatabaseTest
    void sqlWithParamsInlineWritesTypedTimestampLiterals(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<Fixture> f = env.of(Fixture.class);
            League a = env.of(League.class).byPk(1).block(Env.TIMEOUT);
            Fixture x = new Fixture();
            x.name = "x";
            x.league.set(a);
            x.at = OffsetDateTime.parse("2024-05-01T10:00:00.5+02:00");
            f.create(x).block(Env.TIMEOUT);
            SqlText t = f.filter("at__gte", OffsetDateTime.parse("2024-05-01T08:00:00Z")).values("name").sql(true);
            assertThat(t.text()).isEqualTo(ExpectedSql.on(db, "SELECT \"fixture\".\"name\" FROM \"fixture\" WHERE "
                    + "\"fixture\".\"at\">=" + (db == DatabaseKind.MARIADB
                    // DATETIME keeps no offset: the instant's UTC wall time
                    ? "'2024-05-01 08:00:00.000000'" : "TIMESTAMP WITH TIME ZONE '2024-05-01 08:00:00.000000+00:00'")));
            assertThat(env.query(t.text())).extracting(r -> r.get("name")).containsExactly("x");
            SqlText later = f.filter("at__gt", OffsetDateTime.parse("2024-05-01T08:00:01Z")).values("name").sql(true);
            assertThat(env.query(later.text())).isEmpty();
        }
    }
}
