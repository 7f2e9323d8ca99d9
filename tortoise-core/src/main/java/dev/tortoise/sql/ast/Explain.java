package dev.tortoise.sql.ast;

/** The database's plan for a statement, in the dialect's richest format. */
public record Explain(Statement statement) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitExplain(this);
    }
}
