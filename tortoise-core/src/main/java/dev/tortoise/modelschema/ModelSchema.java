package dev.tortoise.modelschema;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelState;
import dev.tortoise.model.Extra;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseOneToOne;
import dev.tortoise.relation.ReverseRelation;
import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema of one model under given options (what Tortoise's {@code pydantic_model_creator} makes): its
 * properties in order, how an instance is written as JSON, and which keys a request body may set. Immutable;
 * get one from {@link ModelSchemas}.
 */
public final class ModelSchema {
    private final String name;
    private final ModelMeta meta;
    private final List<SchemaProperty> properties;
    private final Map<String, SchemaProperty> byName;

    ModelSchema(String name, ModelMeta meta, List<SchemaProperty> properties) {
        this.name = name;
        this.meta = meta;
        this.properties = List.copyOf(properties);
        this.byName = new LinkedHashMap<>();
        for (SchemaProperty p : properties) {
            byName.put(p.name(), p);
        }
    }

    /** The schema's name: the model's class name or the name given in the options; nested schemas add the path. */
    public String name() {
        return name;
    }

    /** The model this schema shows. */
    public ModelMeta meta() {
        return meta;
    }

    public Class<? extends Model> modelClass() {
        return meta.modelClass();
    }

    /** The properties, in declaration order (or by name when sorted alphabetically). */
    public List<SchemaProperty> properties() {
        return properties;
    }

    /** The property with this name, or null. */
    public SchemaProperty property(String propertyName) {
        return byName.get(propertyName);
    }

    /** The names of the properties a request body may set (those not read-only), in order. */
    public List<String> writableNames() {
        List<String> out = new ArrayList<>();
        for (SchemaProperty p : properties) {
            if (!p.readOnly()) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** The names of the required properties, in order. */
    public List<String> requiredNames() {
        List<String> out = new ArrayList<>();
        for (SchemaProperty p : properties) {
            if (p.required()) {
                out.add(p.name());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- output

    /**
     * Writes an instance as this schema shows it: every column property (only the loaded ones of a partial
     * instance), a decimal at its field's scale, a relation only once fetched (nested with its own schema), the
     * computed values, then the annotations of the query that loaded it.
     */
    public void write(Model instance, SchemaSink sink) {
        ModelState state = Instances.stateIfPresent(instance);
        Set<String> loaded = state != null && state.partial() ? state.loadedFields() : null;
        sink.startObject(instance);
        for (SchemaProperty p : properties) {
            switch (p.kind()) {
                case DATA, KEY -> {
                    if (loaded == null || loaded.contains(p.field().name())) {
                        sink.name(p.name());
                        sink.value(jsonValue(p, p.field().get(instance)));
                    }
                }
                case RELATION -> {
                    Model related = fetchedOne(p.field().get(instance));
                    if (related != null) {
                        sink.name(p.name());
                        p.nested().write(related, sink);
                    }
                }
                case RELATION_LIST -> {
                    if (p.field().get(instance) instanceof ReverseRelation<?> rel && rel.isFetched()) {
                        sink.name(p.name());
                        sink.startArray();
                        for (Model child : rel.list()) {
                            p.nested().write(child, sink);
                        }
                        sink.endArray();
                    }
                }
                case COMPUTED -> {
                    sink.name(p.name());
                    sink.value(computed(p, instance));
                }
                default -> throw new IllegalStateException(p.kind().name());
            }
        }
        if (state != null && state.hasAnnotations()) {
            for (Map.Entry<String, Object> a : state.annotations().entrySet()) {
                if (!byName.containsKey(a.getKey())) {
                    sink.name(a.getKey());
                    sink.value(a.getValue());
                }
            }
        }
        sink.endObject();
    }

    /** The instance as {@link #write} shows it, as nested maps and lists (pydantic's {@code model_dump()}). */
    public Map<String, Object> dump(Model instance) {
        MapSink sink = new MapSink();
        write(instance, sink);
        return sink.result;
    }

    private static Model fetchedOne(Object holder) {
        if (holder instanceof ForeignKey<?> fk) {
            return fk.id() != null && fk.isFetched() ? fk.get() : null;
        }
        if (holder instanceof ReverseOneToOne<?> r) {
            return r.isFetched() ? r.get() : null;
        }
        return null;
    }

    private static Object jsonValue(SchemaProperty p, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d && p.field().type().columnType().kind()
                == dev.tortoise.sql.ast.ColumnType.Kind.DECIMAL) {
            // The column's scale, as a later read returns it: 100.5 in a DECIMAL(10,2) is shown as 100.50.
            return d.setScale(p.field().type().columnType().scale(), RoundingMode.HALF_UP);
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof Duration d) {
            return d.toString();
        }
        return v;
    }

    private static Object computed(SchemaProperty p, Model instance) {
        try {
            return p.computed().invoke(instance);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new OperationalError("Computed property '" + p.name() + "' failed: " + e.getCause());
        } catch (IllegalAccessException e) {
            throw new OperationalError("Computed property '" + p.name() + "' is not accessible: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- input

    /**
     * Checks a decoded JSON object against the request body rule and returns the values to set, by field name:
     * a read-only property (a generated primary key, an auto-now field, a relation, a computed value) or a field
     * the schema leaves out is a FieldError naming it; an unknown key is a FieldError (extra = FORBID) or skipped
     * (extra = IGNORE); a value of the wrong JSON type (a number for a string, a boolean for a number...) is a
     * ValidationError naming the field. Values are not yet converted to the fields' Java types.
     */
    public Map<String, Object> readInput(Map<String, ?> json) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : json.entrySet()) {
            String key = e.getKey();
            SchemaProperty p = byName.get(key);
            if (p == null) {
                FieldMeta f = meta.fieldOrNull(key);
                if (f != null) {
                    throw new FieldError("Field '" + key + "' of " + meta.name() + " is not part of its schema "
                            + name + " and can't be set from input; writable fields are " + writableNames());
                }
                if (meta.extra() == Extra.IGNORE) {
                    continue;
                }
                throw new FieldError("Unknown field \"" + shorten(key) + "\" for model \"" + meta.name() + "\""
                        + " (extra is forbidden); writable fields are " + writableNames());
            }
            if (p.readOnly()) {
                throw new FieldError("Field '" + key + "' of " + meta.name() + " is read-only: " + why(p));
            }
            out.put(p.field().name(), checked(p, e.getValue()));
        }
        return out;
    }

    private String why(SchemaProperty p) {
        FieldMeta f = p.field();
        return switch (p.kind()) {
            case COMPUTED -> "it is computed";
            case RELATION -> f.relation() != null && f.relation().keyField() != null
                    ? "a relation is set through its key '" + f.relation().keyField().name() + "'"
                    : "it is the reverse side of a relation; set the key on the other model";
            case RELATION_LIST -> f.kind() == dev.tortoise.model.FieldKind.MANY_TO_MANY
                    ? "a many-to-many relation is changed with " + f.name() + ".add() and .remove()"
                    : "it is the reverse side of a relation; set the key on the other model";
            default -> f.generated() ? "the database generates it"
                    : f.autoNow() ? "it is set on every save" : "it is set when the row is created";
        };
    }

    private static Object checked(SchemaProperty p, Object v) {
        if (v == null) {
            return null;
        }
        boolean ok = switch (p.type()) {
            case STRING -> v instanceof String;
            case INTEGER -> v instanceof Integer || v instanceof Long || v instanceof BigInteger
                    || v instanceof Short || v instanceof Byte;
            // A decimal also takes its usual exact spelling as a string ("100.50"); nothing else crosses types.
            case NUMBER -> v instanceof Number || (v instanceof String && isDecimal(p));
            case BOOLEAN -> v instanceof Boolean;
            case OBJECT -> v instanceof Map;
            case ARRAY -> v instanceof List;
            case ANY -> true;
        };
        if (!ok) {
            throw new ValidationError(p.name() + ": expected a JSON " + p.type().jsonName() + ", got "
                    + describe(v));
        }
        if ("byte".equals(p.format())) {
            try {
                return Base64.getDecoder().decode((String) v);
            } catch (IllegalArgumentException e) {
                throw new ValidationError(p.name() + ": expected base64 text, got " + describe(v));
            }
        }
        return v;
    }

    private static boolean isDecimal(SchemaProperty p) {
        return p.field() != null && p.field().type() != null
                && p.field().type().columnType().kind() == dev.tortoise.sql.ast.ColumnType.Kind.DECIMAL;
    }

    /** A JSON value for a message: its JSON kind and a bounded rendering. */
    private static String describe(Object v) {
        String kind = v instanceof String ? "the string" : v instanceof Boolean ? "the boolean"
                : v instanceof Number ? "the number" : v instanceof Map ? "an object" : v instanceof List ? "an array"
                : "the value";
        if (v instanceof Map || v instanceof List) {
            return kind;
        }
        String text = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
        return kind + " " + shorten(text);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    @Override
    public String toString() {
        return "ModelSchema[" + name + ": " + byName.keySet() + "]";
    }

    /** Builds nested maps and lists from the events of {@link #write}. */
    private static final class MapSink implements SchemaSink {
        private final Deque<Object> open = new ArrayDeque<>();
        private final Deque<String> names = new ArrayDeque<>();
        private String pendingName;
        private Map<String, Object> result;

        @Override
        public void startObject(Object value) {
            open.push(new LinkedHashMap<String, Object>());
            names.push(pendingName == null ? "" : pendingName);
            pendingName = null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void endObject() {
            Map<String, Object> done = (Map<String, Object>) open.pop();
            pendingName = names.pop();
            if (open.isEmpty()) {
                result = done;
            } else {
                add(done);
            }
        }

        @Override
        public void startArray() {
            open.push(new ArrayList<>());
            names.push(pendingName == null ? "" : pendingName);
            pendingName = null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void endArray() {
            List<Object> done = (List<Object>) open.pop();
            pendingName = names.pop();
            add(done);
        }

        @Override
        public void name(String name) {
            pendingName = name;
        }

        @Override
        public void value(Object value) {
            add(value);
        }

        @SuppressWarnings("unchecked")
        private void add(Object value) {
            Object top = open.peek();
            if (top instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).put(pendingName, value);
                pendingName = null;
            } else {
                ((List<Object>) top).add(value);
            }
        }
    }
}
