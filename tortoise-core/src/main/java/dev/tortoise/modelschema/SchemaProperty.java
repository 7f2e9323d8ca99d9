package dev.tortoise.modelschema;

import dev.tortoise.model.FieldMeta;
import java.util.List;

/**
 * One property of a {@link ModelSchema}: its JSON name, type and constraints, and where its value comes from.
 *
 * @param name the JSON name (the field's name)
 * @param kind where the value comes from
 * @param field the model field, or null for a computed value
 * @param type the JSON type; for a relation the type of one element ({@link JsonType#OBJECT})
 * @param format the JSON Schema format ({@code date-time}, {@code uuid}, {@code int32}...), or null
 * @param maxLength the maximum string length, or null
 * @param enumValues the allowed values of an enum field as JSON shows them, or an empty list
 * @param required whether a body must give it (not nullable and without default); for a read-only property:
 *        whether every response has it (OpenAPI's rule for read-only required properties)
 * @param nullable whether the value may be null
 * @param readOnly whether only the ORM or the database sets it (a generated key, an auto-now field, a relation,
 *        a computed value); a request body that gives it is refused
 * @param description the field's description, or empty
 * @param nested the schema of the related model for a relation, else null
 * @param computed the method of a computed value, else null
 */
public record SchemaProperty(String name, Kind kind, FieldMeta field, JsonType type, String format,
                             Integer maxLength, List<String> enumValues, boolean required, boolean nullable,
                             boolean readOnly, String description, ModelSchema nested,
                             java.lang.reflect.Method computed) {

    /** Where a property's value comes from. */
    public enum Kind {
        /** A column of the model (the primary key included). */
        DATA,
        /** The raw key of a forward relation ({@code tournament_id}). */
        KEY,
        /** A forward relation or a reverse one-to-one: one nested object, present once fetched. */
        RELATION,
        /** A reverse foreign key or a many-to-many relation: an array of nested objects, present once fetched. */
        RELATION_LIST,
        /** The result of a model method. */
        COMPUTED
    }

    public SchemaProperty {
        enumValues = List.copyOf(enumValues);
    }
}
