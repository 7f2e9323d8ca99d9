package dev.tortoise.expression;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.field.FieldType;
import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.sql.ast.Aggregate;
import dev.tortoise.sql.ast.CaseWhen;
import dev.tortoise.sql.ast.Expr;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An aggregate over the rows of a group: {@code COUNT}, {@code SUM}, {@code AVG}, {@code MIN} or
 * {@code MAX} of a field, related field, relation ({@code Count("events")} counts the related
 * rows) or expression, optionally over distinct values and only over the rows matching a
 * {@link Q} ({@code CASE WHEN cond THEN arg END}). Made by {@link Functions}; immutable.
 */
public final class AggregateFunction extends Expression {
    /** The aggregates and how their result type follows the argument. */
    enum Kind {
        COUNT, SUM, AVG, MIN, MAX
    }

    private final Kind kind;
    private final Object arg;
    private final boolean distinct;
    private final Q filter;

    AggregateFunction(Kind kind, Object arg, boolean distinct, Q filter) {
        if (arg == null && kind != Kind.COUNT) {
            throw new ParamsError(kind + " needs a field or an expression");
        }
        this.kind = kind;
        this.arg = arg;
        this.distinct = distinct;
        this.filter = filter;
    }

    /** The same aggregate over distinct values only. */
    public AggregateFunction distinct() {
        return new AggregateFunction(kind, arg, true, filter);
    }

    /** The same aggregate over only the rows matching {@code condition} (Tortoise's {@code _filter}). */
    public AggregateFunction filter(Q condition) {
        Objects.requireNonNull(condition, "condition");
        return new AggregateFunction(kind, arg, distinct, condition);
    }

    /** The same aggregate over only the rows matching a lookup. */
    public AggregateFunction filter(String key, Object value) {
        return filter(Q.of(key, value));
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        Resolved a;
        if (arg == null || "*".equals(arg)) {
            a = null;
        } else if (arg instanceof String path) {
            a = Function.resolveAggregatePath(ctx, path);
        } else if (arg instanceof Expression e) {
            a = e.resolve(ctx);
        } else {
            throw new ParamsError(kind + " takes a field name or an expression, not " + arg);
        }
        Expr argSql = a == null ? null : a.sql();
        if (filter != null) {
            Expr condition = ctx.compile(filter);
            Expr then = argSql != null ? argSql : ctx.column(ctx.root().pk());
            argSql = new CaseWhen(List.of(new CaseWhen.Branch(condition, then)), null);
        }
        Expr sql = new Aggregate(kind.name(), argSql, distinct);
        FieldMeta field = a == null ? null : a.field();
        Class<?> sourceType = a == null ? null : a.valueType();
        return switch (kind) {
            case COUNT -> new Resolved(sql, null, true, Long.class);
            case MIN, MAX -> new Resolved(sql, field, true, sourceType);
            case SUM -> {
                FieldType t = typeOf(field);
                if (t == null) {
                    yield new Resolved(sql, null, true, numeric(sourceType));
                }
                if (t.isDecimal()) {
                    yield new Resolved(sql, field, true, BigDecimal.class);
                }
                yield t.sumType() != null ? new Resolved(sql, null, true, t.sumType())
                        : new Resolved(sql, field, true, sourceType);
            }
            case AVG -> {
                FieldType t = typeOf(field);
                boolean decimal = t != null ? t.isDecimal() : sourceType == BigDecimal.class;
                yield new Resolved(sql, null, true, decimal ? BigDecimal.class : Double.class);
            }
        };
    }

    @Override
    ExpressionShape makeShape() {
        ShapeKey k = new ShapeKey(AggregateFunction.class).part(kind);
        if (arg == null || arg instanceof String) {
            k.part(arg);  // a path (or "*"): it decides the SQL
        } else {
            k.operand(arg);
        }
        return k.part(distinct).condition(filter).build();
    }

    private static FieldType typeOf(FieldMeta field) {
        return field == null ? null : field.type();
    }

    private static Class<?> numeric(Class<?> type) {
        if (type == Integer.class || type == Short.class || type == Long.class) {
            return Long.class;
        }
        return type;
    }

    @Override
    public String toString() {
        return kind + "(" + (distinct ? "DISTINCT " : "") + (arg == null ? "*" : arg)
                + (filter == null ? "" : ", filter=" + filter) + ")";
    }
}
