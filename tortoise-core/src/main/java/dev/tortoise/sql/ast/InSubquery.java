package dev.tortoise.sql.ast;

/** {@code expr IN (SELECT ...)}, or {@code NOT IN} when negated. */
public record InSubquery(Expr expr, Select select, boolean negated) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitInSubquery(this);
    }
}
