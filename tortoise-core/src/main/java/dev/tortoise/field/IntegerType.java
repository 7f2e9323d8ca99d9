package dev.tortoise.field;

import dev.tortoise.exception.ValidationError;
import dev.tortoise.sql.ast.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;

final class IntegerType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed == Integer.class || boxed == Long.class || boxed == Short.class;
    }

    @Override
    protected String expectedJavaTypes() {
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

    /** A value already of the attribute's type is kept by {@link #fromDb}. */
    @Override
    public Class<?> fromDbUnchanged() {
        return javaType();
    }

    @Override
    public Object fromDb(Object dbValue) {
        if (dbValue == null || dbValue.getClass() == javaType()) {
            return dbValue;
        }
        return toJava(((Number) dbValue).longValue());
    }

    @Override
    public boolean isNumeric() {
        return true;
    }

    @Override
    public Class<?> sumType() {
        return Long.class;
    }
}
