package dev.tortoise.sql.ast;

import java.util.List;

/** Conditions joined with AND or OR; an empty AND is true and an empty OR is false. */
public record Junction(boolean and, List<Expr> parts) implements Expr {
    public Junction {
        parts = List.copyOf(parts);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitJunction(this);
    }
}
