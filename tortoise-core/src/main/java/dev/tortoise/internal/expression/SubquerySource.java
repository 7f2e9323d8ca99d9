package dev.tortoise.internal.expression;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.Select;

/**
 * Compiles the queries given to {@link dev.tortoise.expression.Subquery#of} or as the value of an {@code __in} lookup into one-column
 * SELECTs: a queryset gives its primary keys, a values query of one field that field. The query layer implements
 * it and hands it to every {@link dev.tortoise.expression.QueryContext} it makes, so that the expression layer needs to know no query type.
 */
public interface SubquerySource {

    /**
     * A compiled SELECT.
     *
     * @param select the statement
     * @param field the field of its single column (for the result type), or null
     * @param valueType the Java type of its single column when no field gives it, or null
     */
    record Compiled(Select select, FieldMeta field, Class<?> valueType) {
    }

    /**
     * The compiled SELECT of {@code query}, or null when {@code query} is not a query this compiles;
     * its values go to {@code slots}, the outer statement's (its slot binds index them).
     */
    Compiled compileSubquery(Object query, BindSlots slots);

    /** For contexts that compile no subqueries. */
    SubquerySource NONE = (query, slots) -> null;
}
