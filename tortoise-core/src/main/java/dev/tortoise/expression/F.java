package dev.tortoise.expression;

import dev.tortoise.internal.expression.ExpressionShape;

/**
 * A reference to a field ({@code "price"}), a related field ({@code "tournament__id"}) or an
 * annotation of the same query, for arithmetic in filters, annotations, ordering and updates:
 * {@code F.of("balance").add(10)}.
 */
public final class F extends Expression {
    private final String name;

    private F(String name) {
        this.name = name;
    }

    public static F of(String name) {
        return new F(name);
    }

    public String name() {
        return name;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        return ctx.resolveReference(name);
    }

    @Override
    ExpressionShape makeShape() {
        return new ShapeKey(F.class).part(name).build();
    }

    @Override
    public String toString() {
        return "F(" + name + ")";
    }
}
