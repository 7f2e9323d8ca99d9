package dev.tortoise.expression;

import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.sql.ast.Binary;

/**
 * A value computed by the database: a field reference ({@link F}), a literal, arithmetic, a
 * function or an aggregate. Usable in filters, annotations, ordering and updates; it resolves
 * against a query to an SQL tree node.
 *
 * <p>A subclass must be immutable: {@link #resolve} must give the same tree, the same {@link Resolved}
 * and bind the same values every time it is called for the same query, from any thread. A model's
 * querysets are compiled once per shape and kept (up to 64 shapes per model and runtime, the least
 * recently used dropped first), and what is kept of an expression depends on where it is used:
 * <ul>
 *   <li>In {@code annotate} a built-in expression ({@link F}, {@link Value}, arithmetic, {@link Functions},
 *       {@link Function#of}, {@link Case}/{@link When}, {@link RawSQL}) is part of the shape by its structure
 *       (classes, names, flags, conditions, and of each literal its kind, never the literal), so one built
 *       afresh per request finds the shape kept; one that holds a literal is resolved again on every run to
 *       bind its own values (a tree that differs from the kept one, values aside, compiles the whole
 *       statement). {@link Subquery} and an expression of your own are part of the shape by identity, not by
 *       {@code equals}, unless its class overrides {@link #shapeKey}: its {@code resolve} runs on the shape's
 *       first compile only; every later run of a queryset of that shape (instances, values, count, exists,
 *       update, delete) replays that compile: the SQL text, the {@link Resolved} (its value type, field and
 *       aggregate flag) and the values it bound with {@link QueryContext#bind} then, even when the object has
 *       changed since. Once the shape is dropped, the next run resolves it again.</li>
 *   <li>As a filter value or an update value the expression is resolved again on every run, to fill the
 *       statement's values; when the tree it gives differs from the kept one (not just its bound values),
 *       the whole statement is compiled afresh for that run.</li>
 * </ul>
 * So a new value takes a new expression object, as every built-in expression is; an expression that
 * binds something that changes by itself (a clock, a counter) does not belong in a kept object. A
 * statement is not kept (and so compiled whole, every expression in it resolved, on every run) when a
 * filter refers to an annotation, when it has annotations and a filter or update value is an expression,
 * or when a value was put in its tree with {@code Bind.of} instead of {@link QueryContext#bind}; see
 * docs/expressions.md.
 */
public abstract class Expression implements dev.tortoise.model.ComputedValue {
    /** {@link #shape()}, made on first use (immutable, so a racing second make is harmless). */
    private ExpressionShape shape;

    /** Resolves this expression within a query. */
    public abstract Resolved resolve(QueryContext ctx);

    /**
     * A key that lets queries annotated with an equal expression built afresh share one compiled statement; null
     * (the default) counts this object by identity, so only queries using this very object share one.
     *
     * <p>A manager keeps the statements of its querysets per query shape, and an annotation counts towards the shape
     * by this key. Return a value whose {@code equals} and {@code hashCode} tell apart the expressions of your class
     * that resolve to different SQL text (the names of fields and functions, flags), and that holds no literal value
     * (a literal's class at most): kept shapes keep their keys. A queryset that finds its shape kept resolves an
     * expression with such a key again, binds the values it resolved to, and compiles the whole statement when that
     * resolution differs from the kept one apart from its values, so a key that is too coarse costs time, never a
     * wrong statement. The built-in expressions ({@link F}, {@link Value}, arithmetic, {@link Function}s and
     * aggregates made by {@link Functions} or {@link Function#of}, {@link Case}, {@link RawSQL}) key by their
     * structure already; {@link Subquery} and subclasses of {@code Function} that do not override this count by
     * identity.
     */
    protected Object shapeKey() {
        return null;
    }

    /** What a query shape keeps of this expression (see {@link #shapeKey}). */
    final ExpressionShape shape() {
        ExpressionShape s = shape;
        if (s == null) {
            s = makeShape();
            shape = s;
        }
        return s;
    }

    /**
     * This expression's shape: the built-in expressions' structure (they override this), else {@link #shapeKey}
     * with the class (always resolved again for a kept statement) or identity.
     */
    ExpressionShape makeShape() {
        Object key = shapeKey();
        return key == null ? ExpressionShape.identity(this)
                : ExpressionShape.structural(java.util.Arrays.asList(getClass(), key), true);
    }

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
