package dev.tortoise.sql.ast;

/** {@code expr IS NULL}, or {@code IS NOT NULL} when {@code negated}. */
public record IsNull(Expr expr, boolean negated) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitIsNull(this);
    }
}
