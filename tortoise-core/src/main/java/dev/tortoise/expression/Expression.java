package dev.tortoise.expression;

import dev.tortoise.sql.ast.Binary;

/**
 * A value computed by the database: a field reference ({@link F}), a literal, arithmetic, a
 * function or an aggregate. Usable in filters, annotations, ordering and updates; it resolves
 * against a query to an SQL tree node.
 */
public abstract class Expression implements dev.tortoise.model.ComputedValue {

    /** Resolves this expression within a query. */
    public abstract Resolved resolve(QueryContext ctx);

    public Expression add(Object other) {
        return new Arithmetic(this, Binary.Op.ADD, wrap(other));
    }

    public Expression sub(Object other) {
        return new Arithmetic(this, Binary.Op.SUB, wrap(other));
    }

    public Expression mul(Object other) {
        return new Arithmetic(this, Binary.Op.MUL, wrap(other));
    }

    public Expression div(Object other) {
        return new Arithmetic(this, Binary.Op.DIV, wrap(other));
    }

    public Expression mod(Object other) {
        return new Arithmetic(this, Binary.Op.MOD, wrap(other));
    }

    public Expression pow(Object other) {
        return new Arithmetic(this, Binary.Op.POW, wrap(other));
    }

    /** {@code value - this}: arithmetic with the literal on the left. */
    public Expression rsub(Object value) {
        return new Arithmetic(wrap(value), Binary.Op.SUB, this);
    }

    /** {@code value + this}. */
    public Expression radd(Object value) {
        return new Arithmetic(wrap(value), Binary.Op.ADD, this);
    }

    /** {@code value * this}. */
    public Expression rmul(Object value) {
        return new Arithmetic(wrap(value), Binary.Op.MUL, this);
    }

    /** {@code value / this}. */
    public Expression rdiv(Object value) {
        return new Arithmetic(wrap(value), Binary.Op.DIV, this);
    }

    /** {@code value % this}. */
    public Expression rmod(Object value) {
        return new Arithmetic(wrap(value), Binary.Op.MOD, this);
    }

    /** {@code value ^ this}. */
    public Expression rpow(Object value) {
        return new Arithmetic(wrap(value), Binary.Op.POW, this);
    }

    /** Unary minus. */
    public Expression negate() {
        return new Arithmetic.Negated(this);
    }

    /** A literal or an expression as an expression. */
    public static Expression wrap(Object value) {
        return value instanceof Expression e ? e : new Value(value);
    }
}
