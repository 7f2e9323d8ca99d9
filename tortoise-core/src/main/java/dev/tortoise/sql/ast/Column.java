package dev.tortoise.sql.ast;

/** A column, qualified by a table alias (or unqualified when {@code table} is null). */
public record Column(String table, String name) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitColumn(this);
    }
}
