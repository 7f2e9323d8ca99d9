package dev.tortoise.sql.dialect;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Values as standard SQL literals, for SQL shown to people ({@code sql(paramsInline)}), never for
 * SQL that runs: strings in single quotes with embedded quotes doubled, numbers in plain notation,
 * date and time values as typed literals ({@code TIMESTAMP WITH TIME ZONE '...'}).
 */
public final class SqlLiterals {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIMESTAMP_TZ = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME_TZ = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSxxx");

    private SqlLiterals() {
    }

    /** The standard literal of a value; arrays become {@code ARRAY[...]} of their elements' literals. */
    public static String standard(Object value) {
        if (value != null && value.getClass().isArray() && !(value instanceof byte[])) {
            StringBuilder sb = new StringBuilder("ARRAY[");
            for (int i = 0; i < Array.getLength(value); i++) {
                sb.append(i > 0 ? "," : "").append(standard(Array.get(value, i)));
            }
            return sb.append(']').toString();
        }
        return scalar(value, SqlLiterals::string);
    }

    /** A non-array value's literal; {@code text} writes what has no literal form of its own as a string. */
    static String scalar(Object value, Function<String, String> text) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? value.toString() : "CAST(" + string(value.toString()) + " AS DOUBLE PRECISION)";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return "X'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
        }
        String typed = temporal(value);
        return typed != null ? typed : text.apply(value.toString());
    }

    private static String temporal(Object value) {
        if (value instanceof OffsetDateTime t) {
            return "TIMESTAMP WITH TIME ZONE " + string(TIMESTAMP_TZ.format(t));
        }
        if (value instanceof ZonedDateTime t) {
            return temporal(t.toOffsetDateTime());
        }
        if (value instanceof Instant t) {
            return temporal(t.atOffset(ZoneOffset.UTC));
        }
        if (value instanceof LocalDateTime t) {
            return "TIMESTAMP " + string(TIMESTAMP.format(t));
        }
        if (value instanceof LocalDate t) {
            return "DATE " + string(t.toString());
        }
        if (value instanceof LocalTime t) {
            return "TIME " + string(TIME.format(t));
        }
        if (value instanceof OffsetTime t) {
            return "TIME WITH TIME ZONE " + string(TIME_TZ.format(t));
        }
        return null;
    }

    /** A string literal: single quotes, embedded single quotes doubled (backslashes are plain characters). */
    public static String string(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
