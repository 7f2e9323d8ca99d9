package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseRelation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The join type select_related uses, per dialect: INNER for a NOT NULL foreign key reached through
 * inner joins only, LEFT OUTER for a nullable one and for everything below it. No database is contacted.
 */
class SelectRelatedJoinTest {
    @Meta(table = "country")
    public static class Country extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        public ReverseRelation<City> cities;
    }

    @Meta(table = "city")
    public static class City extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @ForeignKeyField(relatedName = "cities")
        public ForeignKey<Country> country;
        public ReverseRelation<Resident> residents;
    }

    @Meta(table = "resident")
    public static class Resident extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @ForeignKeyField(relatedName = "residents", nullable = true)
        public ForeignKey<City> city;
    }

    private static Tortoise h2;
    private static Tortoise pg;

    @BeforeAll
    static void init() {
        h2 = runtime("sqlite://:memory:");
        pg = runtime("postgres://u@127.0.0.1:1/none");
    }

    private static Tortoise runtime(String url) {
        return Tortoise.init(TortoiseConfig.builder().connection("default", url)
                .models(Country.class, City.class, Resident.class).build());
    }

    @AfterAll
    static void close() {
        h2.close().block(Duration.ofSeconds(10));
        pg.close().block(Duration.ofSeconds(10));
    }

    @Test
    void aNotNullForeignKeyIsAnInnerJoin() {
        for (Tortoise t : List.of(h2, pg)) {
            assertThat(t.of(City.class).selectRelated("country").sql().text()).isEqualTo(
                    "SELECT \"city\".\"id\",\"city\".\"country_id\",\"city__country\".\"id\",\"city__country\".\"name\" "
                            + "FROM \"city\" JOIN \"country\" \"city__country\" ON "
                            + "\"city__country\".\"id\"=\"city\".\"country_id\"");
        }
    }

    @Test
    void aNullableForeignKeyAndEveryJoinBelowItStayLeftOuterJoins() {
        for (Tortoise t : List.of(h2, pg)) {
            assertThat(t.of(Resident.class).selectRelated("city__country").sql().text()).isEqualTo(
                    "SELECT \"resident\".\"id\",\"resident\".\"city_id\",\"resident__city\".\"id\","
                            + "\"resident__city\".\"country_id\",\"resident__city__country\".\"id\","
                            + "\"resident__city__country\".\"name\" FROM \"resident\" "
                            + "LEFT OUTER JOIN \"city\" \"resident__city\" ON "
                            + "\"resident__city\".\"id\"=\"resident\".\"city_id\" "
                            + "LEFT OUTER JOIN \"country\" \"resident__city__country\" ON "
                            + "\"resident__city__country\".\"id\"=\"resident__city\".\"country_id\"");
        }
    }

    @Test
    void aFilterJoinOnTheSameRelationBecomesInnerWhenSelectRelatedReadsIt() {
        for (Tortoise t : List.of(h2, pg)) {
            assertThat(t.of(City.class).filter("country__name", "NL").selectRelated("country").sql().text())
                    .isEqualTo("SELECT \"city\".\"id\",\"city\".\"country_id\",\"city__country\".\"id\","
                            + "\"city__country\".\"name\" FROM \"city\" JOIN \"country\" \"city__country\" ON "
                            + "\"city__country\".\"id\"=\"city\".\"country_id\" WHERE \"city__country\".\"name\"=$1");
        }
    }

    @Test
    void aFilterAloneKeepsTheLeftOuterJoin() {
        for (Tortoise t : List.of(h2, pg)) {
            assertThat(t.of(City.class).filter("country__name", "NL").sql().text())
                    .isEqualTo("SELECT \"city\".\"id\",\"city\".\"country_id\" FROM \"city\" "
                            + "LEFT OUTER JOIN \"country\" \"city__country\" ON "
                            + "\"city__country\".\"id\"=\"city\".\"country_id\" WHERE \"city__country\".\"name\"=$1");
        }
    }
}
