package dev.tortoise.sql.ast;

/** One output column of a SELECT: an expression and its alias (null for none). */
public record SelectItem(Expr expr, String alias) {
}
