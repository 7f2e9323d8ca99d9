package dev.tortoise.sql.ast;

/** {@code CAST(expr AS type)} with the type named by the dialect. */
public record Cast(Expr expr, ColumnType type) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitCast(this);
    }
}
