package dev.tortoise.sql.ast;

/** A complete SQL statement in neutral form, rendered to text by {@code sql.render}. */
public interface Statement {

    /** Dispatches to the visitor method for this statement's type. */
    <R> R accept(StatementVisitor<R> visitor);
}
