package dev.tortoise.modelschema;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelBindings;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.sql.ast.ColumnType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes and caches the {@link ModelSchema} of the models of one runtime (Tortoise's
 * {@code pydantic_model_creator}): each model's own {@link ModelSchemaMeta}, plus options configured here per
 * model, plus options given per call. The JSON writer, the request body reader and the OpenAPI schemas all use
 * it, so what a model shows is decided in one place.
 */
public final class ModelSchemas {
    private static final ModelSchemaMeta DEFAULTS = Defaults.class.getAnnotation(ModelSchemaMeta.class);

    private final Supplier<? extends ModelRegistry> runtime;
    private final Map<Class<?>, SchemaOptions> configured;
    private final Map<Key, ModelSchema> cache = new ConcurrentHashMap<>();

    private ModelSchemas(Supplier<? extends ModelRegistry> runtime, Map<Class<?>, SchemaOptions> configured) {
        this.runtime = runtime;
        this.configured = Map.copyOf(configured);
    }

    /**
     * Schemas of the models of a runtime ({@code Tortoise.registry()}), with no options beyond the annotations;
     * instances it reads are bound to the open runtime whose registry it is.
     */
    public static ModelSchemas of(ModelRegistry runtime) {
        return builder(() -> runtime).build();
    }

    /**
     * A builder over a runtime's registry found when first needed (a Spring bean made later, say); the supplier
     * may give null while there is none.
     */
    public static Builder builder(Supplier<? extends ModelRegistry> runtime) {
        return new Builder(runtime);
    }

    /** Whether the class is a model of the runtime. */
    public boolean isModel(Class<?> type) {
        return Model.class.isAssignableFrom(type) && metaOrNull(type) != null;
    }

    /** The model's schema with its annotation and the options configured for it. */
    public ModelSchema of(Class<? extends Model> model) {
        return of(model, SchemaOptions.none());
    }

    /** The model's schema with these options added to its annotation and configured options. */
    public ModelSchema of(Class<? extends Model> model, SchemaOptions options) {
        ModelMeta meta = metaOrNull(model);
        if (meta == null) {
            throw new ConfigurationError(model.getName() + " is not a model of the Tortoise runtime");
        }
        return cache.computeIfAbsent(new Key(meta, options), k -> build(meta, merged(model, options)));
    }

    /**
     * A new instance of the model, bound to the runtime, set from a decoded JSON object by the request body rule
     * of {@link ModelSchema#readInput}; OperationalError once the runtime is closed.
     */
    public <T extends Model> T read(Class<T> model, Map<String, ?> json) {
        ModelMeta meta = metaOrNull(model);
        if (meta == null) {
            throw new ConfigurationError(model.getName() + " is not a model of the Tortoise runtime");
        }
        Map<String, Object> values = of(model).readInput(json);
        InstanceBinding binding = ModelBindings.of(runtime.get());
        if (binding == null) {
            // Unbound, its save() would go to whichever open runtime knows the class: refuse instead.
            throw new OperationalError(model.getSimpleName() + " cannot be read: the Tortoise runtime of these "
                    + "schemas is closed");
        }
        T instance = model.cast(meta.newInstance());
        Instances.state(instance).binding(binding);
        meta.apply(instance, values);
        return instance;
    }

    /**
     * Sets an instance's fields from a decoded JSON object by the request body rule; a loaded instance stays
     * persisted, so its next {@code save()} updates its row.
     */
    public <T extends Model> T update(T instance, Map<String, ?> json) {
        @SuppressWarnings("unchecked")
        Class<? extends Model> model = (Class<? extends Model>) instance.getClass();
        instance.updateFromDict(of(model).readInput(json));
        return instance;
    }

    private ModelMeta metaOrNull(Class<?> type) {
        ModelRegistry registry = runtime.get();
        return registry == null ? null : registry.metaOrNull(type);
    }

    private SchemaOptions merged(Class<?> model, SchemaOptions call) {
        SchemaOptions conf = configured.get(model);
        if (conf == null) {
            return call;
        }
        SchemaOptions.Builder b = conf.toBuilder();
        b.include(call.include().toArray(String[]::new));
        b.exclude(call.exclude().toArray(String[]::new));
        b.computed(call.computed().toArray(String[]::new));
        if (call.name() != null) {
            b.name(call.name());
        }
        if (call.maxRecursion() != null) {
            b.maxRecursion(call.maxRecursion());
        }
        if (call.backwardRelations() != null) {
            b.backwardRelations(call.backwardRelations());
        }
        if (call.allowCycles() != null) {
            b.allowCycles(call.allowCycles());
        }
        if (call.excludeRawFields() != null) {
            b.excludeRawFields(call.excludeRawFields());
        }
        if (call.excludeReadonly() != null) {
            b.excludeReadonly(call.excludeReadonly());
        }
        if (call.sortAlphabetically() != null) {
            b.sortAlphabetically(call.sortAlphabetically());
        }
        return b.build();
    }

    // ---------------------------------------------------------------- building

    /** What governs the whole tree: taken from the root model's annotation and the options. */
    private record Tree(int maxRecursion, boolean allowCycles, boolean excludeReadonly) {
    }

    private ModelSchema build(ModelMeta root, SchemaOptions options) {
        ModelSchemaMeta a = annotation(root);
        Tree tree = new Tree(options.maxRecursion() != null ? options.maxRecursion() : a.maxRecursion(),
                options.allowCycles() != null ? options.allowCycles() : a.allowCycles(),
                options.excludeReadonly() != null ? options.excludeReadonly() : a.excludeReadonly());
        String name = options.name() != null ? options.name() : root.name();
        return level(root, name, options, List.of(), List.of(), List.of(), tree, 0, List.of(root.modelClass()));
    }

    private static ModelSchemaMeta annotation(ModelMeta meta) {
        ModelSchemaMeta a = meta.modelClass().getAnnotation(ModelSchemaMeta.class);
        return a == null ? DEFAULTS : a;
    }

    private ModelSchema level(ModelMeta meta, String name, SchemaOptions options, List<String> inheritedInclude,
                              List<String> inheritedExclude, List<String> inheritedComputed, Tree tree, int depth,
                              List<Class<?>> path) {
        ModelSchemaMeta a = annotation(meta);
        List<String> include = concat(Arrays.asList(a.include()), options.include(), inheritedInclude);
        List<String> exclude = concat(Arrays.asList(a.exclude()), options.exclude(), inheritedExclude);
        List<String> computed = concat(Arrays.asList(a.computed()), options.computed(), inheritedComputed);
        boolean backward = options.backwardRelations() != null ? options.backwardRelations() : a.backwardRelations();
        boolean hideKeys = options.excludeRawFields() != null ? options.excludeRawFields() : a.excludeRawFields();
        boolean sort = options.sortAlphabetically() != null ? options.sortAlphabetically() : a.sortAlphabetically();

        Map<String, FieldMeta> keyOf = new HashMap<>();
        for (FieldMeta f : meta.fields()) {
            if (f.relation() != null && f.relation().keyField() != null
                    && (f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE)) {
                keyOf.put(f.relation().keyField().name(), f);
            }
        }
        Set<String> known = new LinkedHashSet<>();
        for (FieldMeta f : meta.fields()) {
            known.add(f.name());
        }
        Set<String> includeTop = heads(include, meta, known, "include");
        Set<String> excludeTop = new LinkedHashSet<>();
        for (String e : exclude) {
            if (!e.contains("__")) {
                check(e, meta, known, "exclude");
                excludeTop.add(e);
            } else {
                heads(List.of(e), meta, known, "exclude");
            }
        }
        List<SchemaProperty> props = new ArrayList<>();
        for (FieldMeta f : meta.fields()) {
            String n = f.name();
            if ((!includeTop.isEmpty() && !includeTop.contains(n)) || excludeTop.contains(n)) {
                continue;
            }
            SchemaProperty p = switch (f.kind()) {
                case DATA -> keyOf.containsKey(n) ? (hideKeys ? null : data(f, SchemaProperty.Kind.KEY))
                        : data(f, SchemaProperty.Kind.DATA);
                case FOREIGN_KEY, ONE_TO_ONE -> relation(f, SchemaProperty.Kind.RELATION, name, include,
                        exclude, computed, tree, depth, path);
                case BACKWARD_O2O -> backward ? relation(f, SchemaProperty.Kind.RELATION, name, include,
                        exclude, computed, tree, depth, path) : null;
                case BACKWARD_FK -> backward ? relation(f, SchemaProperty.Kind.RELATION_LIST, name, include,
                        exclude, computed, tree, depth, path) : null;
                case MANY_TO_MANY -> relation(f, SchemaProperty.Kind.RELATION_LIST, name, include, exclude,
                        computed, tree, depth, path);
            };
            if (p != null && !(tree.excludeReadonly() && p.readOnly())) {
                props.add(p);
            }
        }
        if (!tree.excludeReadonly()) {
            for (String c : computed) {
                if (!c.contains("__") && (includeTop.isEmpty() || includeTop.contains(c)) && !excludeTop.contains(c)) {
                    props.add(computedProperty(meta, c));
                }
            }
        }
        if (sort) {
            props.sort(Comparator.comparing(SchemaProperty::name));
        }
        return new ModelSchema(name, meta, props);
    }

    private static List<String> concat(Collection<String> a, Collection<String> b, Collection<String> c) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }

    /** The first segments of names that may be paths, each checked to name a field of the model. */
    private static Set<String> heads(List<String> names, ModelMeta meta, Set<String> known, String option) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            String head = n.contains("__") ? n.substring(0, n.indexOf("__")) : n;
            check(head, meta, known, option);
            out.add(head);
        }
        return out;
    }

    private static void check(String name, ModelMeta meta, Set<String> known, String option) {
        if (!known.contains(name) && !hasMethod(meta.modelClass(), name)) {
            throw new ConfigurationError("Schema of " + meta.name() + ": unknown field '" + name + "' in " + option
                    + "; valid fields are " + new ArrayList<>(known));
        }
    }

    /** The parts after {@code head__} of the names that start with it. */
    private static List<String> tails(List<String> names, String head) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(head + "__")) {
                out.add(n.substring(head.length() + 2));
            }
        }
        return out;
    }

    private SchemaProperty relation(FieldMeta f, SchemaProperty.Kind kind, String parentName, List<String> include,
                                    List<String> exclude, List<String> computed, Tree tree,
                                    int depth, List<Class<?>> path) {
        ModelMeta target = f.relation() == null ? null : f.relation().target();
        if (target == null || depth >= tree.maxRecursion() || tree.excludeReadonly()
                || (!tree.allowCycles() && path.contains(target.modelClass()))) {
            return null;
        }
        List<Class<?>> deeper = new ArrayList<>(path);
        deeper.add(target.modelClass());
        List<String> nestedInclude = tails(include, f.name());
        if (include.contains(f.name())) {
            nestedInclude = List.of();
        }
        ModelSchema nested = level(target, parentName + "." + f.name(), SchemaOptions.none(), nestedInclude,
                tails(exclude, f.name()), tails(computed, f.name()), tree, depth + 1, List.copyOf(deeper));
        return new SchemaProperty(f.name(), kind, f, JsonType.OBJECT, null, null, List.of(), false,
                kind == SchemaProperty.Kind.RELATION && f.nullable(), true, f.description(), nested, null);
    }

    private static SchemaProperty data(FieldMeta f, SchemaProperty.Kind kind) {
        ColumnType ct = f.type().columnType();
        Class<?> javaType = f.type().javaType();
        JsonType type;
        String format = null;
        Integer maxLength = null;
        List<String> enumValues = List.of();
        if (javaType.isEnum()) {
            type = JsonType.STRING;
            List<String> names = new ArrayList<>();
            for (Object c : javaType.getEnumConstants()) {
                names.add(((Enum<?>) c).name());
            }
            enumValues = names;
        } else if (javaType == Duration.class) {
            type = JsonType.STRING;
            format = "duration";
        } else {
            switch (ct.kind()) {
                case SMALLINT, INT -> {
                    type = JsonType.INTEGER;
                    format = "int32";
                }
                case BIGINT -> {
                    type = JsonType.INTEGER;
                    format = "int64";
                }
                case DOUBLE -> {
                    type = JsonType.NUMBER;
                    format = "double";
                }
                case DECIMAL -> type = JsonType.NUMBER;
                case BOOLEAN -> type = JsonType.BOOLEAN;
                case VARCHAR -> {
                    type = JsonType.STRING;
                    maxLength = ct.length();
                }
                case TEXT -> type = JsonType.STRING;
                case UUID -> {
                    type = JsonType.STRING;
                    format = "uuid";
                }
                case TIMESTAMP_TZ, TIMESTAMP -> {
                    type = JsonType.STRING;
                    format = "date-time";
                }
                case DATE -> {
                    type = JsonType.STRING;
                    format = "date";
                }
                case TIME -> {
                    type = JsonType.STRING;
                    format = "time";
                }
                case BINARY -> {
                    type = JsonType.STRING;
                    format = "byte";
                }
                case JSON -> type = Map.class.isAssignableFrom(javaType) ? JsonType.OBJECT
                        : List.class.isAssignableFrom(javaType) ? JsonType.ARRAY : JsonType.ANY;
                default -> type = JsonType.ANY;
            }
        }
        boolean readOnly = f.generated() || f.autoNow() || f.autoNowAdd();
        // Required: a body must give it unless read-only; a response always has it (OpenAPI's reading of the two).
        boolean required = !f.nullable() && !f.hasDefault();
        return new SchemaProperty(f.name(), kind, f, type, format, maxLength, enumValues, required, f.nullable(),
                readOnly, f.description(), null, null);
    }

    private static boolean hasMethod(Class<?> cls, String name) {
        return method(cls, name) != null;
    }

    private static Method method(Class<?> cls, String name) {
        String getter = "get" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        for (String candidate : List.of(name, getter)) {
            try {
                Method m = cls.getMethod(candidate);
                if (m.getReturnType() != void.class && !Modifier.isStatic(m.getModifiers())
                        && m.getDeclaringClass() != Object.class && m.getDeclaringClass() != Model.class) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                // try the getter spelling next
            }
        }
        return null;
    }

    private static SchemaProperty computedProperty(ModelMeta meta, String name) {
        Method m = method(meta.modelClass(), name);
        if (m == null) {
            throw new ConfigurationError("Schema of " + meta.name() + ": computed '" + name + "' names no public "
                    + "method without arguments (" + name + "() or get" + name.substring(0, 1).toUpperCase(Locale.ROOT)
                    + name.substring(1) + "())");
        }
        Class<?> r = m.getReturnType();
        JsonType type;
        String format = null;
        if (r == boolean.class || r == Boolean.class) {
            type = JsonType.BOOLEAN;
        } else if (r == int.class || r == Integer.class || r == short.class || r == Short.class) {
            type = JsonType.INTEGER;
            format = "int32";
        } else if (r == long.class || r == Long.class || r == BigInteger.class) {
            type = JsonType.INTEGER;
            format = "int64";
        } else if (r == double.class || r == Double.class || r == float.class || r == Float.class
                || r == BigDecimal.class) {
            type = JsonType.NUMBER;
        } else if (CharSequence.class.isAssignableFrom(r) || r.isEnum() || r == UUID.class) {
            type = JsonType.STRING;
        } else if (r == LocalDate.class) {
            type = JsonType.STRING;
            format = "date";
        } else if (r == LocalTime.class || r == OffsetTime.class) {
            type = JsonType.STRING;
            format = "time";
        } else if (Temporal.class.isAssignableFrom(r)) {
            type = JsonType.STRING;
            format = "date-time";
        } else if (Collection.class.isAssignableFrom(r) || r.isArray()) {
            type = JsonType.ARRAY;
        } else if (Map.class.isAssignableFrom(r)) {
            type = JsonType.OBJECT;
        } else {
            type = JsonType.ANY;
        }
        return new SchemaProperty(name, SchemaProperty.Kind.COMPUTED, null, type, format, null, List.of(), true,
                !r.isPrimitive(), true, "", null, m);
    }

    private record Key(ModelMeta meta, SchemaOptions options) {
    }

    @ModelSchemaMeta
    private static final class Defaults {
    }

    /** Builds {@link ModelSchemas}. */
    public static final class Builder {
        private final Supplier<? extends ModelRegistry> runtime;
        private final Map<Class<?>, SchemaOptions> configured = new HashMap<>();

        private Builder(Supplier<? extends ModelRegistry> runtime) {
            this.runtime = runtime;
        }

        /** Options for every schema of this model (added to its annotation). */
        public Builder configure(Class<? extends Model> model, SchemaOptions options) {
            configured.put(model, options);
            return this;
        }

        public ModelSchemas build() {
            return new ModelSchemas(runtime, configured);
        }
    }
}
