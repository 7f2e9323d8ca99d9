package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.util.Locale;

final class BooleanType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed == Boolean.class;
    }

    @Override
    protected String expectedJavaTypes() {
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

    @Override
    public Class<?> sumType() {
        return Long.class;
    }
}
