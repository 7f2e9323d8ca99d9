package dev.tortoise.field;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.sql.ast.ColumnType;

final class CharEnumType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed.isEnum();
    }

    @Override
    protected String expectedJavaTypes() {
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

    @Override
    public boolean isText() {
        return true;
    }
}
