package dev.tortoise.sql.ast;

import java.util.List;

/**
 * A call of a SQL function by a neutral name; the dialect maps the name to its own spelling
 * (or reports it as unsupported).
 */
public record Func(String name, List<Expr> args) implements Expr {
    public Func {
        args = List.copyOf(args);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitFunc(this);
    }
}
