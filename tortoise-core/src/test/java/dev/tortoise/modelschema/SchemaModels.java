package dev.tortoise.modelschema;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.BinaryField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.TimeDeltaField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.TextField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.model.Extra;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** The models of the schema tests: a writer with books, books with tags, and a model configured by annotation. */
final class SchemaModels {
    private SchemaModels() {
    }

    @Meta(table = "ms_writer")
    public static class Writer extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50, description = "Pen name")
        public String name;
        @TextField(nullable = true)
        public String bio;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
        public ReverseRelation<Book> books;
    }

    @Meta(table = "ms_book")
    public static class Book extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 100)
        public String title;
        @DecimalField(maxDigits = 8, decimalPlaces = 2, nullable = true)
        public BigDecimal price;
        @ForeignKeyField(relatedName = "books")
        public ForeignKey<Writer> writer;
        @ManyToManyField(relatedName = "books", through = "ms_book_tag")
        public ManyToMany<Tag> tags;
        @DatetimeField(autoNow = true)
        public OffsetDateTime modified;
    }

    @Meta(table = "ms_tag", extra = Extra.IGNORE)
    public static class Tag extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        public ManyToMany<Book> books;
    }

    public enum Colour { RED, GREEN }

    /** One field of each remaining JSON shape. */
    @Meta(table = "ms_gadget")
    public static class Gadget extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharEnumField
        public Colour colour;
        @BooleanField
        public Boolean active;
        @FloatField(nullable = true)
        public Double weight;
        @BigIntField
        public Long serial;
        @DateField(nullable = true)
        public LocalDate released;
        @TimeDeltaField(nullable = true)
        public Duration warranty;
        @BinaryField(nullable = true)
        public byte[] blob;
        @JSONField(nullable = true)
        public Map<String, Object> extra;
    }

    /** Configured by annotation: a computed property, an excluded field, a key that is not generated. */
    @Meta(table = "ms_ticket")
    @ModelSchemaMeta(exclude = "secret", computed = "label", maxRecursion = 1)
    public static class Ticket extends Model {
        @UUIDField(primaryKey = true)
        public UUID id;
        @CharField(maxLength = 30)
        public String code;
        @CharField(maxLength = 30, nullable = true)
        public String secret;
        @IntField(defaultValue = "1")
        public Integer seats;

        public String label() {
            return code + " x" + seats;
        }
    }
}
