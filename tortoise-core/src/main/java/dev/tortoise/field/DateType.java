package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

final class DateType extends FieldType {
    DateType(String field, Class<?> javaType) {
        super(field, javaType);
    }

    @Override
    public String typeName() {
        return "DateField";
    }

    @Override
    public String pythonType() {
        return "datetime.date";
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.of(ColumnType.Kind.DATE);
    }

    @Override
    public Class<?> readClass() {
        return LocalDate.class;
    }

    @Override
    protected boolean accepts(Class<?> boxed) {
        return boxed == LocalDate.class;
    }

    @Override
    protected String expectedJavaTypes() {
        return "LocalDate";
    }

    @Override
    public Object coerce(Object input) {
        if (input == null || input instanceof LocalDate) {
            return input;
        }
        if (input instanceof LocalDateTime l) {
            return l.toLocalDate();
        }
        if (input instanceof OffsetDateTime o) {
            return o.toLocalDate();
        }
        if (input instanceof CharSequence s) {
            LocalDate date;
            try {
                date = LocalDate.parse(s.toString().trim());
            } catch (DateTimeParseException e) {
                throw invalid(input);
            }
            inYearRange(date.getYear(), input);
            return date;
        }
        throw invalid(input);
    }

    @Override
    public boolean hasDate() {
        return true;
    }
}
