package dev.tortoise.autoconfigure;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.InstanceBinding;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.ModelState;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseRelation;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
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
 * Jackson 3 support for models. A model serializes its fields by field name (the {@code <fk>_id} key
 * included), a fetched forward relation nested ({@code "tournament": {...}}), fetched reverse and many-to-many
 * relations as arrays ({@code "participants": [...]}), unfetched ones left out, and its annotations. A model
 * deserializes from an object by the same names (Tortoise's {@code update_from_dict}), so {@code tournament_id}
 * sets the key and an unknown key is a FieldError naming it when the model's extra is FORBID.
 */
public final class TortoiseJacksonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** @param runtime the runtime that decoded instances are bound to */
    public TortoiseJacksonModule(Supplier<? extends InstanceBinding> runtime) {
        super("tortoise");
        addSerializer(Model.class, new ModelSerializer());
        setDeserializers(new ModelDeserializers(runtime));
    }

    static final class ModelSerializer extends ValueSerializer<Model> {
        private static final ThreadLocal<Deque<Model>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

        @Override
        public void serialize(Model m, JsonGenerator gen, SerializationContext ctxt) {
            ModelMeta meta = Model.bindingOf(m).metaOrNull(m.getClass());
            Deque<Model> stack = STACK.get();
            stack.push(m);
            try {
                ModelState state = Model.state(m);
                Set<String> loaded = state.partial() ? state.loadedFields() : null;
                gen.writeStartObject(m);
                for (FieldMeta f : meta.fields()) {
                    if (f.kind() == FieldKind.DATA) {
                        if (loaded == null || loaded.contains(f.name())) {
                            gen.writeName(f.name());
                            ctxt.writeValue(gen, f.get(m));
                        }
                        continue;
                    }
                    Object holder = f.get(m);
                    if (holder instanceof ForeignKey<?> fk) {
                        if (fk.id() != null && fk.isFetched() && !onStack(stack, fk.get())) {
                            gen.writeName(f.name());
                            ctxt.writeValue(gen, fk.get());
                        }
                    } else if (holder instanceof ReverseRelation<?> rel && rel.isFetched()) {
                        gen.writeName(f.name());
                        gen.writeStartArray();
                        for (Model child : rel.list()) {
                            if (!onStack(stack, child)) {
                                ctxt.writeValue(gen, child);
                            }
                        }
                        gen.writeEndArray();
                    }
                }
                if (state.hasAnnotations()) {
                    for (Map.Entry<String, Object> a : state.annotations().entrySet()) {
                        gen.writeName(a.getKey());
                        ctxt.writeValue(gen, a.getValue());
                    }
                }
                gen.writeEndObject();
            } finally {
                stack.pop();
                if (stack.isEmpty()) {
                    STACK.remove();
                }
            }
        }

        private static boolean onStack(Deque<Model> stack, Object o) {
            for (Model m : stack) {
                if (m == o) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class ModelDeserializers extends SimpleDeserializers {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<? extends InstanceBinding> runtime;

        ModelDeserializers(Supplier<? extends InstanceBinding> runtime) {
            this.runtime = runtime;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ValueDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                         BeanDescription.Supplier beanDesc) {
            Class<?> raw = type.getRawClass();
            if (Model.class.isAssignableFrom(raw) && !Modifier.isAbstract(raw.getModifiers())) {
                return new ModelDeserializer((Class<? extends Model>) raw, runtime);
            }
            return super.findBeanDeserializer(type, config, beanDesc);
        }
    }

    static final class ModelDeserializer extends ValueDeserializer<Model> {
        private final Class<? extends Model> type;
        private final Supplier<? extends InstanceBinding> runtime;

        ModelDeserializer(Class<? extends Model> type, Supplier<? extends InstanceBinding> runtime) {
            this.type = type;
            this.runtime = runtime;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Model deserialize(JsonParser p, DeserializationContext ctxt) {
            Map<String, Object> values = ctxt.readValue(p, LinkedHashMap.class);
            InstanceBinding binding = runtime.get();
            ModelMeta meta = binding == null ? null : binding.metaOrNull(type);
            if (meta == null) {
                throw new ConfigurationError(type.getName() + " is not a model of the Tortoise runtime");
            }
            Map<String, Object> input = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                FieldMeta f = meta.fieldOrNull(k);
                if (f != null && (f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE)
                        && v instanceof Map<?, ?> nested) {
                    FieldMeta pk = f.relation() == null || f.relation().target() == null ? null
                            : f.relation().target().pk();
                    v = pk == null ? nested.get("id") : nested.get(pk.name());
                    FieldMeta key = f.relation() == null ? null : f.relation().keyField();
                    if (key != null) {
                        input.put(key.name(), v);
                        return;
                    }
                }
                input.put(k, v);
            });
            Model instance = meta.newInstance();
            Model.state(instance).binding(binding);
            meta.apply(instance, input);
            return instance;
        }
    }
}
