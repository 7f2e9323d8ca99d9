package dev.tortoise.expression;

import dev.tortoise.sql.ast.SubqueryExpr;
import java.util.Objects;

/**
 * A query inside another: as a value in {@code annotate} or a comparison, or as the set of
 * an {@code __in} / {@code __not_in} lookup: {@code filter("id__in", Subquery.of(other.valuesList(true, "id")))}.
 * The inner query is compiled on its own (it does not refer to the outer row).
 */
public final class Subquery extends Expression {
    private final SubquerySource source;

    private Subquery(SubquerySource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public static Subquery of(SubquerySource source) {
        return new Subquery(source);
    }

    /** The inner query compiled. */
    public SubquerySource.Compiled compile() {
        return source.compileSubquery();
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        SubquerySource.Compiled c = compile();
        return new Resolved(new SubqueryExpr(c.select()), c.field(), false, c.valueType());
    }
}
