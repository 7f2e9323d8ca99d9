package dev.tortoise.field;

import dev.tortoise.sql.ast.ColumnType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

final class DatetimeType extends FieldType {
    private final FieldContext ctx;

    DatetimeType(String field, Class<?> javaType, FieldContext ctx) {
        super(field, javaType);
        this.ctx = ctx;
    }

    @Override
    public String typeName() {
        return "DatetimeField";
    }

    @Override
    public String pythonType() {
        return "datetime.datetime";
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.of(ColumnType.Kind.TIMESTAMP_TZ);
    }

    @Override
    public Class<?> readClass() {
        return OffsetDateTime.class;
    }

    @Override
    protected boolean accepts(Class<?> boxed) {
        return boxed == OffsetDateTime.class || boxed == Instant.class || boxed == ZonedDateTime.class
                || boxed == LocalDateTime.class;
    }

    @Override
    protected String expectedJavaTypes() {
        return "OffsetDateTime, Instant, ZonedDateTime or LocalDateTime";
    }

    /** Now, at the microsecond precision the databases keep, in the field's Java type. */
    @Override
    public Object now() {
        return present(OffsetDateTime.now(ctx.presentationZone()).truncatedTo(ChronoUnit.MICROS));
    }

    private OffsetDateTime toOffset(Object input) {
        if (input instanceof OffsetDateTime o) {
            return o;
        }
        if (input instanceof Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (input instanceof ZonedDateTime z) {
            return z.toOffsetDateTime();
        }
        if (input instanceof LocalDateTime l) {
            // A naive datetime is taken to be in the configured zone (UTC under use_tz), as Tortoise does.
            return l.atZone(ctx.useTz() ? java.time.ZoneOffset.UTC : ctx.timezone()).toOffsetDateTime();
        }
        if (input instanceof Long || input instanceof Integer) {
            return Instant.ofEpochSecond(((Number) input).longValue()).atOffset(java.time.ZoneOffset.UTC);
        }
        if (input instanceof CharSequence s) {
            String text = s.toString().trim().replace(' ', 'T');
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return toOffset(LocalDateTime.parse(text));
                } catch (DateTimeParseException e2) {
                    throw invalid(input);
                }
            }
        }
        throw invalid(input);
    }

    private Object present(OffsetDateTime odt) {
        Class<?> t = javaType();
        java.time.ZoneId zone = ctx.presentationZone();
        if (t == OffsetDateTime.class) {
            // Already at the zone's fixed offset (now() under use_tz): the same value, without a conversion.
            return zone.equals(odt.getOffset()) ? odt : odt.atZoneSameInstant(zone).toOffsetDateTime();
        }
        if (t == Instant.class) {
            return odt.toInstant();
        }
        if (t == ZonedDateTime.class) {
            return odt.atZoneSameInstant(zone);
        }
        return odt.atZoneSameInstant(zone).toLocalDateTime();
    }

    @Override
    public Object coerce(Object input) {
        if (input == null || input.getClass() == javaType()) {
            return input;
        }
        OffsetDateTime odt = toOffset(input);
        inYearRange(odt.getYear(), input);
        return present(odt);
    }

    /**
     * The value as the driver binds it: the same instant at UTC, so that databases storing
     * the offset (H2) and those storing the instant (PostgreSQL) agree on date parts.
     */
    @Override
    public Object toDb(Object value) {
        return value == null ? null : toOffset(value).withOffsetSameInstant(java.time.ZoneOffset.UTC);
    }

    @Override
    public Object fromDb(Object dbValue) {
        if (dbValue == null) {
            return null;
        }
        return present(toOffset(dbValue));
    }

    @Override
    public boolean hasDate() {
        return true;
    }

    @Override
    public boolean hasTime() {
        return true;
    }
}
