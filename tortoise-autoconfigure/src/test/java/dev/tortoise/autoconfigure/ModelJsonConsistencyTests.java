package dev.tortoise.autoconfigure;

import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of an instance created from a request body equals the JSON of the same row read back: decimals at
 * their scale, timestamps as stored, the key as the database holds it, on H2 and PostgreSQL.
 */
class ModelJsonConsistencyTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Meta(table = "jc_shelf")
    public static class Shelf extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String label;
    }

    @Meta(table = "jc_item")
    public static class Item extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal price;
        @ForeignKeyField(relatedName = "items")
        public ForeignKey<Shelf> shelf;
        @ManyToManyField(relatedName = "tagged", through = "jc_item_shelf_tag")
        public ManyToMany<Shelf> tags;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
        @DatetimeField(autoNow = true)
        public OffsetDateTime modified;
    }

    @Meta(table = "jc_code")
    public static class Code extends Model {
        @UUIDField(primaryKey = true)
        public UUID id;
        @CharField(maxLength = 10)
        public String value;
    }

    @DatabaseTest
    void theJsonOfACreatedInstanceEqualsTheJsonOfItsRowReadBack(DatabaseKind db) {
        try (TestDatabase database = db.fresh()) {
            Tortoise orm = Tortoise.init(TortoiseConfig.builder().connection("default", database.url())
                    .models(Shelf.class, Item.class, Code.class).build());
            try {
                orm.generateSchemas(false).block(TIMEOUT);
                JsonMapper json = JsonMapper.builder().addModule(new TortoiseJacksonModule(orm::registry)).build();
                Shelf shelf = orm.create(json.readValue("{\"label\": \"A\"}", Shelf.class)).block(TIMEOUT);
                Item item = json.readValue("{\"name\": \"Lamp\", \"price\": 100.5, \"shelf_id\": " + shelf.id + "}",
                        Item.class);
                String created = json.writeValueAsString(orm.create(item).block(TIMEOUT));
                String read = json.writeValueAsString(orm.of(Item.class).get("id", item.id).block(TIMEOUT));
                assertThat(created).isEqualTo(read).contains("\"price\":100.50").contains("\"shelf_id\":" + shelf.id)
                        .startsWith("{\"id\":" + item.id + ",\"name\":\"Lamp\",");
                Item updated = orm.of(Item.class).get("id", item.id).block(TIMEOUT);
                updated.updateFromDict(java.util.Map.of("price", "7.125"));
                updated.save().block(TIMEOUT);
                assertThat(json.writeValueAsString(updated))
                        .isEqualTo(json.writeValueAsString(orm.of(Item.class).get("id", item.id).block(TIMEOUT)))
                        .contains("\"price\":7.13");
                Code code = orm.create(json.readValue(
                        "{\"id\": \"00000000-0000-0000-0000-00000000000a\", \"value\": \"x\"}", Code.class))
                        .block(TIMEOUT);
                assertThat(json.writeValueAsString(code)).isEqualTo(
                        json.writeValueAsString(orm.of(Code.class).get("id", code.id).block(TIMEOUT)))
                        .isEqualTo("{\"id\":\"00000000-0000-0000-0000-00000000000a\",\"value\":\"x\"}");
            } finally {
                orm.close().block(TIMEOUT);
            }
        }
    }
}
