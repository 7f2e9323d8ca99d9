package dev.tortoise.sql.ast;

/**
 * An aggregate call such as {@code COUNT(DISTINCT x)}; {@code arg} is null for {@code COUNT(*)}.
 */
public record Aggregate(String name, Expr arg, boolean distinct) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitAggregate(this);
    }
}
