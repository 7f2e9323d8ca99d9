package dev.tortoise.expression;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Expr;

/**
 * An expression resolved within a query.
 *
 * @param sql the SQL tree node
 * @param field the field whose type the value has (for conversion of results and binds), or null
 * @param aggregate whether the expression contains an aggregate (so a filter on it goes to HAVING)
 * @param valueType the Java type of results when no field gives it (Long for COUNT), or null
 */
public record Resolved(Expr sql, FieldMeta field, boolean aggregate, Class<?> valueType) {
    public Resolved(Expr sql, FieldMeta field) {
        this(sql, field, false, null);
    }
}
