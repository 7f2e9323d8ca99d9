package dev.tortoise.internal.expression;

/**
 * Marks an expression whose resolution binds no value (it adds joins and names a column only), so a
 * filter that refers to it as an annotation still compiles to a statement that can be kept per query
 * shape and run again with other filter values: resolving it afresh numbers no slot differently.
 */
public interface SlotFreeExpression {
}
