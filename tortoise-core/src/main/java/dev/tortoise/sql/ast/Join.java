package dev.tortoise.sql.ast;

/** A join of {@code table} on {@code on}; LEFT OUTER unless {@code inner}. */
public record Join(TableRef table, Expr on, boolean inner) {
}
