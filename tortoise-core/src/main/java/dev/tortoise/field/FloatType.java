package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;

final class FloatType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed == Double.class || boxed == Float.class;
    }

    @Override
    protected String expectedJavaTypes() {
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

    /** A value already of the attribute's type is kept by {@link #fromDb} (it would only be boxed anew). */
    @Override
    public Class<?> fromDbUnchanged() {
        return javaType();
    }

    @Override
    public Object fromDb(Object dbValue) {
        if (dbValue == null || dbValue.getClass() == javaType()) {
            return dbValue;
        }
        double d = ((Number) dbValue).doubleValue();
        return javaType() == Float.class ? (Object) (float) d : (Object) d;
    }

    @Override
    public boolean isNumeric() {
        return true;
    }

    @Override
    public Class<?> sumType() {
        return Double.class;
    }
}
