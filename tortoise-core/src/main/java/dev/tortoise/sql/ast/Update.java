package dev.tortoise.sql.ast;

import java.util.List;

/** An UPDATE of one table; {@code where} may be null (every row). */
public record Update(TableRef table, List<Assignment> assignments, Expr where) implements Statement {
    public Update {
        assignments = List.copyOf(assignments);
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitUpdate(this);
    }
}
