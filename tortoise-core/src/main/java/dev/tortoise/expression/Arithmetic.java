package dev.tortoise.expression;

import dev.tortoise.exception.FieldError;
import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Negate;

/** Arithmetic between two expressions; both sides must be of the same field type when both are fields. */
final class Arithmetic extends Expression {
    private final Expression left;
    private final Binary.Op op;
    private final Expression right;

    Arithmetic(Expression left, Binary.Op op, Expression right) {
        this.left = left;
        this.op = op;
        this.right = right;
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        Resolved l = left instanceof Value v && !(right instanceof Value) ? null : left.resolve(ctx);
        Resolved r = right instanceof Value v2 && l != null ? v2.resolveAs(ctx, l.field()) : right.resolve(ctx);
        if (l == null) {
            l = ((Value) left).resolveAs(ctx, r.field());
        }
        FieldMeta lf = l.field();
        FieldMeta rf = r.field();
        if (lf != null && rf != null && lf.type() != null && rf.type() != null
                && !lf.type().sameKind(rf.type())) {
            throw new FieldError("Cannot use arithmetic expression between different field type");
        }
        FieldMeta field = lf != null ? lf : rf;
        Class<?> valueType = l.valueType() != null ? l.valueType() : r.valueType();
        if (op == Binary.Op.POW) {
            // POWER is a floating-point function on every database, whatever its operands.
            field = null;
            valueType = Double.class;
        }
        return new Resolved(new Binary(l.sql(), op, r.sql()), field, l.aggregate() || r.aggregate(), valueType);
    }

    @Override
    ExpressionShape makeShape() {
        return new ShapeKey(Arithmetic.class).expression(left).part(op).expression(right).build();
    }

    /** Unary minus. */
    static final class Negated extends Expression {
        private final Expression inner;

        Negated(Expression inner) {
            this.inner = inner;
        }

        @Override
        public Resolved resolve(QueryContext ctx) {
            Resolved r = inner.resolve(ctx);
            return new Resolved(new Negate(r.sql()), r.field(), r.aggregate(), r.valueType());
        }

        @Override
        ExpressionShape makeShape() {
            return new ShapeKey(Negated.class).expression(inner).build();
        }
    }
}
