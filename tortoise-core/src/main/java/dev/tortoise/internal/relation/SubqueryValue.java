package dev.tortoise.internal.relation;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.Resolved;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SubqueryExpr;
import java.util.function.Function;

/**
 * A subquery used as the value of an {@code __in} filter (the keys of an M2M's join rows), built when
 * the outer query resolves it, so that its values are slots of that query ({@link QueryContext#bind}).
 */
final class SubqueryValue extends Expression {
    private final Function<QueryContext, Select> select;

    SubqueryValue(Function<QueryContext, Select> select) {
        this.select = select;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        return new Resolved(new SubqueryExpr(select.apply(ctx)), null);
    }
}
