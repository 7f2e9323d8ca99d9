package dev.tortoise.field;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.sql.ast.ColumnType;

final class IntEnumType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed.isEnum();
    }

    @Override
    protected String expectedJavaTypes() {
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

    @Override
    public Class<?> sumType() {
        return Long.class;
    }
}
