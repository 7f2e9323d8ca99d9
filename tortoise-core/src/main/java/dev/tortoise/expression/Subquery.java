package dev.tortoise.expression;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.internal.expression.SubquerySource;
import dev.tortoise.sql.ast.SubqueryExpr;
import java.util.Objects;
import org.reactivestreams.Publisher;

/**
 * A query inside another: as a value in {@code annotate} or a comparison, or as the set of
 * an {@code __in} / {@code __not_in} lookup: {@code filter("id__in", Subquery.of(other.valuesList(true, "id")))}.
 * The inner query is compiled on its own (it does not refer to the outer row).
 */
public final class Subquery extends Expression {
    private final Publisher<?> query;

    private Subquery(Publisher<?> query) {
        this.query = Objects.requireNonNull(query, "query");
    }

    /**
     * The subquery of {@code query}: a {@code QuerySet} (its primary keys) or a {@code ValuesQuery} of one field.
     * Any other publisher is a ParamsError when the outer query is compiled.
     */
    public static Subquery of(Publisher<?> query) {
        return new Subquery(query);
    }

    /** The inner query compiled by the query layer that made {@code ctx}. */
    SubquerySource.Compiled compile(QueryContext ctx) {
        SubquerySource.Compiled c = ctx.subquery(query);
        if (c == null) {
            throw new ParamsError("Subquery.of takes a QuerySet or a ValuesQuery, not " + query);
        }
        return c;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        SubquerySource.Compiled c = compile(ctx);
        return new Resolved(new SubqueryExpr(c.select()), c.field(), false, c.valueType());
    }
}
