package dev.tortoise.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in functions and aggregates, for static import:
 * {@code annotate("n", count("events").distinct())}, {@code annotate("l", lower(max("name")))}.
 * A string first argument names a field, related field or annotation; other arguments are
 * literals or expressions.
 */
public final class Functions {
    private Functions() {
    }

    // ------------------------------------------------------------------ functions

    /** {@code TRIM(field)}: the text without leading and trailing spaces. */
    public static Function trim(Object field) {
        return new TextFunction("TRIM", field);
    }

    /** {@code LOWER(field)}. */
    public static Function lower(Object field) {
        return new TextFunction("LOWER", field);
    }

    /** {@code UPPER(field)}. */
    public static Function upper(Object field) {
        return new TextFunction("UPPER", field);
    }

    /** {@code LENGTH(field)}: the number of characters, as an Integer. */
    public static Function length(Object field) {
        return new Typed("LENGTH", Integer.class, field);
    }

    /** {@code COALESCE(field, default...)}: the first non-null value; the defaults are literals or expressions. */
    public static Function coalesce(Object field, Object... defaults) {
        return new Coalesce(prepend(field, defaults));
    }

    /** {@code CONCAT(field, more...)}: text joined; the further arguments are literals or expressions. */
    public static Function concat(Object field, Object... more) {
        return new Typed("CONCAT", String.class, prepend(field, more));
    }

    // ------------------------------------------------------------------ aggregates

    /** {@code COUNT(*)}: the number of rows (of each group). */
    public static AggregateFunction count() {
        return new AggregateFunction(AggregateFunction.Kind.COUNT, null, false, null);
    }

    /** {@code COUNT(x)}: the number of non-null values; a relation name counts the related rows. */
    public static AggregateFunction count(Object field) {
        return new AggregateFunction(AggregateFunction.Kind.COUNT, field, false, null);
    }

    /** {@code SUM(x)}: Long for integer fields, BigDecimal for decimals, Double for floats. */
    public static AggregateFunction sum(Object field) {
        return new AggregateFunction(AggregateFunction.Kind.SUM, field, false, null);
    }

    /** {@code AVG(x)}: BigDecimal for decimals, else Double. */
    public static AggregateFunction avg(Object field) {
        return new AggregateFunction(AggregateFunction.Kind.AVG, field, false, null);
    }

    /** {@code MIN(x)}, of the argument's type. */
    public static AggregateFunction min(Object field) {
        return new AggregateFunction(AggregateFunction.Kind.MIN, field, false, null);
    }

    /** {@code MAX(x)}, of the argument's type. */
    public static AggregateFunction max(Object field) {
        return new AggregateFunction(AggregateFunction.Kind.MAX, field, false, null);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        List<Object> all = new ArrayList<>(rest.length + 1);
        all.add(first);
        all.addAll(java.util.Arrays.asList(rest));
        return all.toArray();
    }

    /** Whether {@code type} is one of the functions made here (their state is the {@link Function}'s). */
    static boolean isBuiltIn(Class<?> type) {
        return type == TextFunction.class || type == Typed.class || type == Coalesce.class;
    }

    /** {@code COALESCE}: of the first argument's field and type. */
    private static final class Coalesce extends Function {
        Coalesce(Object[] args) {
            super("COALESCE", args);
        }

        @Override
        protected Resolved result(List<Resolved> arguments) {
            Resolved first = arguments.get(0);
            return new Resolved(null, first.field(), false, first.valueType());
        }
    }

    /** A text function: keeps the argument's text field for conversion, else returns a String. */
    private static final class TextFunction extends Function {
        TextFunction(String name, Object arg) {
            super(name, arg);
        }

        @Override
        protected Resolved result(List<Resolved> arguments) {
            Resolved first = arguments.get(0);
            boolean text = first.field() != null && first.field().type() != null
                    && first.field().type().isText();
            return new Resolved(null, text ? first.field() : null, false, String.class);
        }
    }

    /** A function with a fixed result type. */
    private static final class Typed extends Function {
        private final Class<?> type;

        Typed(String name, Class<?> type, Object... args) {
            super(name, args);
            this.type = type;
        }

        @Override
        protected Resolved result(List<Resolved> arguments) {
            return new Resolved(null, null, false, type);
        }

        @Override
        ShapeKey shapeParts(ShapeKey k) {
            return super.shapeParts(k).part(type);
        }
    }
}
