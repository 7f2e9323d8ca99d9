package dev.tortoise.model;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.FieldError;
import dev.tortoise.internal.model.FieldAccessors;
import dev.tortoise.internal.model.InstanceFactory;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.KeyHolder;
import dev.tortoise.internal.model.ModelState;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.TableRef;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model's metadata, computed once at init: table, fields by name and by column, primary key,
 * ordering, constraints, default connection and the constructor. Immutable: the registry parses
 * and links every model as a {@link Builder} and publishes only finished metadata.
 */
public final class ModelMeta {
    private final Class<? extends Model> modelClass;
    private final String app;
    private final String table;
    private final String schema;
    private final String tableDescription;
    private final List<FieldMeta> fields;
    private final Map<String, FieldMeta> byName;
    private final Map<String, FieldMeta> byColumn;
    private final List<FieldMeta> columnFields;
    /** The select items of every column of the table under its own name as alias. */
    private final List<dev.tortoise.sql.ast.SelectItem> rootSelectItems;
    private final FieldMeta pk;
    private final List<String> ordering;
    private final List<List<String>> uniqueTogether;
    private final List<List<String>> indexes;
    private final List<String> checks;
    private final Extra extra;
    private final Class<?> managerClass;
    private final Class<?> querysetClass;
    /** The constructor as a constant of a class of its own: every row read makes an instance through it. */
    private final InstanceFactory factory;
    private final TableRef tableRef;
    private final String connectionName;

    private ModelMeta(Builder b) {
        this.modelClass = b.modelClass;
        this.app = b.app;
        this.table = b.table;
        this.schema = b.schema;
        this.tableDescription = b.tableDescription;
        this.fields = List.copyOf(b.fields);
        // Insertion order is kept: error messages list the valid names in it.
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(b.byName));
        this.byColumn = Collections.unmodifiableMap(new LinkedHashMap<>(b.byColumn));
        List<FieldMeta> cols = new ArrayList<>();
        List<dev.tortoise.sql.ast.SelectItem> items = new ArrayList<>();
        for (FieldMeta f : fields) {
            if (f.hasColumn()) {
                cols.add(f);
                items.add(new dev.tortoise.sql.ast.SelectItem(new dev.tortoise.sql.ast.Column(table, f.column()), null));
            }
        }
        this.columnFields = List.copyOf(cols);
        this.rootSelectItems = List.copyOf(items);
        this.pk = b.pk;
        this.ordering = b.ordering;
        this.uniqueTogether = b.uniqueTogether;
        this.indexes = b.indexes;
        this.checks = b.checks;
        this.extra = b.extra;
        this.managerClass = b.managerClass;
        this.querysetClass = b.querysetClass;
        this.factory = FieldAccessors.factory(b.constructor.asType(MethodType.methodType(Object.class)));
        this.connectionName = b.connectionName;
        this.tableRef = new TableRef(schema.isEmpty() ? null : schema, table, null);
        for (FieldMeta f : fields) {
            f.model(this);
        }
    }

    /**
     * A model's metadata while the registry parses and links it: relation linking adds the key
     * fields and the reverse sides here, and {@link #build()} turns it into the finished
     * {@link ModelMeta} once every relation is linked.
     */
    static final class Builder {
        private final Class<? extends Model> modelClass;
        private final String app;
        private final String table;
        private final String schema;
        private final String tableDescription;
        private final List<FieldMeta> fields;
        private final Map<String, FieldMeta> byName = new LinkedHashMap<>();
        private final Map<String, FieldMeta> byColumn = new LinkedHashMap<>();
        private FieldMeta pk;
        private final Map<String, java.lang.reflect.Field> declaredHolders;
        private final List<String> ordering;
        private final List<List<String>> uniqueTogether;
        private final List<List<String>> indexes;
        private final List<String> checks;
        private final Extra extra;
        private final Class<?> managerClass;
        private final Class<?> querysetClass;
        private final MethodHandle constructor;
        private String connectionName;
        private ModelMeta built;

        Builder(Class<? extends Model> modelClass, String app, String table, String schema, String tableDescription,
                List<FieldMeta> fields, FieldMeta pk, List<String> ordering, List<List<String>> uniqueTogether,
                List<List<String>> indexes, List<String> checks, Extra extra, Class<?> managerClass,
                Class<?> querysetClass, MethodHandle constructor, Map<String, java.lang.reflect.Field> declaredHolders) {
            this.modelClass = modelClass;
            this.app = app;
            this.table = table;
            this.schema = schema;
            this.tableDescription = tableDescription;
            this.fields = new ArrayList<>(fields);
            for (FieldMeta f : fields) {
                index(f);
            }
            this.pk = pk;
            this.ordering = List.copyOf(ordering);
            this.uniqueTogether = List.copyOf(uniqueTogether);
            this.indexes = List.copyOf(indexes);
            this.checks = List.copyOf(checks);
            this.extra = extra;
            this.managerClass = managerClass;
            this.querysetClass = querysetClass;
            this.constructor = constructor;
            this.declaredHolders = declaredHolders;
        }

        private void index(FieldMeta f) {
            byName.put(f.name(), f);
            if (f.hasColumn()) {
                byColumn.put(f.column(), f);
            }
        }

        /** Adds a relation's key field right after the relation, so the column keeps the declaration order. */
        void addKeyField(FieldMeta key, FieldMeta relation) {
            int at = fields.indexOf(relation);
            fields.add(at < 0 ? fields.size() : at + 1, key);
            index(key);
        }

        /** Adds a field during relation linking (the implied reverse sides). */
        void addField(FieldMeta f) {
            if (!fields.contains(f)) {
                fields.add(f);
            }
            index(f);
        }

        void pk(FieldMeta newPk) {
            this.pk = newPk;
        }

        FieldMeta pk() {
            return pk;
        }

        void connectionName(String name) {
            this.connectionName = name;
        }

        Class<? extends Model> modelClass() {
            return modelClass;
        }

        String app() {
            return app;
        }

        String name() {
            return modelClass.getSimpleName();
        }

        String fullName() {
            return app + "." + name();
        }

        String table() {
            return table;
        }

        /** The fields so far, in declaration order (a snapshot). */
        List<FieldMeta> fields() {
            return new ArrayList<>(fields);
        }

        /** The field with this name ({@code pk} names the primary key), or null. */
        FieldMeta fieldOrNull(String name) {
            FieldMeta f = byName.get(name);
            return f == null && "pk".equals(name) ? pk : f;
        }

        /** Relation holder attributes the class declares without a relation annotation (reverse sides), by name. */
        Map<String, java.lang.reflect.Field> declaredHolders() {
            return declaredHolders;
        }

        /** The finished metadata, built on the first call; the builder is not changed afterwards. */
        ModelMeta build() {
            if (built == null) {
                built = new ModelMeta(this);
            }
            return built;
        }
    }

    public Class<? extends Model> modelClass() {
        return modelClass;
    }

    /** The model's class name, as used in messages. */
    public String name() {
        return modelClass.getSimpleName();
    }

    /** {@code app.Model}, Tortoise's full model name. */
    public String fullName() {
        return app + "." + name();
    }

    public String app() {
        return app;
    }

    public String table() {
        return table;
    }

    /** The schema, or empty for the connection's default. */
    public String schema() {
        return schema;
    }

    /** The table as the SQL tree refers to it (no alias). */
    public TableRef tableRef() {
        return tableRef;
    }

    public String tableDescription() {
        return tableDescription;
    }

    /** Every field, data and relation, in declaration order (superclass fields first). */
    public List<FieldMeta> fields() {
        return fields;
    }

    /** The fields that have a column, in table order. */
    public List<FieldMeta> columnFields() {
        return columnFields;
    }

    /**
     * The SELECT items of every column of {@link #columnFields()}, qualified by the table name (the
     * root alias of a query on this model), built once: a plain model query selects exactly these.
     */
    public List<dev.tortoise.sql.ast.SelectItem> rootSelectItems() {
        return rootSelectItems;
    }

    public FieldMeta pk() {
        return pk;
    }

    /** The default ordering keys ({@code -name} for descending). */
    public List<String> ordering() {
        return ordering;
    }

    public List<List<String>> uniqueTogether() {
        return uniqueTogether;
    }

    public List<List<String>> indexes() {
        return indexes;
    }

    public List<String> checks() {
        return checks;
    }

    public Extra extra() {
        return extra;
    }

    /** The custom manager class, or null. */
    public Class<?> managerClass() {
        return managerClass == Object.class ? null : managerClass;
    }

    /** The custom QuerySet class, or null. */
    public Class<?> querysetClass() {
        return querysetClass == Object.class ? null : querysetClass;
    }

    /** The name of the connection the model's app uses by default. */
    public String connectionName() {
        return connectionName;
    }

    /** The field with this name ({@code pk} names the primary key), or null. */
    public FieldMeta fieldOrNull(String name) {
        FieldMeta f = byName.get(name);
        if (f == null && "pk".equals(name)) {
            return pk;
        }
        return f;
    }

    /** The field with this name; FieldError naming it and the valid names when there is none. */
    public FieldMeta field(String name) {
        FieldMeta f = fieldOrNull(name);
        if (f == null) {
            throw unknownField(name);
        }
        return f;
    }

    /** The field stored in this column, or null. */
    public FieldMeta byColumn(String column) {
        return byColumn.get(column);
    }

    /** The names of every field, for error messages. */
    public List<String> fieldNames() {
        return new ArrayList<>(byName.keySet());
    }

    /** A FieldError for an unknown field name, listing the valid ones. */
    public FieldError unknownField(String name) {
        return unknownField(name, fieldNames());
    }

    /**
     * A FieldError for an unknown field name in Tortoise's words, {@code Unknown field "x" for model
     * "Model"}, followed by the names that are valid there.
     */
    public FieldError unknownField(String name, java.util.Collection<String> valid) {
        return new FieldError("Unknown field \"" + name + "\" for model \"" + name() + "\"; valid fields are "
                + valid);
    }

    /** The factory {@link #newInstance()} calls (granted to the ORM's internals through {@link Model}'s bridge). */
    InstanceFactory factory() {
        return factory;
    }

    /** A new, empty instance (no defaults applied). */
    public Model newInstance() {
        try {
            return (Model) factory.create();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ConfigurationError("Cannot construct " + name() + ": " + t);
        }
    }

    /** Fills unset fields that have defaults (values or suppliers) into an instance. */
    public void applyDefaults(Model instance) {
        for (FieldMeta f : columnFields) {
            if (f.hasDefault() && f.get(instance) == null) {
                f.set(instance, f.defaultValue());
            }
        }
    }

    /** Sets fields of an instance from a map, honouring {@link Extra}. */
    public void apply(Model instance, Map<String, ?> values) {
        for (Map.Entry<String, ?> e : values.entrySet()) {
            FieldMeta f = fieldOrNull(e.getKey());
            if (f == null) {
                if (extra == Extra.IGNORE) {
                    continue;
                }
                throw new FieldError("Unknown field \"" + e.getKey() + "\" for model \"" + name()
                        + "\" (extra is forbidden); valid fields are " + fieldNames());
            }
            if (f.kind().isVirtual()) {
                // Tortoise's words (Model._set_kwargs), then which field of which model.
                String words = switch (f.kind()) {
                    case MANY_TO_MANY -> "You can't set m2m relations through init, use m2m_manager instead";
                    case BACKWARD_O2O -> "You can't set backward one to one relations through init, change related "
                            + "model instead";
                    default -> "You can't set backward relations through init, change related model instead";
                };
                throw new ConfigurationError(words + " (field \"" + f.name() + "\" of model \"" + name() + "\")");
            }
            if (f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE) {
                Object v = e.getValue();
                if (v != null && !(v instanceof Model)) {
                    throw new dev.tortoise.exception.ValidationError("Invalid type for relationship field '"
                            + f.name() + "' of " + name() + ": expected a " + f.relation().targetClass().getSimpleName()
                            + " instance, got " + v.getClass().getSimpleName() + " (set '" + f.relation().keyField()
                            .name() + "' to give a key)");
                }
                if (v != null && !f.relation().targetClass().isInstance(v)) {
                    throw new dev.tortoise.exception.ValidationError("Invalid type for relationship field '"
                            + f.name() + "' of " + name() + ": expected " + f.relation().targetClass().getSimpleName()
                            + ", got " + v.getClass().getSimpleName());
                }
                ((KeyHolder) f.get(instance)).assign(v);
                continue;
            }
            Object v = f.coerceForAssignment(e.getValue());
            if (v == null && !f.nullable() && !f.generated()) {
                throw new dev.tortoise.exception.ValidationError(f.name() + ": " + f.name()
                        + " is non nullable field, but null was passed");
            }
            f.set(instance, v);
        }
    }

    /** An unsaved copy of {@code source} with the given primary key. */
    public Model copyOf(Model source, Object pkValue) {
        Model copy = newInstance();
        for (FieldMeta f : columnFields) {
            f.set(copy, f.get(source));
        }
        pk.set(copy, pkValue);
        ModelState s = Instances.state(copy);
        s.binding(Instances.state(source).binding());
        s.saved(false);
        s.persisted(false);
        return copy;
    }

    /**
     * Tortoise's describe() of the model.
     *
     * @param dbTypes the SQL type per dialect name of a column type (the empty key for the default)
     */
    public Map<String, Object> describe(Function<ColumnType, Map<String, String>> dbTypes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", fullName());
        d.put("app", app);
        d.put("table", table);
        d.put("abstract", false);
        d.put("description", tableDescription.isEmpty() ? null : tableDescription);
        d.put("docstring", null);
        d.put("unique_together", uniqueTogether);
        d.put("indexes", indexes);
        d.put("pk_field", describeField(pk, dbTypes));
        List<Object> data = new ArrayList<>();
        List<Object> fk = new ArrayList<>();
        List<Object> bfk = new ArrayList<>();
        List<Object> o2o = new ArrayList<>();
        List<Object> bo2o = new ArrayList<>();
        List<Object> m2m = new ArrayList<>();
        for (FieldMeta f : fields) {
            if (f == pk) {
                continue;
            }
            switch (f.kind()) {
                case DATA -> data.add(describeField(f, dbTypes));
                case FOREIGN_KEY -> fk.add(describeField(f, dbTypes));
                case ONE_TO_ONE -> o2o.add(describeField(f, dbTypes));
                case BACKWARD_FK -> bfk.add(describeField(f, dbTypes));
                case BACKWARD_O2O -> bo2o.add(describeField(f, dbTypes));
                case MANY_TO_MANY -> m2m.add(describeField(f, dbTypes));
                default -> throw new IllegalStateException(f.kind().name());
            }
        }
        d.put("data_fields", data);
        d.put("fk_fields", fk);
        d.put("backward_fk_fields", bfk);
        d.put("o2o_fields", o2o);
        d.put("backward_o2o_fields", bo2o);
        d.put("m2m_fields", m2m);
        return d;
    }

    private Map<String, Object> describeField(FieldMeta f, Function<ColumnType, Map<String, String>> dbTypes) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", f.name());
        RelationInfo rel = f.relation();
        if (f.type() != null) {
            d.put("field_type", f.type().typeName());
            d.put("db_column", f.column());
            d.put("python_type", f.type().pythonType());
        } else {
            d.put("field_type", switch (f.kind()) {
                case FOREIGN_KEY -> "ForeignKeyFieldInstance";
                case ONE_TO_ONE -> "OneToOneFieldInstance";
                case MANY_TO_MANY -> "ManyToManyFieldInstance";
                case BACKWARD_FK -> "BackwardFKRelation";
                case BACKWARD_O2O -> "BackwardOneToOneRelation";
                default -> "Field";
            });
            d.put("python_type", rel != null && rel.target() != null ? rel.target().fullName() : null);
        }
        d.put("generated", f.generated());
        d.put("nullable", f.nullable());
        d.put("unique", f.unique());
        d.put("indexed", f.indexed());
        d.put("default", f.defaultDescription());
        d.put("description", f.description().isEmpty() ? null : f.description());
        d.put("docstring", null);
        Map<String, Object> constraints = new LinkedHashMap<>();
        if (f.type() != null && f.type().columnType().kind() == ColumnType.Kind.VARCHAR) {
            constraints.put("max_length", f.type().columnType().length());
        }
        if (f.type() != null) {
            switch (f.type().columnType().kind()) {
                case INT -> {
                    constraints.put("ge", f.generated() ? 1 : Integer.MIN_VALUE);
                    constraints.put("le", Integer.MAX_VALUE);
                }
                case SMALLINT -> {
                    constraints.put("ge", f.generated() ? 1 : Short.MIN_VALUE);
                    constraints.put("le", Short.MAX_VALUE);
                }
                case BIGINT -> {
                    if (f.type().isNumeric()) {
                        constraints.put("ge", f.generated() ? 1 : Long.MIN_VALUE);
                        constraints.put("le", Long.MAX_VALUE);
                    }
                }
                default -> {
                }
            }
        }
        if (f.autoNowAdd() && !f.autoNow()) {
            constraints.put("readOnly", true);
        }
        d.put("constraints", constraints);
        if (f.type() != null) {
            d.put("db_field_types", dbTypes.apply(f.type().columnType()));
        }
        if (rel != null) {
            d.put("raw_field", rel.keyField() != null ? rel.keyField().name() : null);
            d.put("on_delete", rel.onDelete() == null ? null : rel.onDelete().name());
            d.put("db_constraint", rel.dbConstraint());
        }
        return d;
    }

    /** Converts a numeric value read from the database to the requested boxed number type. */
    public static Object convertNumber(Object v, Class<?> type) {
        if (type.isInstance(v) || !(v instanceof Number n)) {
            return v;
        }
        if (type == Long.class) {
            return n.longValue();
        }
        if (type == Integer.class) {
            return n.intValue();
        }
        if (type == Double.class) {
            return n.doubleValue();
        }
        if (type == BigDecimal.class) {
            return new BigDecimal(n.toString());
        }
        if (type == BigInteger.class) {
            return new BigInteger(n.toString());
        }
        if (type == Short.class) {
            return n.shortValue();
        }
        return v;
    }

    @Override
    public String toString() {
        return "ModelMeta[" + fullName() + "]";
    }
}
