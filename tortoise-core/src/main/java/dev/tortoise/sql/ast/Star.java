package dev.tortoise.sql.ast;

/** {@code *}, or {@code alias.*}. */
public record Star(String table) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitStar(this);
    }
}
