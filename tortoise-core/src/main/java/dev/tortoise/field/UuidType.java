package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.util.UUID;

final class UuidType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed == UUID.class;
    }

    @Override
    protected String expectedJavaTypes() {
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
