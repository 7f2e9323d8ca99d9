package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.core.QueryTest.Person;
import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.query.Manager;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL text and bindings of each query kind per dialect, from runtimes that never connect
 * (connections open lazily, so no server is needed for {@code sql()}).
 */
class SqlTextTest {
    private static final String COLS = "\"person\".\"id\",\"person\".\"name\",\"person\".\"age\",\"person\".\"born\","
            + "\"person\".\"active\"";
    private static final String SELECT = "SELECT " + COLS + " FROM \"person\"";

    private static Tortoise h2;
    private static Tortoise pg;

    @BeforeAll
    static void init() {
        h2 = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:").models(Person.class)
                .build());
        // Port 1 on localhost: nothing listens there, so any attempt to connect would fail loudly.
        pg = Tortoise.init(TortoiseConfig.builder().connection("default", "postgres://nobody@127.0.0.1:1/nowhere")
                .models(Person.class).build());
    }

    @AfterAll
    static void close() {
        h2.close().block(Env.TIMEOUT);
        pg.close().block(Env.TIMEOUT);
    }

    private static Manager<Person> h2() {
        return h2.of(Person.class);
    }

    private static Manager<Person> pg() {
        return pg.of(Person.class);
    }

    private static void same(java.util.function.Function<Manager<Person>, SqlText> q, String sql, Object... binds) {
        for (Manager<Person> m : List.of(h2(), pg())) {
            SqlText t = q.apply(m);
            assertThat(t.text()).isEqualTo(sql);
            assertThat(t.bindings()).containsExactly(binds);
        }
    }

    @Test
    void selectAll() {
        same(m -> m.all().sql(), SELECT);
    }

    @Test
    void exactFiltersAreAndedWithBinds() {
        same(m -> m.filter("name", "Ann").filter("age__gte", 18).sql(),
                SELECT + " WHERE (\"person\".\"name\"=$1 AND \"person\".\"age\">=$2)", "Ann", 18);
    }

    @Test
    void nullAndNotLookups() {
        same(m -> m.filter("name", null).sql(), SELECT + " WHERE \"person\".\"name\" IS NULL");
        same(m -> m.filter("name__not", "x").sql(),
                SELECT + " WHERE (\"person\".\"name\"<>$1 OR \"person\".\"name\" IS NULL)", "x");
        same(m -> m.filter("age__not_isnull", true).sql(), SELECT + " WHERE \"person\".\"age\" IS NOT NULL");
        same(m -> m.filter("age__in", List.of()).sql(), SELECT + " WHERE 1=0");
        same(m -> m.filter("age__not_in", List.of()).sql(), SELECT + " WHERE 1=1");
    }

    @Test
    void inListsAreOneArrayBindOnPostgresAndOneBindPerValueOnH2() {
        SqlText h = h2().filter("age__in", List.of(1, 2, 3)).sql();
        assertThat(h.text()).isEqualTo(SELECT + " WHERE \"person\".\"age\" IN ($1,$2,$3)");
        assertThat(h.bindings()).containsExactly(1, 2, 3);
        SqlText p = pg().filter("age__in", List.of(1, 2, 3)).sql();
        assertThat(p.text()).isEqualTo(SELECT + " WHERE \"person\".\"age\"=ANY($1)");
        assertThat(p.bindings()).hasSize(1);
        assertThat((Integer[]) p.bindings().get(0)).containsExactly(1, 2, 3);
        SqlText pn = pg().filter("age__not_in", List.of(1, 2)).sql();
        assertThat(pn.text()).isEqualTo(SELECT + " WHERE (\"person\".\"age\"<>ALL($1) OR \"person\".\"age\" IS NULL)");
        SqlText hn = h2().filter("age__not_in", List.of(1, 2)).sql();
        assertThat(hn.text()).isEqualTo(SELECT + " WHERE (\"person\".\"age\" NOT IN ($1,$2) OR \"person\".\"age\" "
                + "IS NULL)");
    }

    @Test
    void likeLookupsOnATextColumnMatchTheColumnItselfEscapeAndBindThePattern() {
        // No CAST around a char/text column: an index on the column (text_pattern_ops, trigram) can serve.
        same(m -> m.filter("name__contains", "50%_off\\").sql(),
                SELECT + " WHERE \"person\".\"name\" LIKE $1 ESCAPE '\\'", "%50\\%\\_off\\\\%");
        same(m -> m.filter("name__istartswith", "ab").sql(),
                SELECT + " WHERE UPPER(\"person\".\"name\") LIKE UPPER($1) ESCAPE '\\'", "ab%");
        same(m -> m.filter("name__iexact", "a_b").sql(),
                SELECT + " WHERE UPPER(\"person\".\"name\") LIKE UPPER($1) ESCAPE '\\'", "a\\_b");
        same(m -> m.filter("name__endswith", "z").sql(),
                SELECT + " WHERE \"person\".\"name\" LIKE $1 ESCAPE '\\'", "%z");
    }

    @Test
    void likeLookupsOnANonTextColumnCastItToText() {
        same(m -> m.filter("age__startswith", "4").sql(),
                SELECT + " WHERE CAST(\"person\".\"age\" AS VARCHAR) LIKE $1 ESCAPE '\\'", "4%");
        same(m -> m.filter("born__icontains", "t1").sql(),
                SELECT + " WHERE UPPER(CAST(\"person\".\"born\" AS VARCHAR)) LIKE UPPER($1) ESCAPE '\\'", "%t1%");
    }

    @Test
    void rangeAndComparisons() {
        same(m -> m.filter("age__range", List.of(1, 9)).exclude("age__lt", 3).sql(),
                SELECT + " WHERE (\"person\".\"age\" BETWEEN $1 AND $2 AND NOT (\"person\".\"age\"<$3))", 1, 9, 3);
    }

    @Test
    void qTreesKeepTheirShape() {
        same(m -> m.filter(Q.or(Q.of("name", "a"), Q.not(Q.of("age__gt", 1).and("age__lt", 5)))).sql(),
                SELECT + " WHERE (\"person\".\"name\"=$1 OR NOT (\"person\".\"age\">$2 AND \"person\".\"age\"<$3))",
                "a", 1, 5);
    }

    @Test
    void datePartsPerDialect() {
        OffsetDateTime at = OffsetDateTime.parse("2024-01-01T00:00:00Z");
        same(m -> m.filter("born__year", 2024).sql(), SELECT + " WHERE EXTRACT(YEAR FROM \"person\".\"born\")=$1",
                2024);
        assertThat(h2().filter("born__week", 3).sql().text())
                .isEqualTo(SELECT + " WHERE EXTRACT(ISO_WEEK FROM \"person\".\"born\")=$1");
        assertThat(pg().filter("born__week", 3).sql().text())
                .isEqualTo(SELECT + " WHERE EXTRACT(WEEK FROM \"person\".\"born\")=$1");
        assertThat(pg().filter("born__microsecond", 7).sql().text()).isEqualTo(SELECT
                + " WHERE MOD(CAST(EXTRACT(MICROSECONDS FROM \"person\".\"born\") AS BIGINT),1000000)=$1");
        assertThat(h2().filter("born__microsecond", 7).sql().text())
                .isEqualTo(SELECT + " WHERE EXTRACT(MICROSECOND FROM \"person\".\"born\")=$1");
        same(m -> m.filter("born__gt", at).sql(), SELECT + " WHERE \"person\".\"born\">$1", at);
    }

    @Test
    void searchAndRegexPerDialect() {
        assertThat(pg().filter("name__search", "cup").sql().text())
                .isEqualTo(SELECT + " WHERE to_tsvector(\"person\".\"name\") @@ websearch_to_tsquery($1)");
        assertThatThrownBy(() -> h2().filter("name__search", "cup").sql())
                .isExactlyInstanceOf(UnSupportedError.class)
                .hasMessage("The search lookup (full-text search) is not supported by the h2 dialect");
        assertThat(pg().filter("name__posix_regex", "^a").sql().text())
                .isEqualTo(SELECT + " WHERE \"person\".\"name\" ~ $1");
        assertThat(h2().filter("name__posix_regex", "^a").sql().text())
                .isEqualTo(SELECT + " WHERE REGEXP_LIKE(\"person\".\"name\", $1)");
    }

    @Test
    void orderingAndPagingArePerDialectAndAlwaysBound() {
        SqlText p = pg().orderBy("-age", "name").offset(20).limit(10).sql();
        assertThat(p.text()).isEqualTo(SELECT + " ORDER BY \"person\".\"age\" DESC,\"person\".\"name\" ASC LIMIT $1 "
                + "OFFSET $2");
        assertThat(p.bindings()).containsExactly(10L, 20L);
        SqlText h = h2().orderBy("-age", "name").offset(20).limit(10).sql();
        assertThat(h.text()).isEqualTo(SELECT + " ORDER BY \"person\".\"age\" DESC,\"person\".\"name\" ASC OFFSET $2 "
                + "ROWS FETCH NEXT $1 ROWS ONLY");
        assertThat(h.bindings()).containsExactly(10L, 20L);
        same(m -> m.all().distinct().orderBy("pk").sql(),
                "SELECT DISTINCT " + COLS + " FROM \"person\" ORDER BY \"person\".\"id\" ASC");
    }

    @Test
    void onlySelectsTheGivenFieldsAndThePrimaryKey() {
        same(m -> m.only("name").sql(), "SELECT \"person\".\"name\",\"person\".\"id\" FROM \"person\"");
    }

    @Test
    void valuesAndValuesListSelectTheirPaths() {
        assertThat(h2().filter("age", 3).values("name", "age").sql().text())
                .isEqualTo("SELECT \"person\".\"name\",\"person\".\"age\" FROM \"person\" WHERE \"person\".\"age\"=$1");
        assertThat(pg().all().valuesList(true, "pk").sql().text())
                .isEqualTo("SELECT \"person\".\"id\" FROM \"person\"");
    }

    @Test
    void sqlShowsNoInlinedValuesEvenForHostileOnes() {
        String evil = "'; DROP TABLE person; --";
        same(m -> m.filter("name", evil).sql(), SELECT + " WHERE \"person\".\"name\"=$1", evil);
    }

    @Test
    void buildingSqlOpensNoConnection() {
        pg().filter("age", 1).orderBy("name").limit(3).sql();
        assertThat(((io.r2dbc.pool.ConnectionPool) pg.connections().get("default").factory()).getMetrics()
                .orElseThrow().allocatedSize()).isZero();
    }

    // ------------------------------------------------------------------ writes, read from the statement recorder

    @DatabaseTest
    void writeStatementsPerDialect(DatabaseKind db) {
        try (Env env = Env.start(db, Person.class)) {
            Manager<Person> p = env.of(Person.class);
            Person x = p.create("name", "a", "age", 1).block(Env.TIMEOUT);
            p.filter("age__lt", 5).update("age", F.of("age").add(1)).block(Env.TIMEOUT);
            p.filter("name", "a").update(Map.of("name", "b")).block(Env.TIMEOUT);
            p.all().orderBy("id").limit(2).delete().block(Env.TIMEOUT);
            p.filter("id", 7).delete().block(Env.TIMEOUT);
            p.exists().block(Env.TIMEOUT);
            p.filter("age", 3).count().block(Env.TIMEOUT);
            List<String> sql = env.statements().sql();
            String insert = "INSERT INTO \"person\" (\"name\",\"age\",\"born\",\"active\") VALUES ($1,$2,$3,$4)";
            String limit = (db != DatabaseKind.H2) ? " LIMIT $1" : " FETCH NEXT $1 ROWS ONLY";
            assertThat(sql).containsExactly(
                    ExpectedSql.on(db, (db != DatabaseKind.H2) ? insert + " RETURNING \"id\"" : "SELECT \"id\" FROM FINAL TABLE (" + insert + ")"),
                    ExpectedSql.on(db, "UPDATE \"person\" SET \"age\"=(\"person\".\"age\"+$1) WHERE \"person\".\"age\"<$2"),
                    ExpectedSql.on(db, "UPDATE \"person\" SET \"name\"=$1 WHERE \"person\".\"name\"=$2"),
                    // MariaDB takes no LIMIT directly inside IN: one derived table further down
                    ExpectedSql.on(db, "DELETE FROM \"person\" WHERE \"person\".\"id\" IN ("
                            + (db == DatabaseKind.MARIADB ? "SELECT * FROM (" : "") + "SELECT \"person\".\"id\" FROM \"person\" "
                            + "ORDER BY \"person\".\"id\" ASC" + limit + (db == DatabaseKind.MARIADB ? ") \"sub\"" : "") + ")"),
                    ExpectedSql.on(db, "DELETE FROM \"person\" WHERE \"person\".\"id\"=$1"),
                    ExpectedSql.on(db, "SELECT \"person\".\"id\" FROM \"person\"" + limit),
                    ExpectedSql.on(db, "SELECT COUNT(*) FROM \"person\" WHERE \"person\".\"age\"=$1"));
            assertThat(env.statements().events().get(0).bindings()).containsExactly("a", 1, null, true);
            assertThat(env.statements().events().get(1).bindings()).containsExactly(1, 5);
            assertThat(env.statements().events().get(3).bindings()).containsExactly(2L);
            assertThat(Arrays.asList(x.id)).containsExactly(1);
        }
    }
}
