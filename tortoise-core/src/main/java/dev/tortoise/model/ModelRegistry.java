package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.FieldContext;
import dev.tortoise.field.FieldDeclaration;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.IntField;
import dev.tortoise.field.NoDefault;
import dev.tortoise.field.TortoiseField;
import dev.tortoise.field.Validator;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.RelationHolder;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every model of a runtime, read from the classes once at init: fields parsed and checked,
 * relations linked. Invalid definitions fail here with ConfigurationError naming the model and field.
 */
public final class ModelRegistry {
    private final Map<Class<?>, ModelMeta> byClass = new LinkedHashMap<>();
    private final Map<String, ModelMeta> byFullName = new LinkedHashMap<>();

    private ModelRegistry() {
    }

    /**
     * Builds the metadata of the given models.
     *
     * @param apps app label to its model classes (abstract classes are skipped)
     * @param ctx the conversion settings (time zone, JSON mapper)
     */
    public static ModelRegistry build(Map<String, ? extends Collection<Class<? extends Model>>> apps,
                                      FieldContext ctx) {
        return build(apps, ctx, null);
    }

    /**
     * Builds the metadata of the given models.
     *
     * @param holders creates the holder of a reverse relation the class does not declare (by kind: a
     *                {@code ReverseRelation}, {@code ReverseOneToOne} or {@code ManyToMany}); null for none
     */
    public static ModelRegistry build(Map<String, ? extends Collection<Class<? extends Model>>> apps,
                                      FieldContext ctx, java.util.function.Function<FieldKind, ?> holders) {
        return build(apps, ctx, holders, app -> null);
    }

    /**
     * Builds the metadata of the given models: every class is parsed and every relation linked
     * before any {@link ModelMeta} is made, so the metadata handed out is finished and immutable.
     *
     * @param holders creates the holder of a reverse relation the class does not declare (by kind); null for none
     * @param connectionOf the default connection of an app label (may throw ConfigurationError for a bad one)
     */
    public static ModelRegistry build(Map<String, ? extends Collection<Class<? extends Model>>> apps,
                                      FieldContext ctx, java.util.function.Function<FieldKind, ?> holders,
                                      java.util.function.Function<String, String> connectionOf) {
        Map<Class<?>, ModelMeta.Builder> builders = new LinkedHashMap<>();
        Map<String, ModelMeta.Builder> byFullName = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<Class<? extends Model>>> app : apps.entrySet()) {
            for (Class<? extends Model> cls : app.getValue()) {
                if (builders.containsKey(cls) || isAbstract(cls)) {
                    continue;
                }
                Meta meta = cls.getAnnotation(Meta.class);
                String label = meta != null && !meta.app().isEmpty() ? meta.app() : app.getKey();
                ModelMeta.Builder m = new ModelParser(cls, label, ctx).parse();
                builders.put(cls, m);
                ModelMeta.Builder clash = byFullName.put(m.fullName(), m);
                if (clash != null) {
                    throw new ConfigurationError("Two models are named " + m.fullName() + ": "
                            + clash.modelClass().getName() + " and " + cls.getName());
                }
            }
        }
        RelationLinker.link(builders, holders == null ? null : kind -> (RelationHolder) holders.apply(kind));
        for (ModelMeta.Builder b : builders.values()) {
            b.connectionName(connectionOf.apply(b.app()));
        }
        ModelRegistry r = new ModelRegistry();
        for (ModelMeta.Builder b : builders.values()) {
            ModelMeta m = b.build();
            r.byClass.put(m.modelClass(), m);
            r.byFullName.put(m.fullName(), m);
        }
        for (ModelMeta m : r.byClass.values()) {
            for (FieldMeta f : m.fields()) {
                if (f.relation() != null) {
                    f.relation().resolve();
                }
            }
        }
        return r;
    }

    static boolean isAbstract(Class<?> cls) {
        Meta meta = cls.getAnnotation(Meta.class);
        return Modifier.isAbstract(cls.getModifiers()) || (meta != null && meta.isAbstract());
    }

    /** The metadata of a model class; ConfigurationError when the class is not a registered model. */
    public ModelMeta meta(Class<?> cls) {
        ModelMeta m = byClass.get(cls);
        if (m == null) {
            throw new ConfigurationError(cls.getName() + " is not a registered model; add its package to the "
                    + "app's models (registered: " + byFullName.keySet() + ")");
        }
        return m;
    }

    /** The metadata of a model class, or null. */
    public ModelMeta metaOrNull(Class<?> cls) {
        return byClass.get(cls);
    }

    /** The model named {@code app.Model} (or just {@code Model} when unambiguous), or null. */
    public ModelMeta byName(String name) {
        ModelMeta m = byFullName.get(name);
        if (m != null) {
            return m;
        }
        ModelMeta found = null;
        for (ModelMeta candidate : byClass.values()) {
            if (candidate.name().equals(name)) {
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    /** Every model, in registration order. */
    public Collection<ModelMeta> all() {
        return Collections.unmodifiableCollection(byClass.values());
    }

    // ------------------------------------------------------------------------------------------

    /** Parses one model class. */
    static final class ModelParser {
        private final Class<? extends Model> cls;
        private final String app;
        private final FieldContext ctx;
        private final String modelName;

        ModelParser(Class<? extends Model> cls, String app, FieldContext ctx) {
            this.cls = cls;
            this.app = app;
            this.ctx = ctx;
            this.modelName = cls.getSimpleName();
        }

        ModelMeta.Builder parse() {
            Meta meta = cls.getAnnotation(Meta.class);
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = cls; c != null && c != Model.class && c != Object.class; c = c.getSuperclass()) {
                chain.add(0, c);
            }
            List<FieldMeta> fields = new ArrayList<>();
            Map<String, FieldMeta> names = new LinkedHashMap<>();
            Field unannotatedId = null;
            Map<String, Field> declaredHolders = new LinkedHashMap<>();
            for (Class<?> c : chain) {
                for (Field jf : c.getDeclaredFields()) {
                    if (Modifier.isStatic(jf.getModifiers()) || jf.isSynthetic()) {
                        continue;
                    }
                    Annotation ann = fieldAnnotation(jf);
                    if (ann == null) {
                        if (jf.getName().equals("id")) {
                            unannotatedId = jf;
                        }
                        if (RelationHolder.class.isAssignableFrom(jf.getType())) {
                            declaredHolders.put(jf.getName(), jf);
                        } else if (!jf.getName().equals("id") && Modifier.isPublic(jf.getModifiers())
                                && !Modifier.isTransient(jf.getModifiers())) {
                            // A public attribute reads as a column; dropping it silently would lose its data.
                            throw new ConfigurationError(modelName + "." + jf.getName() + ": public attribute of type "
                                    + jf.getType().getSimpleName() + " has no field annotation; annotate it (e.g. @"
                                    + suggestion(jf.getType()) + ") or declare it transient to keep it out of the "
                                    + "database");
                        }
                        continue;
                    }
                    List<FieldMeta> parsed = RelationLinker.isRelation(ann)
                            ? RelationLinker.parse(modelName, jf, ann, ctx)
                            : List.of(dataField(jf, ann));
                    for (FieldMeta f : parsed) {
                        if (names.containsKey(f.name())) {
                            throw new ConfigurationError(modelName + "." + f.name() + ": field is declared twice (in "
                                    + names.get(f.name()).declaredBy() + " and " + c.getSimpleName() + ")");
                        }
                        names.put(f.name(), f);
                        fields.add(f);
                    }
                }
            }
            List<FieldMeta> pks = fields.stream().filter(f -> f.primaryKey() && f.kind() == FieldKind.DATA).toList();
            FieldMeta pk;
            if (pks.size() > 1) {
                throw new ConfigurationError("Model " + modelName + ": only single primary key is supported, found "
                        + pks.stream().map(FieldMeta::name).toList());
            } else if (pks.isEmpty() && RelationLinker.hasPrimaryKeyRelation(fields)) {
                pk = null;
            } else if (pks.isEmpty()) {
                if (names.containsKey("id")) {
                    throw new ConfigurationError("Can't create model " + modelName
                            + " without explicit primary key if field 'id' already present");
                }
                pk = implicitId(unannotatedId);
                fields.add(0, pk);
            } else {
                pk = pks.get(0);
            }
            String table = meta != null && !meta.table().isEmpty() ? meta.table() : modelName.toLowerCase(Locale.ROOT);
            List<String> ordering = meta == null ? List.of() : List.of(meta.ordering());
            for (String o : ordering) {
                String name = o.startsWith("-") ? o.substring(1) : o;
                if (!names.containsKey(name) && !name.equals("pk") && !(pk != null && name.equals(pk.name()))
                        && !RelationLinker.isKeyName(name, names)) {
                    throw new ConfigurationError("Model " + modelName + ": unknown field '" + name
                            + "' in Meta.ordering; valid fields are " + fields.stream().map(FieldMeta::name).toList());
                }
            }
            List<List<String>> unique = groups(meta == null ? new String[0] : meta.uniqueTogether(), names, pk,
                    "uniqueTogether");
            List<List<String>> indexes = groups(meta == null ? new String[0] : meta.indexes(), names, pk, "indexes");
            MethodHandle ctor;
            try {
                ctor = Accessors.lookup(cls).findConstructor(cls, MethodType.methodType(void.class))
                        .asType(MethodType.methodType(Model.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new ConfigurationError("Model " + modelName + " needs a constructor without arguments");
            }
            Class<?> manager = Object.class;
            Class<?> queryset = Object.class;
            for (Class<?> c = cls; c != null && c != Model.class; c = c.getSuperclass()) {
                Meta m = c.getAnnotation(Meta.class);
                if (m != null && manager == Object.class && m.manager() != Object.class) {
                    manager = m.manager();
                }
                if (m != null && queryset == Object.class && m.queryset() != Object.class) {
                    queryset = m.queryset();
                }
            }
            return new ModelMeta.Builder(cls, app, table, meta == null ? "" : meta.schema(),
                    meta == null ? "" : meta.tableDescription(), fields, pk, ordering, unique, indexes,
                    meta == null ? List.of() : List.of(meta.checks()), meta == null ? Extra.FORBID : meta.extra(),
                    manager, queryset, ctor, declaredHolders);
        }

        private List<List<String>> groups(String[] specs, Map<String, FieldMeta> names, FieldMeta pk, String what) {
            List<List<String>> out = new ArrayList<>();
            for (String spec : specs) {
                List<String> group = new ArrayList<>();
                for (String part : spec.split(",")) {
                    String name = part.trim();
                    FieldMeta f = names.get(name);
                    if (f == null && !(pk != null && name.equals(pk.name())) && !RelationLinker.isKeyName(name, names)) {
                        List<String> valid = new ArrayList<>(names.keySet());
                        if (pk != null && !valid.contains(pk.name())) {
                            valid.add(0, pk.name());
                        }
                        throw new ConfigurationError("Model " + modelName + ": unknown field '" + name + "' in Meta."
                                + what + "; valid fields are " + valid);
                    }
                    if (f != null && f.kind().isVirtual()) {
                        throw new ConfigurationError("Model " + modelName + ": field '" + name + "' in Meta." + what
                                + " has no column");
                    }
                    group.add(name);
                }
                out.add(List.copyOf(group));
            }
            return out;
        }

        private FieldMeta implicitId(Field javaField) {
            Accessor acc;
            Class<?> type = Integer.class;
            if (javaField != null) {
                acc = Accessors.forField(javaField, modelName);
                type = javaField.getType();
            } else {
                acc = Accessors.slot("id");
            }
            FieldType ft = FieldType.of(modelName, "id", IntField.class, type, type, ctx, 0, 0, 0);
            return new FieldMeta("id", "id", FieldKind.DATA, ft, true, true, false, true, true, "", null, null,
                    List.of(), false, false, acc, modelName);
        }

        /** The field annotation a Java type most likely wants, for the message of an unannotated attribute. */
        private static String suggestion(Class<?> type) {
            String n = type.isPrimitive() ? type.getName() : type.getSimpleName();
            return switch (n) {
                case "String" -> "CharField(maxLength = ...)";
                case "int", "Integer" -> "IntField";
                case "long", "Long" -> "BigIntField";
                case "short", "Short" -> "SmallIntField";
                case "double", "Double", "float", "Float" -> "FloatField";
                case "boolean", "Boolean" -> "BooleanField";
                case "BigDecimal" -> "DecimalField(maxDigits = ..., decimalPlaces = ...)";
                case "OffsetDateTime", "LocalDateTime", "ZonedDateTime", "Instant" -> "DatetimeField";
                case "LocalDate" -> "DateField";
                case "LocalTime" -> "TimeField";
                case "Duration" -> "TimeDeltaField";
                case "UUID" -> "UUIDField";
                case "byte[]" -> "BinaryField";
                default -> type.isEnum() ? "CharEnumField" : "JSONField";
            };
        }

        static Annotation fieldAnnotation(Field jf) {
            Annotation found = null;
            for (Annotation a : jf.getAnnotations()) {
                if (a.annotationType().isAnnotationPresent(TortoiseField.class)) {
                    if (found != null) {
                        throw new ConfigurationError(jf.getDeclaringClass().getSimpleName() + "." + jf.getName()
                                + ": more than one field annotation");
                    }
                    found = a;
                }
            }
            return found;
        }

        private FieldMeta dataField(Field jf, Annotation ann) {
            String name = jf.getName();
            String where = modelName + "." + name;
            int maxLength = (int) attr(ann, "maxLength", 0);
            int maxDigits = (int) attr(ann, "maxDigits", 0);
            int decimalPlaces = (int) attr(ann, "decimalPlaces", 0);
            FieldType type = FieldType.of(new FieldDeclaration(modelName, name, ann, ann.annotationType(),
                    FieldType.box(jf.getType()), jf.getGenericType(), ctx, maxLength, maxDigits, decimalPlaces),
                    jf.getType());
            boolean pk = (boolean) attr(ann, "primaryKey", false) || (boolean) attr(ann, "pk", false);
            boolean nullable = (boolean) attr(ann, "nullable", false);
            if (pk && nullable) {
                throw new ConfigurationError(where + ": a primary key can't be nullable");
            }
            boolean generated = pk && type.allowsGenerated() && (boolean) attr(ann, "generated", false);
            boolean unique = (boolean) attr(ann, "unique", false);
            boolean index = (boolean) attr(ann, "index", false);
            if ((unique || index) && !type.indexable()) {
                throw new ConfigurationError(where + ": " + type.typeName() + " can't be indexed" + type.indexHint());
            }
            if (pk && !type.indexable()) {
                throw new ConfigurationError(where + ": " + type.typeName() + " can't be a primary key");
            }
            boolean autoNow = (boolean) attr(ann, "autoNow", false);
            boolean autoNowAdd = (boolean) attr(ann, "autoNowAdd", false);
            if (autoNow && autoNowAdd) {
                throw new ConfigurationError(where + ": You can choose only 'autoNow' or 'autoNowAdd'");
            }
            Supplier<Object> def = null;
            Object defDescription = null;
            String[] defText = (String[]) attr(ann, "defaultValue", new String[0]);
            Class<?> supplierClass = (Class<?>) attr(ann, "defaultSupplier", NoDefault.class);
            if (defText.length > 0 && supplierClass != NoDefault.class) {
                throw new ConfigurationError(where + ": give either defaultValue or defaultSupplier, not both");
            }
            if (defText.length > 1) {
                throw new ConfigurationError(where + ": defaultValue takes one value");
            }
            if (defText.length == 1) {
                Object value;
                try {
                    value = type.parseDefault(defText[0]);
                } catch (RuntimeException e) {
                    throw new ConfigurationError(where + ": invalid defaultValue '" + defText[0] + "': "
                            + e.getMessage());
                }
                defDescription = value;
                if (value instanceof Map || value instanceof List || value instanceof byte[]) {
                    // Mutable defaults are re-read for every instance, like Tortoise's deep copy.
                    def = () -> type.parseDefault(defText[0]);
                } else {
                    def = () -> value;
                }
            } else if (supplierClass != NoDefault.class) {
                Supplier<?> s = instantiate(supplierClass, where, Supplier.class);
                def = () -> type.coerce(s.get());
                defDescription = "<function " + supplierClass.getSimpleName() + ">";
            } else if (pk && type.javaType() == UUID.class) {
                def = UUID::randomUUID;
                defDescription = "<function uuid.uuid4>";
            }
            List<Validator> validators = new ArrayList<>(type.implicitValidators());
            for (Class<?> vc : (Class<?>[]) attr(ann, "validators", new Class<?>[0])) {
                validators.add(instantiate(vc, where, Validator.class));
            }
            String source = (String) attr(ann, "sourceField", "");
            return new FieldMeta(name, source.isEmpty() ? name : source, FieldKind.DATA, type, pk, generated,
                    nullable, unique, index, (String) attr(ann, "description", ""), def, defDescription, validators,
                    autoNow, autoNowAdd, Accessors.forField(jf, modelName), jf.getDeclaringClass().getSimpleName());
        }

        private static <T> T instantiate(Class<?> c, String where, Class<T> as) {
            try {
                var ctor = c.getDeclaredConstructor();
                ctor.setAccessible(true);
                return as.cast(ctor.newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new ConfigurationError(where + ": cannot create " + c.getName()
                        + " (it needs a constructor without arguments): " + e);
            }
        }

        static Object attr(Annotation a, String name, Object fallback) {
            for (Method m : a.annotationType().getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    try {
                        return m.invoke(a);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return fallback;
        }
    }

    /** A list of names, for messages. */
    static String names(Collection<String> names) {
        return Arrays.toString(names.toArray());
    }
}
