package dev.tortoise.expression;

import dev.tortoise.internal.expression.ExpressionShape;

/** A literal value, always sent as a bind parameter. */
public final class Value extends Expression {
    private final Object value;

    public Value(Object value) {
        this.value = value;
    }

    public Object value() {
        return value;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        return new Resolved(ctx.bind(value), null, false, value == null ? null : value.getClass());
    }

    /** Resolves the literal converted to a field's type (when the other operand is that field). */
    Resolved resolveAs(QueryContext ctx, dev.tortoise.model.FieldMeta field) {
        if (field == null || field.type() == null) {
            return resolve(ctx);
        }
        Object v = field.coerce(value);
        return new Resolved(field.bind(ctx.slots(), v), field);
    }

    @Override
    ExpressionShape makeShape() {
        return new ShapeKey(Value.class).literal(value).build();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
