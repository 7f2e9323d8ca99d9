package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.math.BigDecimal;

final class DecimalType extends FieldType {
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
    protected boolean accepts(Class<?> boxed) {
        return boxed == BigDecimal.class;
    }

    @Override
    protected String expectedJavaTypes() {
        return "BigDecimal";
    }

    @Override
    public Object coerce(Object input) {
        if (input == null || input instanceof BigDecimal) {
            return input;
        }
        try {
            if (input instanceof Number || input instanceof CharSequence) {
                return new BigDecimal(input.toString().trim());
            }
        } catch (NumberFormatException e) {
            throw invalid(input);
        }
        throw invalid(input);
    }

    @Override
    public boolean isNumeric() {
        return true;
    }

    @Override
    public boolean isDecimal() {
        return true;
    }
}
