package dev.tortoise.sql.ast;

import java.util.Objects;

/**
 * A bind parameter: a slot of the statement's shape ({@link #type} and {@link #columnType}) and
 * the value that fills it, sent as a bind parameter, never as SQL text.
 *
 * <p>The value is not part of the statement's shape: two binds are equal when their type and column
 * type are, whatever their values, so two statement trees that differ only in bind values are
 * equal and hash alike, and render to the same SQL text (what the renderer's statement cache is
 * keyed by). Code that must tell expressions with different values apart uses
 * {@link BindValues#sameValues}.
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

    /** Equal to another bind of the same type and column type; the values are not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Bind b && b.type == type && Objects.equals(b.columnType, columnType);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Objects.hashCode(columnType);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitBind(this);
    }
}
