package dev.tortoise.modelschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.modelschema.SchemaModels.Book;
import dev.tortoise.modelschema.SchemaModels.Colour;
import dev.tortoise.modelschema.SchemaModels.Gadget;
import dev.tortoise.modelschema.SchemaModels.Tag;
import dev.tortoise.modelschema.SchemaModels.Ticket;
import dev.tortoise.modelschema.SchemaModels.Writer;
import dev.tortoise.testing.Env;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema builder (pydantic_model_creator's role): properties, include / exclude / computed / max_recursion /
 * exclude_readonly from annotations and options, and the request body rule. Pure metadata: no statement runs.
 */
class ModelSchemaTest {
    private static Tortoise orm;
    private static ModelSchemas schemas;

    @BeforeAll
    static void start() {
        orm = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(Writer.class, Book.class, Tag.class, Ticket.class, Gadget.class).build());
        schemas = ModelSchemas.of(orm.registry());
    }

    @AfterAll
    static void stop() {
        orm.close().block(Env.TIMEOUT);
    }

    /** One line per property: name, kind, JSON type and format, constraints, flags; nested schemas indented. */
    static List<String> outline(ModelSchema s) {
        List<String> out = new ArrayList<>();
        outline(s, "", out);
        return out;
    }

    private static void outline(ModelSchema s, String indent, List<String> out) {
        for (SchemaProperty p : s.properties()) {
            StringBuilder b = new StringBuilder(indent).append(p.name()).append(' ').append(p.kind()).append(' ')
                    .append(p.type().jsonName());
            if (p.format() != null) {
                b.append('/').append(p.format());
            }
            if (p.maxLength() != null) {
                b.append(" maxLength=").append(p.maxLength());
            }
            if (!p.enumValues().isEmpty()) {
                b.append(" enum=").append(p.enumValues());
            }
            b.append(p.required() ? " required" : "").append(p.nullable() ? " nullable" : "")
                    .append(p.readOnly() ? " readOnly" : "");
            if (p.nested() != null) {
                b.append(" -> ").append(p.nested().name());
            }
            out.add(b.toString());
            if (p.nested() != null) {
                outline(p.nested(), indent + "  ", out);
            }
        }
    }

    @Test
    void theDefaultSchemaShowsColumnsKeysAndRelationsNestedThreeLevelsWithoutCycles() {
        assertThat(outline(schemas.of(Book.class))).containsExactly(
                "id DATA integer/int32 required readOnly",
                "title DATA string maxLength=100 required",
                "price DATA number nullable",
                "writer RELATION object readOnly -> Book.writer",
                "  id DATA integer/int32 required readOnly",
                "  name DATA string maxLength=50 required",
                "  bio DATA string nullable",
                "  created DATA string/date-time required readOnly",
                "writer_id KEY integer/int32 required",
                "tags RELATION_LIST object readOnly -> Book.tags",
                "  id DATA integer/int32 required readOnly",
                "  name DATA string maxLength=20 required",
                "modified DATA string/date-time required readOnly");
        assertThat(schemas.of(Book.class).property("writer").nested().property("name").description())
                .isEqualTo("Pen name");
    }

    @Test
    void reverseRelationsAreArraysAndNestAsDeepAsMaxRecursion() {
        assertThat(outline(schemas.of(Writer.class))).containsExactly(
                "id DATA integer/int32 required readOnly",
                "name DATA string maxLength=50 required",
                "bio DATA string nullable",
                "created DATA string/date-time required readOnly",
                "books RELATION_LIST object readOnly -> Writer.books",
                "  id DATA integer/int32 required readOnly",
                "  title DATA string maxLength=100 required",
                "  price DATA number nullable",
                "  writer_id KEY integer/int32 required",
                "  tags RELATION_LIST object readOnly -> Writer.books.tags",
                "    id DATA integer/int32 required readOnly",
                "    name DATA string maxLength=20 required",
                "  modified DATA string/date-time required readOnly");
        assertThat(outline(schemas.of(Writer.class, SchemaOptions.builder().maxRecursion(1).build())))
                .contains("books RELATION_LIST object readOnly -> Writer.books")
                .doesNotContain("  tags RELATION_LIST object readOnly -> Writer.books.tags");
        assertThat(outline(schemas.of(Writer.class, SchemaOptions.builder().maxRecursion(0).build())))
                .containsExactly("id DATA integer/int32 required readOnly", "name DATA string maxLength=50 required",
                        "bio DATA string nullable", "created DATA string/date-time required readOnly");
        assertThat(outline(schemas.of(Writer.class, SchemaOptions.builder().backwardRelations(false).build())))
                .noneMatch(l -> l.startsWith("books"));
    }

    @Test
    void allowCyclesNestsAModelInsideItselfUpToTheDepth() {
        List<String> lines = outline(schemas.of(Writer.class,
                SchemaOptions.builder().allowCycles(true).maxRecursion(2).build()));
        assertThat(lines).contains("books RELATION_LIST object readOnly -> Writer.books",
                "  writer RELATION object readOnly -> Writer.books.writer",
                "    name DATA string maxLength=50 required");
        assertThat(lines).noneMatch(l -> l.startsWith("      "));
    }

    @Test
    void includeKeepsTheNamedPropertiesAndPathsReachIntoRelations() {
        SchemaOptions o = SchemaOptions.builder().name("BookCard").include("title", "writer__name").build();
        ModelSchema s = schemas.of(Book.class, o);
        assertThat(s.name()).isEqualTo("BookCard");
        assertThat(outline(s)).containsExactly(
                "title DATA string maxLength=100 required",
                "writer RELATION object readOnly -> BookCard.writer",
                "  name DATA string maxLength=50 required");
    }

    @Test
    void excludeDropsPropertiesAndPathsDropNestedOnes() {
        ModelSchema s = schemas.of(Book.class,
                SchemaOptions.builder().exclude("price", "modified", "tags", "writer__bio", "writer__created").build());
        assertThat(outline(s)).containsExactly(
                "id DATA integer/int32 required readOnly",
                "title DATA string maxLength=100 required",
                "writer RELATION object readOnly -> Book.writer",
                "  id DATA integer/int32 required readOnly",
                "  name DATA string maxLength=50 required",
                "writer_id KEY integer/int32 required");
        assertThat(outline(schemas.of(Book.class, SchemaOptions.builder().excludeRawFields(true).build())))
                .noneMatch(l -> l.startsWith("writer_id"));
    }

    @Test
    void excludeReadonlyKeepsOnlyWhatABodyMaySet() {
        assertThat(outline(schemas.of(Book.class, SchemaOptions.builder().excludeReadonly(true).build())))
                .containsExactly("title DATA string maxLength=100 required", "price DATA number nullable",
                        "writer_id KEY integer/int32 required");
        assertThat(schemas.of(Book.class).writableNames()).containsExactly("title", "price", "writer_id");
    }

    @Test
    void theAnnotationConfiguresTheModelAndOptionsAddToIt() {
        assertThat(outline(schemas.of(Ticket.class))).containsExactly(
                "id DATA string/uuid",
                "code DATA string maxLength=30 required",
                "seats DATA integer/int32",
                "label COMPUTED string required nullable readOnly");
        assertThat(outline(schemas.of(Ticket.class, SchemaOptions.builder().exclude("label", "seats")
                .sortAlphabetically(true).build())))
                .containsExactly("code DATA string maxLength=30 required", "id DATA string/uuid");
        ModelSchemas configured = ModelSchemas.builder(orm::registry)
                .configure(Ticket.class, SchemaOptions.builder().exclude("code").build()).build();
        assertThat(configured.of(Ticket.class).properties()).extracting(SchemaProperty::name)
                .containsExactly("id", "seats", "label");
    }

    @Test
    void computedValuesAreWrittenAndDecimalsAtTheirScale() {
        Ticket t = new Ticket();
        t.id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        t.code = "A1";
        t.seats = 2;
        assertThat(schemas.of(Ticket.class).dump(t)).containsExactly(
                Map.entry("id", t.id), Map.entry("code", "A1"), Map.entry("seats", 2), Map.entry("label", "A1 x2"));
        Book b = new Book();
        b.title = "T";
        b.price = new BigDecimal("100.5");
        Map<String, Object> dumped = schemas.of(Book.class).dump(b);
        assertThat(dumped.get("price")).hasToString("100.50");
        assertThat(dumped).containsOnlyKeys("id", "title", "price", "writer_id", "modified");
    }

    @Test
    void everyFieldKindHasItsJsonTypeAndFormat() {
        assertThat(outline(schemas.of(Gadget.class))).containsExactly(
                "id DATA integer/int32 required readOnly",
                "colour DATA string enum=[RED, GREEN] required",
                "active DATA boolean required",
                "weight DATA number/double nullable",
                "serial DATA integer/int64 required",
                "released DATA string/date nullable",
                "warranty DATA string/duration nullable",
                "blob DATA string/byte nullable",
                "extra DATA object nullable");
        Gadget g = schemas.read(Gadget.class, json("colour", "GREEN", "active", false, "serial", 7,
                "released", "2026-12-01", "warranty", "PT1H", "blob", "AQI=", "extra", Map.of("a", 1)));
        assertThat(g.blob).containsExactly(1, 2);
        assertThat(schemas.of(Gadget.class).dump(g)).containsEntry("colour", "GREEN").containsEntry("warranty", "PT1H")
                .containsEntry("released", java.time.LocalDate.of(2026, 12, 1)).containsEntry("extra", Map.of("a", 1));
        assertThat(g.colour).isEqualTo(Colour.GREEN);
        assertThatThrownBy(() -> schemas.read(Gadget.class, json("blob", "%%%")))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("blob: expected base64 text, got the string \"%%%\"");
        assertThatThrownBy(() -> schemas.read(Gadget.class, json("active", "true")))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("active: expected a JSON boolean, got the string \"true\"");
        assertThatThrownBy(() -> schemas.read(Gadget.class, json("extra", 5)))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("extra: expected a JSON object, got the number 5");
    }

    @Test
    void anUnknownNameInIncludeExcludeOrComputedIsAConfigurationErrorNamingIt() {
        assertThatThrownBy(() -> schemas.of(Book.class, SchemaOptions.builder().include("isbn").build()))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Schema of Book: unknown field 'isbn' in include; valid fields are "
                        + "[id, title, price, writer, writer_id, tags, modified]");
        assertThatThrownBy(() -> schemas.of(Book.class, SchemaOptions.builder().exclude("writer__isbn").build()))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Schema of Writer: unknown field 'isbn' in exclude; valid fields are "
                        + "[id, name, bio, created, books]");
        assertThatThrownBy(() -> schemas.of(Book.class, SchemaOptions.builder().computed("summary").build()))
                .isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Schema of Book: computed 'summary' names no public method without arguments "
                        + "(summary() or getSummary())");
    }

    // ---------------------------------------------------------------- the request body rule

    private static Map<String, Object> json(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aBodySetsWritableFieldsAndTheRawKey() {
        Book b = schemas.read(Book.class, json("title", "Dune", "price", new BigDecimal("9.5"), "writer_id", 3));
        assertThat(b.title).isEqualTo("Dune");
        assertThat(b.price).hasToString("9.50");
        assertThat(b.writer.id()).isEqualTo(3);
        assertThat(schemas.read(Book.class, json("title", "x", "price", "12.345")).price).hasToString("12.35");
        Ticket t = schemas.read(Ticket.class, json("id", "00000000-0000-0000-0000-000000000002", "code", "B"));
        assertThat(t.id).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000002"));
    }

    @Test
    void anInstanceIsNotReadThroughTheSchemasOfAClosedRuntime() {
        Tortoise other = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(Writer.class, Book.class, Tag.class, Ticket.class, Gadget.class).build());
        ModelSchemas ofOther = ModelSchemas.of(other.registry());
        Book open = ofOther.read(Book.class, json("title", "Dune", "price", "1"));
        assertThat(open.title).isEqualTo("Dune");
        other.close().block(Env.TIMEOUT);
        // the class's runtime still knows Book: an unbound instance would save there, into the wrong database
        assertThatThrownBy(() -> ofOther.read(Book.class, json("title", "Dune", "price", "1")))
                .isExactlyInstanceOf(OperationalError.class)
                .hasMessage("Book cannot be read: the Tortoise runtime of these schemas is closed");
        assertThat(schemas.read(Book.class, json("title", "Emma", "price", "2")).title).isEqualTo("Emma");
    }

    @Test
    void readOnlyPropertiesInABodyAreRefusedNamingThem() {
        assertThatThrownBy(() -> schemas.read(Book.class, json("id", 5, "title", "x")))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'id' of Book is read-only: the database generates it");
        assertThatThrownBy(() -> schemas.read(Book.class, json("modified", "2026-01-01T00:00:00Z")))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'modified' of Book is read-only: it is set on every save");
        assertThatThrownBy(() -> schemas.read(Writer.class, json("created", "2026-01-01T00:00:00Z")))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'created' of Writer is read-only: it is set when the row is created");
        assertThatThrownBy(() -> schemas.read(Book.class, json("writer", Map.of("id", 1))))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'writer' of Book is read-only: a relation is set through its key 'writer_id'");
        assertThatThrownBy(() -> schemas.read(Book.class, json("tags", List.of(1, 2))))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'tags' of Book is read-only: a many-to-many relation is changed with tags.add() "
                        + "and .remove()");
        assertThatThrownBy(() -> schemas.read(Writer.class, json("books", List.of())))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'books' of Writer is read-only: it is the reverse side of a relation; set the key "
                        + "on the other model");
        assertThatThrownBy(() -> schemas.read(Ticket.class, json("label", "x")))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'label' of Ticket is read-only: it is computed");
        assertThatThrownBy(() -> schemas.read(Ticket.class, json("secret", "x")))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Field 'secret' of Ticket is not part of its schema Ticket and can't be set from input; "
                        + "writable fields are [id, code, seats]");
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNamingTheField() {
        assertThatThrownBy(() -> schemas.read(Book.class, json("title", 12345)))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("title: expected a JSON string, got the number 12345");
        assertThatThrownBy(() -> schemas.read(Book.class, json("price", true)))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("price: expected a JSON number, got the boolean true");
        assertThatThrownBy(() -> schemas.read(Book.class, json("writer_id", "3")))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("writer_id: expected a JSON integer, got the string \"3\"");
        assertThatThrownBy(() -> schemas.read(Book.class, json("writer_id", new BigDecimal("3.5"))))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("writer_id: expected a JSON integer, got the number 3.5");
        assertThatThrownBy(() -> schemas.read(Book.class, json("title", List.of("a"))))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("title: expected a JSON string, got an array");
        assertThatThrownBy(() -> schemas.read(Book.class, json("title", null)))
                .isExactlyInstanceOf(ValidationError.class)
                .hasMessage("title: title is non nullable field, but null was passed");
    }

    @Test
    void unknownKeysFollowTheModelsExtra() {
        assertThatThrownBy(() -> schemas.read(Book.class, json("title", "x", "isbn", "1")))
                .isExactlyInstanceOf(FieldError.class)
                .hasMessage("Unknown field \"isbn\" for model \"Book\" (extra is forbidden); writable fields are "
                        + "[title, price, writer_id]");
        assertThat(schemas.read(Tag.class, json("name", "sf", "colour", "red")).name).isEqualTo("sf");
    }
}
