package dev.tortoise.sql.ast;

/**
 * A value sent as a bind parameter, never as SQL text.
 *
 * @param value the value already converted to what the driver accepts (may be null)
 * @param type the Java type to bind a null as, and the hint for a cast
 * @param columnType the neutral column type the value is for, or null; a dialect may cast to it
 */
public record Bind(Object value, Class<?> type, ColumnType columnType) implements Expr {
    public Bind {
        if (type == null) {
            type = value == null ? String.class : value.getClass();
        }
    }

    public static Bind of(Object value) {
        return new Bind(value, null, null);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitBind(this);
    }
}
