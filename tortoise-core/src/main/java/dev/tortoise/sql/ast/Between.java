package dev.tortoise.sql.ast;

/** {@code expr BETWEEN low AND high}. */
public record Between(Expr expr, Expr low, Expr high) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitBetween(this);
    }
}
