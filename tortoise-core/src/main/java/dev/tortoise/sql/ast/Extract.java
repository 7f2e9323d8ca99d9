package dev.tortoise.sql.ast;

/** The integer value of one part of a date/time expression. */
public record Extract(DatePart part, Expr expr) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitExtract(this);
    }
}
