package dev.tortoise.sql.ast;

import java.util.List;

/** CREATE [UNIQUE] INDEX. */
public record CreateIndex(String name, TableRef table, List<String> columns, boolean unique, boolean ifNotExists)
        implements Statement {
    public CreateIndex {
        columns = List.copyOf(columns);
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitCreateIndex(this);
    }
}
