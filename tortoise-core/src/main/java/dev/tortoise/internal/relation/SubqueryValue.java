package dev.tortoise.internal.relation;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.Resolved;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SubqueryExpr;

/** A prepared subquery used as the value of an {@code __in} filter (the keys of an M2M's join rows). */
final class SubqueryValue extends Expression {
    private final Select select;

    SubqueryValue(Select select) {
        this.select = select;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        return new Resolved(new SubqueryExpr(select), null);
    }
}
