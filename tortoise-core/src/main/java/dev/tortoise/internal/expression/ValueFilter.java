package dev.tortoise.internal.expression;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Expr;

/**
 * A comparison compiled from a filter's single value on a typed field ({@code field=v}, {@code field__gt=v}, ...):
 * one slot, filled with {@link ExpressionAccess#filterValue} of {@code field}.
 *
 * @param value the filter's value as the lookup received it (compared by identity with the filter's own, so a
 *     value a relation lookup turned into another first is told apart)
 * @param field the field whose type converts the value
 * @param compiled the comparison as compiled (compared by identity with the filter's compiled condition)
 * @param bind the comparison's one bind, the slot of the value
 */
public record ValueFilter(Object value, FieldMeta field, Expr compiled, Bind bind) {
}
