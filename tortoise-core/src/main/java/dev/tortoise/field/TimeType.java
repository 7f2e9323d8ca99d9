package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

final class TimeType extends FieldType {
    TimeType(String field, Class<?> javaType) {
        super(field, javaType);
    }

    @Override
    public String typeName() {
        return "TimeField";
    }

    @Override
    public String pythonType() {
        return "datetime.time";
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.of(ColumnType.Kind.TIME);
    }

    @Override
    public Class<?> readClass() {
        return LocalTime.class;
    }

    @Override
    protected boolean accepts(Class<?> boxed) {
        return boxed == LocalTime.class;
    }

    @Override
    protected String expectedJavaTypes() {
        return "LocalTime";
    }

    /** Now, at microsecond precision. */
    @Override
    public Object now() {
        return LocalTime.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Object coerce(Object input) {
        if (input == null || input instanceof LocalTime) {
            return input;
        }
        if (input instanceof CharSequence s) {
            try {
                return LocalTime.parse(s.toString().trim());
            } catch (DateTimeParseException e) {
                throw invalid(input);
            }
        }
        throw invalid(input);
    }

    @Override
    public boolean hasTime() {
        return true;
    }
}
