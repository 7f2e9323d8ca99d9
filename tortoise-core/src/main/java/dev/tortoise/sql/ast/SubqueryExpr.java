package dev.tortoise.sql.ast;

/** A parenthesised SELECT used as a value or as the right side of IN. */
public record SubqueryExpr(Select select) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitSubquery(this);
    }
}
