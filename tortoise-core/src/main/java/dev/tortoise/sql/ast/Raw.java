package dev.tortoise.sql.ast;

import java.util.List;

/**
 * SQL text written by the application (RawSQL, check constraints): the one node whose text is
 * not produced by the ORM. Its binds are rendered as the dialect's markers wherever the text
 * contains {@code ?}.
 */
public record Raw(String sql, List<Bind> binds) implements Expr {
    public Raw {
        binds = List.copyOf(binds);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitRaw(this);
    }
}
