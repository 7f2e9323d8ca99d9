package dev.tortoise.expression;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Select;

/**
 * Something that compiles to a one-column SELECT usable as a {@link Subquery}: a queryset
 * (its primary keys) or a values query of one field.
 */
public interface SubquerySource {

    /**
     * The compiled SELECT.
     *
     * @param select the statement
     * @param field the field of its single column (for the result type), or null
     * @param valueType the Java type of its single column when no field gives it, or null
     */
    record Compiled(Select select, FieldMeta field, Class<?> valueType) {
    }

    Compiled compileSubquery();
}
