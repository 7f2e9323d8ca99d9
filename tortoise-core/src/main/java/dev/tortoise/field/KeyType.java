package dev.tortoise.field;

import dev.tortoise.exception.ValidationError;
import dev.tortoise.sql.ast.ColumnType;
import java.util.List;

final class KeyType extends FieldType {
    final FieldType target;

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
    protected boolean accepts(Class<?> boxed) {
        return target.accepts(boxed);
    }

    @Override
    protected String expectedJavaTypes() {
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
    public Class<?> fromDbUnchanged() {
        return target.fromDbUnchanged();
    }

    @Override
    public Object fromDb(Object dbValue) {
        return target.fromDb(dbValue);
    }

    @Override
    public boolean isText() {
        return target.isText();
    }

    @Override
    public boolean isNumeric() {
        return target.isNumeric();
    }

    @Override
    public boolean isDecimal() {
        return target.isDecimal();
    }

    @Override
    public boolean hasDate() {
        return target.hasDate();
    }

    @Override
    public boolean hasTime() {
        return target.hasTime();
    }

    @Override
    public boolean supportsJson() {
        return target.supportsJson();
    }

    @Override
    public Class<?> sumType() {
        return target.sumType();
    }

    @Override
    public String indexHint() {
        return target.indexHint();
    }

    @Override
    public List<Validator> implicitValidators() {
        return target.implicitValidators();
    }
}
