package dev.tortoise.sql.ast;

import java.util.List;

/**
 * {@code expr IN (values)} or {@code NOT IN}. The values are binds of one element type;
 * a dialect may send them as one array parameter so the SQL text does not depend on their number.
 *
 * @param elementType the Java type of the elements, for array binding
 */
public record InList(Expr expr, List<Bind> values, boolean negated, Class<?> elementType) implements Expr {
    public InList {
        values = List.copyOf(values);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitInList(this);
    }
}
