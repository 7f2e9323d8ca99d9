package dev.tortoise.sql.ast;

/** Arithmetic negation (unary minus). */
public record Negate(Expr inner) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitNegate(this);
    }
}
