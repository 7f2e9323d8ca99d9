package dev.tortoise.sql.ast;

import java.util.List;

/** {@code CASE WHEN c1 THEN v1 ... ELSE otherwise END}; {@code otherwise} may be null. */
public record CaseWhen(List<Branch> branches, Expr otherwise) implements Expr {

    /** One {@code WHEN condition THEN value} branch. */
    public record Branch(Expr when, Expr then) {
    }

    public CaseWhen {
        branches = List.copyOf(branches);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitCase(this);
    }
}
