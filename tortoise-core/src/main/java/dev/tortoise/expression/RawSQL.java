package dev.tortoise.expression;

import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Raw;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text written by the application, used as an expression in annotate, filter values and
 * (through an annotation) order_by. It is the one way to put text of your own into a statement:
 * the text is sent as is, so never build it from user input; pass values as {@code params},
 * which replace the {@code ?} markers as bind parameters.
 */
public final class RawSQL extends Expression {
    private final String sql;
    private final List<Object> params;
    private final boolean aggregate;
    private final Class<?> valueType;

    private RawSQL(String sql, List<Object> params, boolean aggregate, Class<?> valueType) {
        this.sql = sql;
        this.params = params;
        this.aggregate = aggregate;
        this.valueType = valueType;
    }

    /** Raw SQL with bind parameters for its {@code ?} markers. */
    public static RawSQL of(String sql, Object... params) {
        return new RawSQL(sql, List.of(params), false, null);
    }

    /** The same SQL marked as containing an aggregate, so filters on it go to HAVING and the query is grouped. */
    public RawSQL asAggregate() {
        return new RawSQL(sql, params, true, valueType);
    }

    /** The same SQL with its results converted to {@code type} (Long, Double, String, ...). */
    public RawSQL as(Class<?> type) {
        return new RawSQL(sql, params, aggregate, type);
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        List<Bind> binds = new ArrayList<>(params.size());
        for (Object p : params) {
            binds.add(Bind.of(p));
        }
        // Parenthesised, so that the text keeps its meaning next to the operators the ORM adds.
        return new Resolved(new Raw("(" + sql + ")", binds), null, aggregate, valueType);
    }

    @Override
    public String toString() {
        return "RawSQL(" + sql + ")";
    }
}
