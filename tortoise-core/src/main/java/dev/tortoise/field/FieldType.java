package dev.tortoise.field;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.sql.ast.ColumnType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * The type of one model field: its neutral column type and the conversions between the
 * field's Java value, user input (filter values, dictionaries) and what the driver binds and returns.
 * One instance per field, built once at init.
 */
public abstract class FieldType {
    private final String fieldName;
    private final Class<?> javaType;

    FieldType(String fieldName, Class<?> javaType) {
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

    /** Whether the column holds text, so that text-only lookups ({@code search}, regular expressions) apply. */
    public boolean textual() {
        return false;
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
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
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

    // ---------------------------------------------------------------- factories

    /**
     * Builds the type for a field annotated with {@code annotation} whose Java type is {@code type}
     * (generic type {@code genericType}); raises ConfigurationError when the two do not fit.
     */
    public static FieldType of(String model, String field, Class<? extends java.lang.annotation.Annotation> annotation,
                               Class<?> type, Type genericType, FieldContext ctx, int maxLength, int maxDigits,
                               int decimalPlaces) {
        Class<?> boxed = box(type);
        String where = model + "." + field;
        String kind = annotation.getSimpleName();
        FieldType ft = switch (kind) {
            case "IntField" -> new IntegerType(field, boxed, "IntField", ColumnType.Kind.INT, Integer.class,
                    Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "BigIntField" -> new IntegerType(field, boxed, "BigIntField", ColumnType.Kind.BIGINT, Long.class,
                    Long.MIN_VALUE, Long.MAX_VALUE);
            case "SmallIntField" -> new IntegerType(field, boxed, "SmallIntField", ColumnType.Kind.SMALLINT,
                    Short.class, Short.MIN_VALUE, Short.MAX_VALUE);
            case "FloatField" -> new FloatType(field, boxed);
            case "DecimalField" -> {
                if (maxDigits < 1) {
                    throw new ConfigurationError(where + ": DecimalField needs maxDigits >= 1");
                }
                if (decimalPlaces < 0) {
                    throw new ConfigurationError(where + ": DecimalField needs decimalPlaces >= 0");
                }
                yield new DecimalType(field, boxed, maxDigits, decimalPlaces);
            }
            case "BooleanField" -> new BooleanType(field, boxed);
            case "CharField" -> {
                if (maxLength < 1) {
                    throw new ConfigurationError(where + ": CharField needs 'maxLength' >= 1");
                }
                yield new StringType(field, boxed, "CharField", ColumnType.varchar(maxLength));
            }
            case "TextField" -> new StringType(field, boxed, "TextField", ColumnType.of(ColumnType.Kind.TEXT));
            case "UUIDField" -> new UuidType(field, boxed);
            case "DatetimeField" -> new DatetimeType(field, boxed, ctx);
            case "DateField" -> new DateType(field, boxed);
            case "TimeField" -> new TimeType(field, boxed);
            case "TimeDeltaField" -> new DurationType(field, boxed);
            case "JSONField" -> new JsonType(field, boxed, ctx, genericType);
            case "BinaryField" -> new BinaryType(field, boxed);
            case "CharEnumField" -> new CharEnumType(field, boxed, where, maxLength);
            case "IntEnumField" -> new IntEnumType(field, boxed, where);
            default -> throw new ConfigurationError(where + ": unknown field annotation @" + kind);
        };
        if (!ft.accepts(boxed)) {
            throw new ConfigurationError(where + ": @" + kind + " cannot hold a Java " + type.getSimpleName()
                    + "; use " + ft.expectedJavaTypes());
        }
        return ft;
    }

    /** Whether this type can be held in a Java attribute of the given (boxed) class. */
    abstract boolean accepts(Class<?> boxed);

    /** The Java types this field accepts, for the configuration error. */
    abstract String expectedJavaTypes();

    static Class<?> box(Class<?> c) {
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

    static final class KeyType extends FieldType {
        private final FieldType target;

        KeyType(String field, FieldType target) {
            super(field, target.javaType());
            this.target = target;
        }

        @Override
        public String typeName() {
            return target.typeName();
        }

        @Override
        public String pythonType() {
            return target.pythonType();
        }

        @Override
        public ColumnType columnType() {
            return target.columnType();
        }

        @Override
        public Class<?> readClass() {
            return target.readClass();
        }

        @Override
        public Class<?> bindClass() {
            return target.bindClass();
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return target.accepts(boxed);
        }

        @Override
        String expectedJavaTypes() {
            return target.expectedJavaTypes();
        }

        @Override
        public Object coerce(Object input) {
            try {
                return target.coerce(input);
            } catch (ValidationError e) {
                throw invalid(input);
            }
        }

        @Override
        public Object toDb(Object value) {
            return target.toDb(value);
        }

        @Override
        public Object fromDb(Object dbValue) {
            return target.fromDb(dbValue);
        }
    }

    // ---------------------------------------------------------------- integers

    static final class IntegerType extends FieldType {
        private final String name;
        private final ColumnType.Kind kind;
        private final Class<?> dbClass;
        private final long min;
        private final long max;

        IntegerType(String field, Class<?> javaType, String name, ColumnType.Kind kind, Class<?> dbClass, long min,
                    long max) {
            super(field, javaType);
            this.name = name;
            this.kind = kind;
            this.dbClass = dbClass;
            this.min = min;
            this.max = max;
        }

        @Override
        public String typeName() {
            return name;
        }

        @Override
        public String pythonType() {
            return "int";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(kind);
        }

        @Override
        public Class<?> readClass() {
            return dbClass;
        }

        @Override
        public boolean allowsGenerated() {
            return true;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == Integer.class || boxed == Long.class || boxed == Short.class;
        }

        @Override
        String expectedJavaTypes() {
            return "Integer, Long or Short";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null) {
                return null;
            }
            long v;
            if (input instanceof Integer || input instanceof Long || input instanceof Short || input instanceof Byte) {
                v = ((Number) input).longValue();
            } else if (input instanceof BigInteger || input instanceof BigDecimal || input instanceof Double
                    || input instanceof Float) {
                Number n = (Number) input;
                try {
                    // a double may be NaN or infinite, which no BigDecimal holds
                    v = new BigDecimal(n.toString()).longValueExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    throw invalid(input);
                }
            } else if (input instanceof CharSequence s) {
                try {
                    v = Long.parseLong(s.toString().trim());
                } catch (NumberFormatException e) {
                    throw invalid(input);
                }
            } else if (input instanceof IntValuedEnum e) {
                v = e.value();
            } else {
                throw invalid(input);
            }
            if (v < min || v > max) {
                throw new ValidationError(fieldName() + ": Value " + v + " is out of range for " + name + " ["
                        + min + ", " + max + "]");
            }
            return toJava(v);
        }

        private Object toJava(long v) {
            Class<?> t = javaType();
            if (t == Integer.class) {
                return (int) v;
            }
            if (t == Long.class) {
                return v;
            }
            return (short) v;
        }

        @Override
        public Object toDb(Object value) {
            if (value == null) {
                return null;
            }
            long v = ((Number) value).longValue();
            if (dbClass == Integer.class) {
                return (int) v;
            }
            if (dbClass == Long.class) {
                return v;
            }
            return (short) v;
        }

        @Override
        public Object fromDb(Object dbValue) {
            if (dbValue == null || dbValue.getClass() == javaType()) {
                return dbValue;
            }
            return toJava(((Number) dbValue).longValue());
        }
    }

    static final class FloatType extends FieldType {
        FloatType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "FloatField";
        }

        @Override
        public String pythonType() {
            return "float";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.DOUBLE);
        }

        @Override
        public Class<?> readClass() {
            return Double.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == Double.class || boxed == Float.class;
        }

        @Override
        String expectedJavaTypes() {
            return "Double or Float";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null) {
                return null;
            }
            double d;
            if (input instanceof Number n) {
                d = n.doubleValue();
            } else if (input instanceof CharSequence s) {
                try {
                    d = Double.parseDouble(s.toString().trim());
                } catch (NumberFormatException e) {
                    throw invalid(input);
                }
            } else {
                throw invalid(input);
            }
            return javaType() == Float.class ? (Object) (float) d : (Object) d;
        }

        @Override
        public Object toDb(Object value) {
            return value == null ? null : ((Number) value).doubleValue();
        }

        @Override
        public Object fromDb(Object dbValue) {
            if (dbValue == null) {
                return null;
            }
            double d = ((Number) dbValue).doubleValue();
            return javaType() == Float.class ? (Object) (float) d : (Object) d;
        }
    }

    static final class DecimalType extends FieldType {
        private final int digits;
        private final int places;

        DecimalType(String field, Class<?> javaType, int digits, int places) {
            super(field, javaType);
            this.digits = digits;
            this.places = places;
        }

        @Override
        public String typeName() {
            return "DecimalField";
        }

        @Override
        public String pythonType() {
            return "decimal.Decimal";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.decimal(digits, places);
        }

        @Override
        public Class<?> readClass() {
            return BigDecimal.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == BigDecimal.class;
        }

        @Override
        String expectedJavaTypes() {
            return "BigDecimal";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null) {
                return null;
            }
            BigDecimal value;
            if (input instanceof BigDecimal b) {
                value = b;
            } else if (input instanceof Number || input instanceof CharSequence) {
                try {
                    value = new BigDecimal(input.toString().trim());
                } catch (NumberFormatException e) {
                    throw invalid(input);
                }
            } else {
                throw invalid(input);
            }
            return fit(value, input);
        }

        /** More decimal places than this are rounded to the column's: no database compares them, PostgreSQL refuses them. */
        private static final int MAX_SCALE = 1000;

        /**
         * The value checked against the column: more integer digits than {@code max_digits - decimal_places}
         * is out of range (our error, not the database's overflow); an exponent ({@code 1e5}, a negative scale,
         * which H2 cannot bind) is written out. Extra places are kept (a filter compares exactly; the database
         * rounds on write), unless there are absurdly many.
         */
        private BigDecimal fit(BigDecimal value, Object input) {
            BigDecimal out = value;
            if (value.scale() > MAX_SCALE) {
                // below one unit of the last place rounds to zero, without dividing by a huge power of ten
                out = (long) value.scale() - value.precision() > places + 1L ? BigDecimal.ZERO.setScale(places)
                        : value.setScale(places, java.math.RoundingMode.HALF_EVEN);
            }
            if (out.signum() != 0 && (long) out.precision() - out.scale() > digits - places) {
                throw new ValidationError(fieldName() + ": Value '" + shown(input) + "' is out of range for "
                        + "DecimalField(max_digits=" + digits + ", decimal_places=" + places + ")");
            }
            return out.scale() < 0 ? out.setScale(0) : out;
        }
    }

    static final class BooleanType extends FieldType {
        BooleanType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "BooleanField";
        }

        @Override
        public String pythonType() {
            return "bool";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.BOOLEAN);
        }

        @Override
        public Class<?> readClass() {
            return Boolean.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == Boolean.class;
        }

        @Override
        String expectedJavaTypes() {
            return "Boolean";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input instanceof Boolean) {
                return input;
            }
            if (input instanceof CharSequence s) {
                switch (s.toString().trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on", "t" -> {
                        return true;
                    }
                    case "false", "0", "no", "off", "f" -> {
                        return false;
                    }
                    default -> throw invalid(input);
                }
            }
            if (input instanceof Number n && (n.intValue() == 0 || n.intValue() == 1)) {
                return n.intValue() == 1;
            }
            throw invalid(input);
        }
    }

    static final class StringType extends FieldType {
        private final String name;
        private final ColumnType columnType;

        StringType(String field, Class<?> javaType, String name, ColumnType columnType) {
            super(field, javaType);
            this.name = name;
            this.columnType = columnType;
        }

        @Override
        public String typeName() {
            return name;
        }

        @Override
        public String pythonType() {
            return "str";
        }

        @Override
        public ColumnType columnType() {
            return columnType;
        }

        @Override
        public Class<?> readClass() {
            return String.class;
        }

        @Override
        public boolean indexable() {
            return columnType.kind() != ColumnType.Kind.TEXT;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == String.class;
        }

        @Override
        String expectedJavaTypes() {
            return "String";
        }

        @Override
        public boolean textual() {
            return true;
        }

        @Override
        public Object coerce(Object input) {
            if (input == null) {
                return null;
            }
            if (input instanceof String s) {
                return checkText(s);
            }
            if (input instanceof CharSequence || input instanceof Number || input instanceof UUID
                    || input instanceof Boolean || input instanceof Character) {
                return checkText(input.toString());
            }
            if (input instanceof StringValuedEnum e) {
                return e.value();
            }
            if (input instanceof Enum<?> e) {
                return e.name();
            }
            throw invalid(input);
        }
    }

    static final class UuidType extends FieldType {
        UuidType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "UUIDField";
        }

        @Override
        public String pythonType() {
            return "uuid.UUID";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.UUID);
        }

        @Override
        public Class<?> readClass() {
            return UUID.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == UUID.class;
        }

        @Override
        String expectedJavaTypes() {
            return "UUID";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input instanceof UUID) {
                return input;
            }
            if (input instanceof CharSequence s) {
                try {
                    return UUID.fromString(s.toString().trim());
                } catch (IllegalArgumentException e) {
                    throw invalid(input);
                }
            }
            throw invalid(input);
        }
    }

    static final class DatetimeType extends FieldType {
        private final FieldContext ctx;

        DatetimeType(String field, Class<?> javaType, FieldContext ctx) {
            super(field, javaType);
            this.ctx = ctx;
        }

        @Override
        public String typeName() {
            return "DatetimeField";
        }

        @Override
        public String pythonType() {
            return "datetime.datetime";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.TIMESTAMP_TZ);
        }

        @Override
        public Class<?> readClass() {
            return OffsetDateTime.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == OffsetDateTime.class || boxed == Instant.class || boxed == ZonedDateTime.class
                    || boxed == LocalDateTime.class;
        }

        @Override
        String expectedJavaTypes() {
            return "OffsetDateTime, Instant, ZonedDateTime or LocalDateTime";
        }

        /** Now, at the microsecond precision the databases keep, in the field's Java type. */
        @Override
        public Object now() {
            return present(OffsetDateTime.now(ctx.presentationZone()).truncatedTo(ChronoUnit.MICROS));
        }

        private OffsetDateTime toOffset(Object input) {
            if (input instanceof OffsetDateTime o) {
                return o;
            }
            if (input instanceof Instant i) {
                return i.atOffset(java.time.ZoneOffset.UTC);
            }
            if (input instanceof ZonedDateTime z) {
                return z.toOffsetDateTime();
            }
            if (input instanceof LocalDateTime l) {
                // A naive datetime is taken to be in the configured zone (UTC under use_tz), as Tortoise does.
                return l.atZone(ctx.useTz() ? java.time.ZoneOffset.UTC : ctx.timezone()).toOffsetDateTime();
            }
            if (input instanceof Long || input instanceof Integer) {
                return Instant.ofEpochSecond(((Number) input).longValue()).atOffset(java.time.ZoneOffset.UTC);
            }
            if (input instanceof CharSequence s) {
                String text = s.toString().trim().replace(' ', 'T');
                try {
                    return OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    try {
                        return toOffset(LocalDateTime.parse(text));
                    } catch (DateTimeParseException e2) {
                        throw invalid(input);
                    }
                }
            }
            throw invalid(input);
        }

        private Object present(OffsetDateTime odt) {
            Class<?> t = javaType();
            java.time.ZoneId zone = ctx.presentationZone();
            if (t == OffsetDateTime.class) {
                // Already at the zone's fixed offset (now() under use_tz): the same value, without a conversion.
                return zone.equals(odt.getOffset()) ? odt : odt.atZoneSameInstant(zone).toOffsetDateTime();
            }
            if (t == Instant.class) {
                return odt.toInstant();
            }
            if (t == ZonedDateTime.class) {
                return odt.atZoneSameInstant(zone);
            }
            return odt.atZoneSameInstant(zone).toLocalDateTime();
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input.getClass() == javaType()) {
                return input;
            }
            OffsetDateTime odt = toOffset(input);
            inYearRange(odt.getYear(), input);
            return present(odt);
        }

        /**
         * The value as the driver binds it: the same instant at UTC, so that databases storing
         * the offset (H2) and those storing the instant (PostgreSQL) agree on date parts.
         */
        @Override
        public Object toDb(Object value) {
            return value == null ? null : toOffset(value).withOffsetSameInstant(java.time.ZoneOffset.UTC);
        }

        @Override
        public Object fromDb(Object dbValue) {
            if (dbValue == null) {
                return null;
            }
            return present(toOffset(dbValue));
        }
    }

    static final class DateType extends FieldType {
        DateType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "DateField";
        }

        @Override
        public String pythonType() {
            return "datetime.date";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.DATE);
        }

        @Override
        public Class<?> readClass() {
            return LocalDate.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == LocalDate.class;
        }

        @Override
        String expectedJavaTypes() {
            return "LocalDate";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input instanceof LocalDate) {
                return input;
            }
            if (input instanceof LocalDateTime l) {
                return l.toLocalDate();
            }
            if (input instanceof OffsetDateTime o) {
                return o.toLocalDate();
            }
            if (input instanceof CharSequence s) {
                LocalDate date;
                try {
                    date = LocalDate.parse(s.toString().trim());
                } catch (DateTimeParseException e) {
                    throw invalid(input);
                }
                inYearRange(date.getYear(), input);
                return date;
            }
            throw invalid(input);
        }
    }

    static final class TimeType extends FieldType {
        TimeType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "TimeField";
        }

        @Override
        public String pythonType() {
            return "datetime.time";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.TIME);
        }

        @Override
        public Class<?> readClass() {
            return LocalTime.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == LocalTime.class;
        }

        @Override
        String expectedJavaTypes() {
            return "LocalTime";
        }

        /** Now, at microsecond precision. */
        @Override
        public Object now() {
            return LocalTime.now().truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input instanceof LocalTime) {
                return input;
            }
            if (input instanceof CharSequence s) {
                try {
                    return LocalTime.parse(s.toString().trim());
                } catch (DateTimeParseException e) {
                    throw invalid(input);
                }
            }
            throw invalid(input);
        }
    }

    static final class DurationType extends FieldType {
        DurationType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "TimeDeltaField";
        }

        @Override
        public String pythonType() {
            return "datetime.timedelta";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.BIGINT);
        }

        @Override
        public Class<?> readClass() {
            return Long.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == Duration.class;
        }

        @Override
        String expectedJavaTypes() {
            return "Duration";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input instanceof Duration) {
                return input;
            }
            if (input instanceof Long || input instanceof Integer) {
                return Duration.of(((Number) input).longValue(), ChronoUnit.MICROS);
            }
            if (input instanceof CharSequence s) {
                try {
                    return Duration.parse(s.toString().trim());
                } catch (DateTimeParseException e) {
                    throw invalid(input);
                }
            }
            throw invalid(input);
        }

        @Override
        public Object toDb(Object value) {
            if (value == null) {
                return null;
            }
            Duration d = (Duration) value;
            return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
        }

        @Override
        public Object fromDb(Object dbValue) {
            return dbValue == null ? null : Duration.of(((Number) dbValue).longValue(), ChronoUnit.MICROS);
        }
    }

    static final class JsonType extends FieldType {
        private final FieldContext ctx;
        private final JavaType jacksonType;

        JsonType(String field, Class<?> javaType, FieldContext ctx, Type genericType) {
            super(field, javaType);
            this.ctx = ctx;
            this.jacksonType = ctx.jsonMapper().constructType(genericType);
        }

        @Override
        public String typeName() {
            return "JSONField";
        }

        @Override
        public String pythonType() {
            return "Union[dict, list]";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.JSON);
        }

        @Override
        public Class<?> readClass() {
            return String.class;
        }

        @Override
        public boolean indexable() {
            return false;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return !boxed.isPrimitive();
        }

        @Override
        String expectedJavaTypes() {
            return "a reference type";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null) {
                return null;
            }
            if (input instanceof CharSequence s && javaType() != String.class) {
                try {
                    return ctx.jsonMapper().readValue(s.toString(), jacksonType);
                } catch (JacksonException e) {
                    throw new FieldError("Value " + input + " is invalid json value.");
                }
            }
            if (javaType().isInstance(input)) {
                return input;
            }
            try {
                return ctx.jsonMapper().convertValue(input, jacksonType);
            } catch (IllegalArgumentException | JacksonException e) {
                throw invalid(input);
            }
        }

        /** The JSON text of a value (for binds and for JSON lookups). */
        public String toJson(Object value) {
            return ctx.jsonMapper().writeValueAsString(value);
        }

        @Override
        public Object toDb(Object value) {
            return value == null ? null : toJson(value);
        }

        @Override
        public Object fromDb(Object dbValue) {
            if (dbValue == null) {
                return null;
            }
            return ctx.jsonMapper().readValue(dbValue.toString(), jacksonType);
        }

        @Override
        public Object parseDefault(String text) {
            return ctx.jsonMapper().readValue(text, jacksonType);
        }
    }

    static final class BinaryType extends FieldType {
        BinaryType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "BinaryField";
        }

        @Override
        public String pythonType() {
            return "bytes";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.BINARY);
        }

        @Override
        public Class<?> readClass() {
            return byte[].class;
        }

        @Override
        public boolean indexable() {
            return false;
        }

        @Override
        public boolean filterable() {
            return false;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed == byte[].class;
        }

        @Override
        String expectedJavaTypes() {
            return "byte[]";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || input instanceof byte[]) {
                return input;
            }
            if (input instanceof ByteBuffer b) {
                byte[] out = new byte[b.remaining()];
                b.duplicate().get(out);
                return out;
            }
            throw invalid(input);
        }


        @Override
        public Object fromDb(Object dbValue) {
            return coerce(dbValue);
        }
    }

    static final class CharEnumType extends FieldType {
        private final int length;

        CharEnumType(String field, Class<?> javaType, String where, int maxLength) {
            super(field, javaType);
            if (!javaType.isEnum()) {
                throw new ConfigurationError(where + ": @CharEnumField needs an enum type, not " + javaType.getName());
            }
            int longest = 0;
            for (Object c : javaType.getEnumConstants()) {
                longest = Math.max(longest, valueOf(c).length());
            }
            this.length = maxLength > 0 ? maxLength : Math.max(longest, 1);
        }

        private static String valueOf(Object constant) {
            return constant instanceof StringValuedEnum s ? s.value() : ((Enum<?>) constant).name();
        }

        @Override
        public String typeName() {
            return "CharEnumFieldInstance";
        }

        @Override
        public boolean textual() {
            return true;
        }

        @Override
        public String pythonType() {
            return getClass().getSimpleName();
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.varchar(length);
        }

        @Override
        public Class<?> readClass() {
            return String.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed.isEnum();
        }

        @Override
        String expectedJavaTypes() {
            return "an enum";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || javaType().isInstance(input)) {
                return input;
            }
            if (input instanceof CharSequence s) {
                String text = s.toString();
                for (Object c : javaType().getEnumConstants()) {
                    if (valueOf(c).equals(text)) {
                        return c;
                    }
                }
                for (Object c : javaType().getEnumConstants()) {
                    if (((Enum<?>) c).name().equals(text)) {
                        return c;
                    }
                }
            }
            throw invalid(input);
        }

        @Override
        public Object toDb(Object value) {
            return value == null ? null : valueOf(value);
        }

        @Override
        public Object fromDb(Object dbValue) {
            return coerce(dbValue);
        }
    }

    static final class IntEnumType extends FieldType {
        IntEnumType(String field, Class<?> javaType, String where) {
            super(field, javaType);
            if (!javaType.isEnum() || !IntValuedEnum.class.isAssignableFrom(javaType)) {
                throw new ConfigurationError(where + ": @IntEnumField needs an enum implementing "
                        + "dev.tortoise.field.IntValuedEnum, not " + javaType.getName());
            }
            for (Object c : javaType.getEnumConstants()) {
                int v = ((IntValuedEnum) c).value();
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw new ConfigurationError(where + ": the value of " + c + " (" + v
                            + ") is outside the SMALLINT range -32768..32767");
                }
            }
        }

        @Override
        public String typeName() {
            return "IntEnumFieldInstance";
        }

        @Override
        public String pythonType() {
            return javaType().getSimpleName();
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.SMALLINT);
        }

        @Override
        public Class<?> readClass() {
            return Short.class;
        }

        @Override
        boolean accepts(Class<?> boxed) {
            return boxed.isEnum();
        }

        @Override
        String expectedJavaTypes() {
            return "an enum implementing IntValuedEnum";
        }

        @Override
        public Object coerce(Object input) {
            if (input == null || javaType().isInstance(input)) {
                return input;
            }
            Integer v = null;
            if (input instanceof Number n) {
                v = n.intValue();
            } else if (input instanceof CharSequence s) {
                try {
                    v = Integer.parseInt(s.toString().trim());
                } catch (NumberFormatException e) {
                    for (Object c : javaType().getEnumConstants()) {
                        if (((Enum<?>) c).name().equals(s.toString())) {
                            return c;
                        }
                    }
                }
            }
            if (v != null) {
                for (Object c : javaType().getEnumConstants()) {
                    if (((IntValuedEnum) c).value() == v) {
                        return c;
                    }
                }
            }
            throw invalid(input);
        }

        @Override
        public Object toDb(Object value) {
            return value == null ? null : (short) ((IntValuedEnum) value).value();
        }

        @Override
        public Object fromDb(Object dbValue) {
            return coerce(dbValue);
        }
    }
}
