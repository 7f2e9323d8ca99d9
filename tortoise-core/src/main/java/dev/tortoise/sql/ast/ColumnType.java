package dev.tortoise.sql.ast;

/**
 * A database-neutral column type; each dialect names it in its own SQL.
 *
 * @param kind the family of the type
 * @param length the length of VARCHAR, or the precision of DECIMAL (0 when not applicable)
 * @param scale the scale of DECIMAL (0 when not applicable)
 */
public record ColumnType(Kind kind, int length, int scale) {

    /** The families of column types the ORM's fields use. */
    public enum Kind {
        SMALLINT, INT, BIGINT, DOUBLE, DECIMAL, BOOLEAN, VARCHAR, TEXT, UUID,
        TIMESTAMP_TZ, TIMESTAMP, DATE, TIME, JSON, BINARY
    }

    private static final ColumnType[] PLAIN = new ColumnType[Kind.values().length];

    static {
        for (Kind k : Kind.values()) {
            PLAIN[k.ordinal()] = new ColumnType(k, 0, 0);
        }
    }

    /** The type of that kind without length or scale (one shared instance per kind: it is a value). */
    public static ColumnType of(Kind kind) {
        return PLAIN[kind.ordinal()];
    }

    public static ColumnType varchar(int length) {
        return new ColumnType(Kind.VARCHAR, length, 0);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }
}
