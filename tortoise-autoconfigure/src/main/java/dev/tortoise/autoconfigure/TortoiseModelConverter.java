package dev.tortoise.autoconfigure;

import dev.tortoise.model.Model;
import dev.tortoise.modelschema.ModelSchema;
import dev.tortoise.modelschema.ModelSchemas;
import dev.tortoise.modelschema.SchemaProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAPI {@link ModelConverter} (swagger-core, as springdoc-openapi uses it) that describes a model by its
 * {@link ModelSchema}: one component per schema (nested ones named by their path, {@code Event.tournament}),
 * each column with its JSON type, format, maxLength and enum values, required and nullable from the field's
 * options, readOnly for what a request body may not set (generated keys, auto-now fields, relations, computed
 * values), the raw key {@code tournament_id}, relations as a nested object or an array of them; nothing of the
 * ORM's internals ({@code pk}, {@code saved}, the relation holders' own properties). Other types go down the chain.
 */
public final class TortoiseModelConverter implements ModelConverter {
    private static final String REF = "#/components/schemas/";
    private final ModelSchemas schemas;

    public TortoiseModelConverter(ModelSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
        if (raw != null && Model.class.isAssignableFrom(raw) && schemas.isModel(raw)) {
            ModelSchema schema = schemas.of((Class<? extends Model>) raw);
            define(schema, context);
            return new Schema<>().$ref(REF + schema.name());
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }

    private void define(ModelSchema schema, ModelConverterContext context) {
        if (context.getDefinedModels().containsKey(schema.name())) {
            return;
        }
        Schema<Object> object = new Schema<>();
        typed(object, "object", false);
        object.name(schema.name());
        Map<String, Schema> properties = new LinkedHashMap<>();
        for (SchemaProperty p : schema.properties()) {
            properties.put(p.name(), property(p, context));
        }
        object.setProperties(properties);
        if (!schema.requiredNames().isEmpty()) {
            object.setRequired(new ArrayList<>(schema.requiredNames()));
        }
        context.defineModel(schema.name(), object);
    }

    private Schema<?> property(SchemaProperty p, ModelConverterContext context) {
        switch (p.kind()) {
            case RELATION -> {
                define(p.nested(), context);
                // allOf around the reference, so readOnly and nullable are not siblings that a $ref hides
                Schema<Object> one = new Schema<>();
                one.addAllOfItem(new Schema<>().$ref(REF + p.nested().name()));
                one.readOnly(true);
                if (p.nullable()) {
                    one.nullable(true);
                }
                return described(one, p);
            }
            case RELATION_LIST -> {
                define(p.nested(), context);
                ArraySchema many = new ArraySchema();
                many.items(new Schema<>().$ref(REF + p.nested().name()));
                many.readOnly(true);
                return described(many, p);
            }
            default -> {
                Schema<Object> value = new Schema<>();
                if (p.type().jsonName() != null) {
                    typed(value, p.type().jsonName(), p.nullable());
                } else if (p.nullable()) {
                    value.nullable(true);
                }
                value.format(p.format());
                value.maxLength(p.maxLength());
                if (!p.enumValues().isEmpty()) {
                    value.setEnum(new ArrayList<>(p.enumValues()));
                }
                if (p.readOnly()) {
                    value.readOnly(true);
                }
                return described(value, p);
            }
        }
    }

    /**
     * Sets the type both ways, since the converter cannot tell which version the document is written in:
     * OpenAPI 3.0 reads {@code type} and {@code nullable}, 3.1 (springdoc 3's default) a type list with "null".
     */
    private static void typed(Schema<?> s, String type, boolean nullable) {
        s.type(type);
        Set<String> types = new LinkedHashSet<>();
        types.add(type);
        if (nullable) {
            s.nullable(true);
            types.add("null");
        }
        s.types(types);
    }

    private static Schema<?> described(Schema<?> s, SchemaProperty p) {
        if (p.description() != null && !p.description().isEmpty()) {
            s.description(p.description());
        }
        return s;
    }
}
