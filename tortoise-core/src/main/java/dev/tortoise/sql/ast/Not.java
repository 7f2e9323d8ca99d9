package dev.tortoise.sql.ast;

/** Logical negation of a condition. */
public record Not(Expr inner) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitNot(this);
    }
}
