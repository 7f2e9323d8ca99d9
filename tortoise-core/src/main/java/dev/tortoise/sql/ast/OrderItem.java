package dev.tortoise.sql.ast;

/** One ORDER BY term. */
public record OrderItem(Expr expr, boolean descending) {
}
