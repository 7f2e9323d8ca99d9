package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.exception.ValidationError;
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

    @Override
    public boolean isNumeric() {
        return true;
    }

    @Override
    public boolean isDecimal() {
        return true;
    }
}
