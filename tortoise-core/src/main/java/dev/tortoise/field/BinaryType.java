package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.nio.ByteBuffer;

final class BinaryType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed == byte[].class;
    }

    @Override
    protected String expectedJavaTypes() {
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
