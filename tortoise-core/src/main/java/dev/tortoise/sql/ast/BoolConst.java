package dev.tortoise.sql.ast;

/** A constant condition, rendered as a comparison every database accepts ({@code 1=1} / {@code 1=0}). */
public enum BoolConst implements Expr {
    TRUE, FALSE;

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitBool(this);
    }
}
