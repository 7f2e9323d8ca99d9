package dev.tortoise.sql.ast;

/**
 * A dialect-neutral SQL expression: a node of the immutable statement tree that
 * {@code sql.render} turns into text for one database.
 */
public interface Expr {

    /** Dispatches to the visitor method for this node's type. */
    <R> R accept(ExprVisitor<R> visitor);
}
