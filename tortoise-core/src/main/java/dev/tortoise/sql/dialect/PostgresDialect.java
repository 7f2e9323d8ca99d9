package dev.tortoise.sql.dialect;

import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** PostgreSQL: {@code $n} markers, RETURNING, ON CONFLICT, jsonb, arrays for IN lists. */
final class PostgresDialect implements Dialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final Set<Class<?>> ARRAY_ELEMENTS = Set.of(
            Short.class, Integer.class, Long.class, String.class, UUID.class, Double.class, Boolean.class,
            BigDecimal.class);

    /**
     * Element types r2dbc-postgresql 1.1.1 binds as arrays correctly, nulls included (checked against
     * PostgreSQL 15, text and binary): the IN-list types plus the temporal ones. Not byte[]: a
     * {@code byte[][]} reaches the server as the text of its hex, so bytea columns keep VALUES.
     */
    private static final Set<Class<?>> ROW_ARRAY_ELEMENTS = Set.of(
            Short.class, Integer.class, Long.class, String.class, UUID.class, Double.class, Boolean.class,
            BigDecimal.class, OffsetDateTime.class, LocalDateTime.class, LocalDate.class, LocalTime.class);

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String bindMarker(int index) {
        return "$" + (index + 1);
    }

    @Override
    public String nativeTypeName(ColumnType t) {
        return switch (t.kind()) {
            case BOOLEAN -> "BOOL";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ";
            case JSON -> "JSONB";
            case BINARY -> "BYTEA";
            default -> null;
        };
    }

    @Override
    public String generatedKeyDefinition(ColumnType t) {
        return switch (t.kind()) {
            case SMALLINT -> "SMALLSERIAL NOT NULL PRIMARY KEY";
            case BIGINT -> "BIGSERIAL NOT NULL PRIMARY KEY";
            default -> "SERIAL NOT NULL PRIMARY KEY";
        };
    }

    @Override
    public String extractTemplate(DatePart part) {
        return switch (part) {
            // EXTRACT(MICROSECONDS) counts the seconds too; keep only the fraction, as Python's .microsecond.
            case MICROSECOND -> "MOD(CAST(EXTRACT(MICROSECONDS FROM %s) AS BIGINT),1000000)";
            case SECOND -> "FLOOR(EXTRACT(SECOND FROM %s))";
            default -> "EXTRACT(" + part.name() + " FROM %s)";
        };
    }

    @Override
    public String template(DialectOp.Kind kind) {
        return switch (kind) {
            case POSIX_REGEX -> "{0} ~ {1}";
            case SEARCH -> "to_tsvector({0}) @@ to_tsquery({1})";
            case JSON_CONTAINS -> "{0} @> {1}";
            case JSON_CONTAINED_BY -> "{0} <@ {1}";
            case JSON_PATH_TEXT -> "{0} #>> CAST({path} AS TEXT[])";
            case JSON_PATH -> "{0} #> CAST({path} AS TEXT[])";
        };
    }

    @Override
    public String bindCast(ColumnType type) {
        return type.kind() == ColumnType.Kind.JSON ? "JSONB" : null;
    }

    @Override
    public String addConstraintIfNotExists(String alterSql, String constraintName) {
        // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS; a DO block checks the catalogue first.
        return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '"
                + constraintName.replace("'", "''") + "') THEN " + alterSql + "; END IF; END $$";
    }

    @Override
    public String explainPrefix() {
        return "EXPLAIN (FORMAT JSON, VERBOSE) ";
    }

    @Override
    public Returning returning() {
        return Returning.RETURNING;
    }

    @Override
    public boolean bindsInListAsArray(Class<?> elementType) {
        return ARRAY_ELEMENTS.contains(elementType);
    }

    @Override
    public boolean insertsRowsAsArrays() {
        return true;
    }

    /**
     * Every column type whose values bind as one of {@link #ROW_ARRAY_ELEMENTS}; JSON goes as a text
     * array cast to {@code JSONB[]}, element by element the same as {@code CAST($n AS JSONB)}.
     */
    @Override
    public String rowsArrayType(ColumnType type, Class<?> elementType) {
        return ROW_ARRAY_ELEMENTS.contains(elementType) ? typeName(type) + "[]" : null;
    }

    @Override
    public int maxBindParameters() {
        return 65_535;
    }

    @Override
    public boolean drainsResultOnCancel() {
        return true;
    }

    @Override
    public boolean errorAbortsTransaction() {
        return true;
    }

    /**
     * A SERIAL or IDENTITY column's sequence is not moved by an explicit key. {@code nextval} runs
     * first (CASE evaluates in order) and {@code setval} only when the key is at or past it, so the
     * sequence only moves forwards; a column without a sequence makes both NULL, a no-op.
     */
    @Override
    public String advanceGeneratedKeyTemplate() {
        return "SELECT CASE WHEN CAST({value} AS BIGINT) >= nextval(pg_get_serial_sequence({tableText}, {columnName})) "
                + "THEN setval(pg_get_serial_sequence({tableText}, {columnName}), CAST({value} AS BIGINT)) END";
    }
}
