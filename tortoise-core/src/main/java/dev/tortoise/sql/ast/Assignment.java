package dev.tortoise.sql.ast;

/** {@code column = value} in an UPDATE. */
public record Assignment(String column, Expr value) {
}
