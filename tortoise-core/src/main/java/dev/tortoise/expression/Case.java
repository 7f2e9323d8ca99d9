package dev.tortoise.expression;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.internal.expression.ExpressionShape;
import dev.tortoise.sql.ast.CaseWhen;
import dev.tortoise.sql.ast.Cast;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN ... THEN ... ELSE default END}: the value of the first {@link When} whose
 * condition holds, else the default (null when none is given). Values are literals (binds) or
 * expressions; the result takes the type of the first branch's value.
 */
public final class Case extends Expression {
    private final List<When> whens;
    private final Object otherwise;
    private final boolean hasDefault;

    private Case(List<When> whens, Object otherwise, boolean hasDefault) {
        this.whens = List.copyOf(whens);
        this.otherwise = otherwise;
        this.hasDefault = hasDefault;
    }

    /** A CASE over the given branches, in order. */
    public static Case of(When... whens) {
        if (whens.length == 0) {
            throw new ParamsError("Case needs at least one When");
        }
        for (Object w : whens) {
            if (!(w instanceof When)) {
                throw new ParamsError("Case takes When arguments, not " + w);
            }
        }
        return new Case(List.of(whens), null, false);
    }

    /** The same CASE with a default value ({@code ELSE}). */
    public Case otherwise(Object value) {
        return new Case(whens, value, true);
    }

    @Override
    public Resolved resolve(QueryContext ctx) {
        List<CaseWhen.Branch> branches = new ArrayList<>();
        boolean aggregate = false;
        Resolved typeFrom = null;
        for (When w : whens) {
            Expr cond = ctx.compile(w.condition());
            aggregate |= ctx.refersToAggregate(w.condition());
            Resolved then = Expression.wrap(w.then()).resolve(ctx);
            aggregate |= then.aggregate();
            if (typeFrom == null && w.then() != null) {
                typeFrom = then;
            }
            branches.add(new CaseWhen.Branch(cond, then.sql()));
        }
        Expr elseSql = null;
        if (hasDefault) {
            Resolved d = Expression.wrap(otherwise).resolve(ctx);
            aggregate |= d.aggregate();
            if (typeFrom == null && otherwise != null) {
                typeFrom = d;
            }
            elseSql = d.sql();
        }
        Expr sql = new CaseWhen(branches, elseSql);
        Class<?> valueType = typeFrom == null ? null : typeFrom.valueType();
        ColumnType literalType = literalType(valueType);
        if (literalType != null && typeFrom.field() == null && allLiterals()) {
            // Only binds: some databases (H2) would type the CASE as text; say which type it is.
            sql = new Cast(sql, literalType);
        }
        return new Resolved(sql, typeFrom == null ? null : typeFrom.field(), aggregate, valueType);
    }

    @Override
    ExpressionShape makeShape() {
        ShapeKey k = new ShapeKey(Case.class).part(whens.size());
        for (When w : whens) {
            k.condition(w.condition()).operand(w.then());
        }
        k.part(hasDefault);
        if (hasDefault) {
            k.operand(otherwise);
        }
        return k.build();
    }

    private boolean allLiterals() {
        for (When w : whens) {
            if (w.then() instanceof Expression) {
                return false;
            }
        }
        return !(otherwise instanceof Expression);
    }

    private static ColumnType literalType(Class<?> type) {
        if (type == Integer.class || type == Short.class) {
            return ColumnType.of(ColumnType.Kind.INT);
        }
        if (type == Long.class) {
            return ColumnType.of(ColumnType.Kind.BIGINT);
        }
        if (type == Double.class || type == Float.class) {
            return ColumnType.of(ColumnType.Kind.DOUBLE);
        }
        if (type == Boolean.class) {
            // H2 types a CASE of boolean binds as text, which its driver cannot decode as Boolean.
            return ColumnType.of(ColumnType.Kind.BOOLEAN);
        }
        if (type == java.time.LocalDate.class) {
            return ColumnType.of(ColumnType.Kind.DATE);
        }
        return null;
    }
}
