package dev.tortoise.autoconfigure;

import dev.tortoise.model.Model;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.modelschema.ModelSchemas;
import dev.tortoise.modelschema.SchemaSink;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson 3 support for models, following each model's {@link dev.tortoise.modelschema.ModelSchema}: an instance
 * is written with its schema's properties (the {@code <fk>_id} key included, a decimal at its column's scale), a
 * fetched relation nested with the related model's schema, unfetched ones left out, then the query's
 * annotations. A model is read from a JSON object by the request body rule of
 * {@link dev.tortoise.modelschema.ModelSchema#readInput}: read-only properties and keys of the wrong JSON type
 * are refused with a FieldError or ValidationError naming the field.
 */
public final class TortoiseJacksonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /**
     * @param runtime the registry of the runtime that decoded instances are bound to ({@code Tortoise.registry()}),
     *                or null while there is none
     */
    public TortoiseJacksonModule(Supplier<? extends ModelRegistry> runtime) {
        this(ModelSchemas.builder(runtime).build());
    }

    /** @param schemas the schemas of the runtime's models (which decoded instances are bound to) */
    public TortoiseJacksonModule(ModelSchemas schemas) {
        super("tortoise");
        addSerializer(Model.class, new ModelSerializer(schemas));
        setDeserializers(new ModelDeserializers(schemas));
    }

    static final class ModelSerializer extends ValueSerializer<Model> {
        private final transient ModelSchemas schemas;

        ModelSerializer(ModelSchemas schemas) {
            this.schemas = schemas;
        }

        @Override
        public void serialize(Model m, JsonGenerator gen, SerializationContext ctxt) {
            schemas.of(m.getClass()).write(m, new GeneratorSink(gen, ctxt));
        }
    }

    /** Streams a schema's events to a Jackson generator; plain values go through the context's serializers. */
    private record GeneratorSink(JsonGenerator gen, SerializationContext ctxt) implements SchemaSink {
        @Override
        public void startObject(Object value) {
            gen.writeStartObject(value);
        }

        @Override
        public void endObject() {
            gen.writeEndObject();
        }

        @Override
        public void startArray() {
            gen.writeStartArray();
        }

        @Override
        public void endArray() {
            gen.writeEndArray();
        }

        @Override
        public void name(String name) {
            gen.writeName(name);
        }

        @Override
        public void value(Object value) {
            ctxt.writeValue(gen, value);
        }
    }

    static final class ModelDeserializers extends SimpleDeserializers {
        private static final long serialVersionUID = 1L;
        private final transient ModelSchemas schemas;

        ModelDeserializers(ModelSchemas schemas) {
            this.schemas = schemas;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ValueDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                         BeanDescription.Supplier beanDesc) {
            Class<?> raw = type.getRawClass();
            if (Model.class.isAssignableFrom(raw) && !Modifier.isAbstract(raw.getModifiers())) {
                return new ModelDeserializer((Class<? extends Model>) raw, schemas);
            }
            return super.findBeanDeserializer(type, config, beanDesc);
        }
    }

    static final class ModelDeserializer extends ValueDeserializer<Model> {
        private final Class<? extends Model> type;
        private final ModelSchemas schemas;

        ModelDeserializer(Class<? extends Model> type, ModelSchemas schemas) {
            this.type = type;
            this.schemas = schemas;
        }

        @Override
        public Model deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.START_OBJECT)) {
                return ctxt.reportInputMismatch(type, "A " + type.getSimpleName() + " is read from a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) value(p);
            return schemas.read(type, values);
        }

        /**
         * The JSON value at the parser's current token, decimals kept exact ({@code 100.50} stays a BigDecimal
         * with its digits) and integers as the smallest type that holds them.
         */
        private static Object value(JsonParser p) {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                        String name = p.currentName();
                        p.nextToken();
                        map.put(name, value(p));
                    }
                    return map;
                }
                case START_ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                        list.add(value(p));
                    }
                    return list;
                }
                case VALUE_STRING -> {
                    return p.getString();
                }
                case VALUE_NUMBER_INT -> {
                    return p.getNumberValue();
                }
                case VALUE_NUMBER_FLOAT -> {
                    return p.getDecimalValue();
                }
                case VALUE_TRUE -> {
                    return Boolean.TRUE;
                }
                case VALUE_FALSE -> {
                    return Boolean.FALSE;
                }
                case VALUE_NULL -> {
                    return null;
                }
                default -> throw new IllegalStateException("Unexpected JSON token " + t);
            }
        }
    }
}
