package dev.tortoise.internal.expression;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.InList;

/**
 * An {@code IN} list compiled from a filter's value on a typed field: one slot per element of {@code value}, in
 * its order, each filled with {@link ExpressionAccess#filterValue} of {@code field}.
 *
 * @param value the filter's value as the lookup received it (compared by identity with the filter's own, so a
 *     value a relation lookup turned into keys first is told apart)
 * @param field the field whose type converts each element
 * @param in the compiled list
 */
public record InListFilter(Object value, FieldMeta field, InList in) {
}
