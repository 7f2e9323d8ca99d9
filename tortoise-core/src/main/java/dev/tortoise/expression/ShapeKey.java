package dev.tortoise.expression;

import dev.tortoise.internal.expression.ExpressionShape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the structural shape of a built-in expression: its class, then what decides its SQL in order (names,
 * flags, nested expressions' shapes, conditions), each literal reduced to its {@link LiteralKind}. Nothing an
 * application passed as a value is kept, so a kept query shape holds no such object alive.
 */
final class ShapeKey {
    private final List<Object> parts = new ArrayList<>(6);
    private boolean rebinds;

    ShapeKey(Class<?> type) {
        parts.add(type);
    }

    /** A part that decides the SQL as it is: a field name, a function name, a flag, an enum, a class. */
    ShapeKey part(Object structural) {
        parts.add(structural);
        return this;
    }

    /** A literal value: only its kind is kept; its value is bound, so the kept statement binds it again. */
    ShapeKey literal(Object value) {
        parts.add(LiteralKind.of(value));
        rebinds = true;
        return this;
    }

    /** A nested expression, by its own shape. */
    ShapeKey expression(Expression e) {
        ExpressionShape s = e.shape();
        parts.add(s);
        rebinds |= s.rebinds();
        return this;
    }

    /** An operand that is an expression or a literal. */
    ShapeKey operand(Object value) {
        return value instanceof Expression e ? expression(e) : literal(value);
    }

    /** A condition: its junctions in pre-order, each lookup's key and its value as an operand. */
    ShapeKey condition(Q q) {
        if (q == null) {
            return part(null);
        }
        List<Object> children = q.children();
        parts.add(new QNode(q.isOr(), q.isNegated(), children.size()));
        for (Object child : children) {
            if (child instanceof Q nested) {
                condition(nested);
            } else {
                Q.Filter f = (Q.Filter) child;
                parts.add(f.key());
                operand(f.value());
            }
        }
        return this;
    }

    ExpressionShape build() {
        return ExpressionShape.structural(parts, rebinds);
    }

    /** A junction of a condition: whether it is an OR, negated, and how many children follow it. */
    private record QNode(boolean or, boolean negated, int children) {
    }

    /**
     * What a shape keeps of a literal: null or its class, with a Boolean's value or a collection's or array's size
     * (the parts of a value that most often decide the SQL); the value itself is not kept.
     */
    record LiteralKind(Class<?> type, int extra) {
        static LiteralKind of(Object v) {
            if (v == null) {
                return new LiteralKind(null, 0);
            }
            int extra = v instanceof Boolean b ? (b ? 1 : 0) : v instanceof Collection<?> c ? c.size()
                    : v.getClass().isArray() ? java.lang.reflect.Array.getLength(v) : 0;
            return new LiteralKind(v.getClass(), extra);
        }
    }
}
