/**
 * Internal (no compatibility promise): the expression layer's machinery: the {@code RelationJoiner} port through
 * which the relation layer joins the relation segments of lookup paths, and
 * {@link dev.tortoise.internal.expression.ExpressionAccess}, through which the query layer makes a
 * {@code QueryContext} with one.
 */
package dev.tortoise.internal.expression;
