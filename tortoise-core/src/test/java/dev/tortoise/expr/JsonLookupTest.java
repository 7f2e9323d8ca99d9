package dev.tortoise.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.SqlText;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

class JsonLookupTest {

    @Meta(table = "doc", ordering = "id")
    public static class Doc extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String title;
        @JSONField(nullable = true)
        public Map<String, Object> data;
    }

    @Meta(table = "json_model", ordering = "id")
    public static class JsonModel extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @JSONField
        public Object data;
    }

    private static Env start(DatabaseKind db) {
        Env env = Env.start(db, Doc.class);
        env.of(Doc.class).create("title", "a", "data", Map.of("owner", Map.of("name", "Ann", "age", 31),
                "pets", List.of(Map.of("name", "Rex", "legs", 4), Map.of("name", "Tweety", "legs", 2)),
                "active", true)).block(Env.TIMEOUT);
        env.of(Doc.class).create("title", "b", "data", Map.of("owner", Map.of("name", "Bob", "age", 12),
                "pets", List.of(), "active", false)).block(Env.TIMEOUT);
        env.of(Doc.class).create("title", "c").block(Env.TIMEOUT);
        env.statements().clear();
        return env;
    }

    private static void titles(QuerySet<Doc> qs, String... expected) {
        StepVerifier.create(qs.valuesList(true, "title").toList())
                .assertNext(rows -> assertThat(rows).containsExactly((Object[]) expected))
                .expectComplete().verify(Env.TIMEOUT);
    }

    @DatabaseTest
    void containsAndContainedBy(DatabaseKind db) {
        try (Env env = start(db)) {
            QuerySet<Doc> contains = env.of(Doc.class).filter("data__contains", Map.of("owner", Map.of("name", "Ann")));
            QuerySet<Doc> containedBy = env.of(Doc.class).filter("data__contained_by",
                    Map.of("owner", Map.of("name", "Bob", "age", 12), "pets", List.of(), "active", false, "x", 1));
            if (db == DatabaseKind.H2) {
                assertThatThrownBy(contains::sql).isInstanceOf(UnSupportedError.class)
                        .hasMessage("The JSON contains lookup is not supported by the h2 dialect");
                assertThatThrownBy(() -> containedBy.count().block(Env.TIMEOUT)).isInstanceOf(UnSupportedError.class)
                        .hasMessage("The JSON contained_by lookup is not supported by the h2 dialect");
                return;
            }
            assertThat(contains.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"doc\".\"id\",\"doc\".\"title\",\"doc\".\"data\" "
                    + "FROM \"doc\" WHERE " + (db == DatabaseKind.MARIADB ? "JSON_CONTAINS(\"doc\".\"data\", $1)"
                    : "\"doc\".\"data\" @> CAST($1 AS JSONB)") + " ORDER BY \"doc\".\"id\" ASC",
                    List.of("{\"owner\":{\"name\":\"Ann\"}}"))));
            titles(contains, "a");
            titles(containedBy, "b");
            titles(env.of(Doc.class).filter("data__contains", "{\"pets\":[{\"name\":\"Rex\"}]}"), "a");
        }
    }

    @DatabaseTest
    void nestedPathsWithOperators(DatabaseKind db) {
        try (Env env = start(db)) {
            QuerySet<Doc> byName = env.of(Doc.class).filter("data__owner__name", "Ann");
            if (db == DatabaseKind.H2) {
                assertThatThrownBy(byName::sql).isInstanceOf(UnSupportedError.class)
                        .hasMessage("A JSON path filter is not supported by the h2 dialect");
                return;
            }
            SqlText sql = byName.sql();
            if (db == DatabaseKind.MARIADB) {
                // a JSON null is SQL NULL, as PostgreSQL's #>> gives; the path is a text bind, once per use
                String text = "CASE JSON_TYPE(JSON_EXTRACT(\"doc\".\"data\", $1)) WHEN 'NULL' THEN NULL "
                        + "ELSE JSON_UNQUOTE(JSON_EXTRACT(\"doc\".\"data\", $2)) END";
                assertThat(sql.text()).isEqualTo(ExpectedSql.on(db, "SELECT \"doc\".\"id\",\"doc\".\"title\","
                        + "\"doc\".\"data\" FROM \"doc\" WHERE " + text + "=$3 ORDER BY \"doc\".\"id\" ASC"));
                assertThat(sql.bindings()).containsExactly("$.\"owner\".\"name\"", "$.\"owner\".\"name\"", "Ann");
                assertThat(env.of(Doc.class).filter("data__owner__age__gte", 18).sql().text())
                        .contains(ExpectedSql.on(db, "WHERE CAST(" + text + " AS DOUBLE)>=$3"));
            } else {
                assertThat(sql.text()).isEqualTo(ExpectedSql.on(db, "SELECT \"doc\".\"id\",\"doc\".\"title\",\"doc\".\"data\" "
                        + "FROM \"doc\" WHERE \"doc\".\"data\" #>> CAST($1 AS TEXT[])=$2 ORDER BY \"doc\".\"id\" ASC"));
                assertThat(sql.bindings()).containsExactly(new String[] {"owner", "name"}, "Ann");
                assertThat(env.of(Doc.class).filter("data__owner__age__gte", 18).sql().text())
                        .contains(ExpectedSql.on(db, "WHERE CAST(\"doc\".\"data\" #>> CAST($1 AS TEXT[]) AS DOUBLE PRECISION)>=$2"));
            }
            titles(byName, "a");
            titles(env.of(Doc.class).filter("data__pets__0__name", "Rex"), "a");
            titles(env.of(Doc.class).filter("data__pets__1__legs__lt", 3), "a");
            titles(env.of(Doc.class).filter("data__owner__age__gte", 18), "a");
            titles(env.of(Doc.class).filter("data__owner__age__in", List.of(12, 40)), "b");
            titles(env.of(Doc.class).filter("data__owner__name__istartswith", "b"), "b");
            titles(env.of(Doc.class).filter("data__owner__name__not", "Ann"), "b", "c");
            titles(env.of(Doc.class).filter("data__pets__0__isnull", true), "b", "c");
            titles(env.of(Doc.class).filter("data__active", true), "a");
            titles(env.of(Doc.class).filter("data__filter", Map.of("owner__age__lt", 20, "active", false)), "b");
        }
    }

    @DatabaseTest
    void wholeDocumentLookupsWorkEverywhere(DatabaseKind db) {
        try (Env env = start(db)) {
            titles(env.of(Doc.class).filter("data__isnull", true), "c");
            titles(env.of(Doc.class).filter("data__not_isnull", true), "a", "b");
        }
    }

    @DatabaseTest
    void tortoiseDocumentationExamples(DatabaseKind db) {
        try (Env env = Env.start(db, JsonModel.class)) {
            var models = env.of(JsonModel.class);
            java.util.Map<String, Object> owner = new java.util.LinkedHashMap<>();
            owner.put("name", "Boby");
            owner.put("last", null);
            owner.put("other_pets", List.of(Map.of("name", "Fishy")));
            JsonModel dog = models.create("data", Map.of("breed", "labrador", "owner", owner)).block(Env.TIMEOUT);
            JsonModel msg = models.create("data", List.of("text", 3, Map.of("msg", "msg2"))).block(Env.TIMEOUT);
            JsonModel text = models.create("data", List.of("text")).block(Env.TIMEOUT);
            JsonModel tm = models.create("data", List.of("tortoise", "msg")).block(Env.TIMEOUT);
            JsonModel t = models.create("data", List.of("tortoise")).block(Env.TIMEOUT);
            if (db == DatabaseKind.H2) {
                assertThatThrownBy(() -> models.filter("data__filter", Map.of("breed", "labrador")).first()
                        .block(Env.TIMEOUT)).isInstanceOf(UnSupportedError.class)
                        .hasMessage("A JSON path filter is not supported by the h2 dialect");
                return;
            }
            StepVerifier.create(models.filter("data__contains", List.of(Map.of("msg", "msg2"))).first())
                    .assertNext(o -> assertThat(o.id).isEqualTo(msg.id)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(models.filter("data__contained_by", List.of("text", "tortoise", "msg"))
                            .valuesList(true, "id").toList())
                    .assertNext(ids -> assertThat(ids).containsExactly(text.id, tm.id, t.id))
                    .expectComplete().verify(Env.TIMEOUT);
            for (Map<String, Object> f : List.<Map<String, Object>>of(Map.of("breed", "labrador"),
                    Map.of("owner__name", "Boby"), Map.of("owner__other_pets__0__name", "Fishy"),
                    Map.of("breed__not", "a"), Map.of("owner__last__isnull", true),
                    Map.of("owner__last__not_isnull", false))) {
                StepVerifier.create(models.filter("data__filter", f).first())
                        .assertNext(o -> assertThat(o.id).as(f.toString()).isEqualTo(dog.id))
                        .expectComplete().verify(Env.TIMEOUT);
            }
        }
    }
}
