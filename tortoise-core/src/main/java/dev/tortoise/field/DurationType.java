package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

final class DurationType extends FieldType {
    DurationType(String field, Class<?> javaType) {
        super(field, javaType);
    }

    @Override
    public String typeName() {
        return "TimeDeltaField";
    }

    @Override
    public String pythonType() {
        return "datetime.timedelta";
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.of(ColumnType.Kind.BIGINT);
    }

    @Override
    public Class<?> readClass() {
        return Long.class;
    }

    @Override
    protected boolean accepts(Class<?> boxed) {
        return boxed == Duration.class;
    }

    @Override
    protected String expectedJavaTypes() {
        return "Duration";
    }

    @Override
    public Object coerce(Object input) {
        if (input == null || input instanceof Duration) {
            return input;
        }
        if (input instanceof Long || input instanceof Integer) {
            return Duration.of(((Number) input).longValue(), ChronoUnit.MICROS);
        }
        if (input instanceof CharSequence s) {
            try {
                return Duration.parse(s.toString().trim());
            } catch (DateTimeParseException e) {
                throw invalid(input);
            }
        }
        throw invalid(input);
    }

    @Override
    public Object toDb(Object value) {
        if (value == null) {
            return null;
        }
        Duration d = (Duration) value;
        return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
    }

    @Override
    public Object fromDb(Object dbValue) {
        return dbValue == null ? null : Duration.of(((Number) dbValue).longValue(), ChronoUnit.MICROS);
    }
}
