package dev.tortoise.field;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.sql.ast.ColumnType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

/**
 * The type of one model field: its neutral column type and the conversions between the
 * field's Java value, user input (filter values, dictionaries) and what the driver binds and returns.
 * One instance per field, built once at init.
 */
public abstract class FieldType {
    private final String fieldName;
    private final Class<?> javaType;

    protected FieldType(String fieldName, Class<?> javaType) {
        this.fieldName = fieldName;
        this.javaType = javaType;
    }

    /** The Tortoise name of the field class, as describe() reports it ({@code IntField}). */
    public abstract String typeName();

    /** The Python type name describe() reports, for compatibility with Tortoise's shape. */
    public abstract String pythonType();

    /** The neutral column type. */
    public abstract ColumnType columnType();

    /** The class to ask the driver for when reading this column. */
    public abstract Class<?> readClass();

    /** The class a bound value has (also used to bind a null). */
    public Class<?> bindClass() {
        return readClass();
    }

    /** The Java type of the model attribute (boxed). */
    public Class<?> javaType() {
        return javaType;
    }

    /** Whether the column may be unique or indexed. */
    public boolean indexable() {
        return true;
    }

    /** Whether the column may be used in filters. */
    public boolean filterable() {
        return true;
    }

    /** Whether this type may be database-generated (the integer family). */
    public boolean allowsGenerated() {
        return false;
    }

    /** Converts user input to the attribute's Java type; raises ValidationError naming the field and value. */
    public abstract Object coerce(Object input);

    /** Converts an attribute value (already of the Java type) to the value the driver binds. */
    public Object toDb(Object value) {
        return value;
    }

    /** Converts a value read from the driver (of {@link #readClass()}) to the attribute's Java type. */
    public Object fromDb(Object dbValue) {
        return dbValue;
    }

    /**
     * The class of driver values that {@link #fromDb} returns as they are, {@code Object.class} when it returns
     * every value as it is, or null when no such class is known. A row reader asks once per result shape and
     * then skips the call for each value of that class, so that the common column (an {@code Integer} read for
     * an {@code Integer} attribute) costs a class comparison instead of a call. By default: {@code Object.class}
     * when the type does not override {@code fromDb}, else null; a type that overrides both must keep them
     * consistent.
     */
    public Class<?> fromDbUnchanged() {
        try {
            return getClass().getMethod("fromDb", Object.class).getDeclaringClass() == FieldType.class
                    ? Object.class : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The current time in this field's Java type, for auto_now fields; only the date/time types have it. */
    public Object now() {
        throw new UnsupportedOperationException(typeName() + " has no notion of now");
    }

    /** Parses a default value given in text form in an annotation. */
    public Object parseDefault(String text) {
        return coerce(text);
    }

    /** The field's name, for messages. */
    protected String fieldName() {
        return fieldName;
    }

    protected ValidationError invalid(Object input) {
        return new ValidationError(fieldName + ": Value '" + shown(input) + "' is not a valid " + typeName()
                + " value");
    }

    /**
     * Refuses a year outside 1..9999 (Python's datetime range, which every database can store), so that
     * an out-of-range date is our ValidationError rather than the database's.
     */
    protected final void inYearRange(int year, Object input) {
        if (year < 1 || year > 9999) {
            throw new ValidationError(fieldName + ": Value '" + shown(input) + "' is out of range for "
                    + typeName() + " (years 1 to 9999)");
        }
    }

    /** The longest value a message quotes; longer input is cut, so that an error stays small and cheap. */
    private static final int SHOWN_LENGTH = 100;

    /**
     * A value as an error message quotes it: cut after {@value #SHOWN_LENGTH} characters, control characters
     * (NUL included) written as a backslash-u escape, so that a message never carries what a client cannot read.
     */
    public static String shown(Object input) {
        String text = String.valueOf(input);
        boolean cut = text.length() > SHOWN_LENGTH;
        if (cut) {
            text = text.substring(0, SHOWN_LENGTH);
        }
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return cut ? sb.append("...").toString() : sb.toString();
    }

    /**
     * Refuses a text value with a NUL character: PostgreSQL cannot store one in a text column, and the
     * rule is the same on every database so that an application behaves alike on each.
     */
    protected final String checkText(String text) {
        if (text.indexOf('\u0000') >= 0) {
            throw new ValidationError(fieldName + ": Value '" + shown(text) + "' contains a NUL character (\\u0000), "
                    + "which a text field can't hold");
        }
        return text;
    }

    /**
     * Builds the type for a field annotated with {@code annotation} whose Java type is {@code type}
     * (generic type {@code genericType}); raises ConfigurationError when the two do not fit.
     */
    public static FieldType of(String model, String field, Class<? extends Annotation> annotation,
                               Class<?> type, Type genericType, FieldContext ctx, int maxLength, int maxDigits,
                               int decimalPlaces) {
        return of(new FieldDeclaration(model, field, null, annotation, box(type), genericType, ctx, maxLength,
                maxDigits, decimalPlaces), type);
    }

    /**
     * Builds the type of a declared field with the factory of its annotation's kind (a built-in kind,
     * or the factory named by the annotation's {@code @TortoiseField}); raises ConfigurationError
     * when the annotation names no kind or the Java type {@code declared} does not fit.
     */
    public static FieldType of(FieldDeclaration declaration, Class<?> declared) {
        Class<? extends Annotation> annotation = declaration.annotationType();
        String where = declaration.where();
        String kind = annotation.getSimpleName();
        FieldType ft = factory(annotation, where).create(declaration);
        if (!ft.accepts(declaration.javaType())) {
            throw new ConfigurationError(where + ": @" + kind + " cannot hold a Java " + declared.getSimpleName()
                    + "; use " + ft.expectedJavaTypes());
        }
        return ft;
    }

    private static FieldTypeFactory factory(Class<? extends Annotation> annotation, String where) {
        FieldTypeFactory builtin = BuiltinFieldKinds.FACTORIES.get(annotation);
        if (builtin != null) {
            return builtin;
        }
        TortoiseField marker = annotation.getAnnotation(TortoiseField.class);
        if (marker == null || marker.factory() == FieldTypeFactory.class) {
            throw new ConfigurationError(where + ": unknown field annotation @" + annotation.getSimpleName());
        }
        try {
            return marker.factory().getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigurationError(where + ": can't create the field factory " + marker.factory().getName()
                    + " of @" + annotation.getSimpleName() + " (it needs a public no-argument constructor): " + e);
        }
    }

    /** Whether this type can be held in a Java attribute of the given (boxed) class. */
    protected abstract boolean accepts(Class<?> boxed);

    /** The Java types this field accepts, for the configuration error. */
    protected abstract String expectedJavaTypes();

    // ---------------------------------------------------------------- capabilities
    // What lookups, aggregates, validation and describe() may ask of a kind instead of its name.

    /** Whether values are plain strings stored as text (CharField, TextField): LIKE needs no cast. */
    public boolean isText() {
        return false;
    }

    /** Whether values are numbers (the integer kinds, FloatField, DecimalField): arithmetic and ranges apply. */
    public boolean isNumeric() {
        return false;
    }

    /** Whether values are exact decimals (DecimalField): sums and averages stay decimal. */
    public boolean isDecimal() {
        return false;
    }

    /** Whether values carry a calendar date (DatetimeField, DateField): year..day parts apply. */
    public boolean hasDate() {
        return false;
    }

    /** Whether values carry a clock time (DatetimeField, TimeField): hour..microsecond parts apply. */
    public boolean hasTime() {
        return false;
    }

    /** Whether values are dates, times or both. */
    public boolean isTemporal() {
        return hasDate() || hasTime();
    }

    /** Whether the column holds JSON: path, contains and contained_by lookups apply. */
    public boolean supportsJson() {
        return false;
    }

    /**
     * The Java type a SUM over this column yields when it is not the field's own (the integer kinds
     * and booleans sum to Long, floats to Double), or null when a sum keeps the field's type.
     */
    public Class<?> sumType() {
        return null;
    }

    /**
     * Whether {@code other} is a field of the same kind (both IntField, both CharField of any length),
     * relation keys counting as the kind they reference.
     */
    public boolean sameKind(FieldType other) {
        FieldType a = this instanceof KeyType k ? k.target : this;
        FieldType b = other instanceof KeyType k ? k.target : other;
        return a.getClass() == b.getClass() && a.columnType().kind() == b.columnType().kind();
    }

    /** Why the column can't be indexed beyond {@link #indexable()}'s no, as a hint to append to the error; or "". */
    public String indexHint() {
        return "";
    }

    /** The validators every field of this kind has (a CharField's max length), before the declared ones. */
    public List<Validator> implicitValidators() {
        return List.of();
    }

    /** The boxed class of a primitive, else the class itself. */
    public static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        }
        if (c == long.class) {
            return Long.class;
        }
        if (c == short.class) {
            return Short.class;
        }
        if (c == double.class) {
            return Double.class;
        }
        if (c == float.class) {
            return Float.class;
        }
        if (c == boolean.class) {
            return Boolean.class;
        }
        if (c == byte.class) {
            return Byte.class;
        }
        return c;
    }

    /**
     * The type of a relation's key column ({@code tournament_id}): the referenced field's type,
     * under the key field's name for messages.
     */
    public static FieldType keyOf(String keyFieldName, FieldType referenced) {
        FieldType base = referenced instanceof KeyType k ? k.target : referenced;
        return new KeyType(keyFieldName, base);
    }
}
