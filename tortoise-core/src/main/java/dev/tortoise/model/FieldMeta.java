package dev.tortoise.model;

import dev.tortoise.exception.ValidationError;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.Validator;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything known about one field of a model, computed once at init: its column, type,
 * options, validators and accessor. Relation fields carry a {@link RelationInfo}.
 */
public final class FieldMeta {
    private final String name;
    private final String column;
    private final FieldKind kind;
    private final FieldType type;
    private final boolean primaryKey;
    private final boolean generated;
    private final boolean nullable;
    private final boolean unique;
    private final boolean indexed;
    private final String description;
    private final Supplier<Object> defaultSupplier;
    private final Object defaultDescription;
    private final List<Validator> validators;
    private final boolean autoNow;
    private final boolean autoNowAdd;
    private final Accessor accessor;
    private final String declaredBy;
    private RelationInfo relation;
    private ModelMeta model;

    FieldMeta(String name, String column, FieldKind kind, FieldType type, boolean primaryKey, boolean generated,
              boolean nullable, boolean unique, boolean indexed, String description, Supplier<Object> defaultSupplier,
              Object defaultDescription, List<Validator> validators, boolean autoNow, boolean autoNowAdd,
              Accessor accessor, String declaredBy) {
        this.name = name;
        this.column = column;
        this.kind = kind;
        this.type = type;
        this.primaryKey = primaryKey;
        this.generated = generated;
        this.nullable = nullable;
        this.unique = unique || primaryKey;
        this.indexed = indexed || primaryKey;
        this.description = description;
        this.defaultSupplier = defaultSupplier;
        this.defaultDescription = defaultDescription;
        this.validators = List.copyOf(validators);
        this.autoNow = autoNow;
        this.autoNowAdd = autoNowAdd || autoNow;
        this.accessor = accessor;
        this.declaredBy = declaredBy;
    }

    /** The attribute name used in filters, values and dictionaries. */
    public String name() {
        return name;
    }

    /** The column name, or null for a virtual relation field. */
    public String column() {
        return column;
    }

    public FieldKind kind() {
        return kind;
    }

    /** The field's type; null for relation fields, whose column belongs to their {@code <name>_id} field. */
    public FieldType type() {
        return type;
    }

    public boolean primaryKey() {
        return primaryKey;
    }

    /** Whether the database generates the value (an identity or serial primary key). */
    public boolean generated() {
        return generated;
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean unique() {
        return unique;
    }

    public boolean indexed() {
        return indexed;
    }

    public String description() {
        return description;
    }

    /** Whether the field has a default value or supplier. */
    public boolean hasDefault() {
        return defaultSupplier != null;
    }

    /** A fresh default value, or null when the field has none. */
    public Object defaultValue() {
        return defaultSupplier == null ? null : defaultSupplier.get();
    }

    /** The default as describe() shows it. */
    public Object defaultDescription() {
        return defaultDescription;
    }

    public boolean autoNow() {
        return autoNow;
    }

    public boolean autoNowAdd() {
        return autoNowAdd;
    }

    /** The simple name of the class that declared the field (for messages). */
    public String declaredBy() {
        return declaredBy;
    }

    /** The model this field belongs to. */
    public ModelMeta model() {
        return model;
    }

    void model(ModelMeta m) {
        this.model = m;
    }

    /** The relation this field is a side of, or null for a data field. */
    public RelationInfo relation() {
        return relation;
    }

    void relation(RelationInfo r) {
        this.relation = r;
    }

    /** Whether this field has a column in the model's table. */
    public boolean hasColumn() {
        return column != null;
    }

    /** Reads the attribute from an instance. */
    public Object get(Object instance) {
        return accessor.get(instance);
    }

    /** Writes the attribute of an instance. */
    public void set(Object instance, Object value) {
        accessor.set(instance, value);
    }

    /** The accessor (for the key accessor of a relation, built at link time). */
    Accessor accessor() {
        return accessor;
    }

    /** Converts user input to this field's Java type (ValidationError when it cannot). */
    public Object coerce(Object input) {
        return type.coerce(input);
    }

    /**
     * Converts a value assigned to an instance: as {@link #coerce}, and a decimal rounded (half up) to the
     * column's scale, as the database stores it and a later read returns it ({@code 100.5} becomes
     * {@code 100.50}). Filter values and expression operands keep their own scale.
     */
    public Object coerceForAssignment(Object input) {
        Object v = type.coerce(input);
        if (v instanceof BigDecimal d && type.columnType().kind() == ColumnType.Kind.DECIMAL
                && d.scale() != type.columnType().scale()) {
            return d.setScale(type.columnType().scale(), RoundingMode.HALF_UP);
        }
        return v;
    }

    /**
     * Checks a value about to be written: not null unless nullable (or generated), then every
     * validator. Raises ValidationError naming the field and value.
     */
    public void validate(Object value) {
        if (value == null) {
            if (!nullable && !generated && !(primaryKey && hasDefault())) {
                throw new ValidationError(name + ": " + name + " is non nullable field, but null was passed");
            }
            return;
        }
        if (validators.isEmpty()) {
            return;
        }
        for (Validator v : validators) {
            try {
                v.validate(value);
            } catch (ValidationError e) {
                throw new ValidationError(name + ": " + e.getMessage());
            } catch (RuntimeException e) {
                throw new ValidationError(name + ": " + e.getMessage());
            }
        }
    }

    /** Whether the field has validators, which {@link #validate} runs on a non-null value. */
    public boolean hasValidators() {
        return !validators.isEmpty();
    }

    /** Runs the validators on a filter value (nulls are not validated). */
    public void validateFilterValue(Object value) {
        if (value == null) {
            return;
        }
        validate(value);
    }

    /** The bind for a value of this field's Java type. */
    public Bind bind(Object javaValue) {
        return new Bind(type.toDb(javaValue), type.bindClass(), type.columnType());
    }

    /** The bind for a value of this field's Java type, as a slot of {@code slots} (which keeps the value). */
    public Bind bind(dev.tortoise.sql.ast.BindSlots slots, Object javaValue) {
        return slots.add(type.toDb(javaValue), type.bindClass(), type.columnType());
    }

    @Override
    public String toString() {
        return (model == null ? "?" : model.name()) + "." + name;
    }
}
