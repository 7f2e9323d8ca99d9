package dev.tortoise.expression;

import dev.tortoise.exception.OperationalError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable filter condition: lookups such as {@code Q.of("name__icontains", "cup")}
 * combined with {@link #and}, {@link #or} and {@link #not}. Keys are parsed against the model
 * when the query is compiled; unknown keys are a FieldError then.
 */
public final class Q {
    /** One {@code key=value} lookup. */
    public record Filter(String key, Object value) {
    }

    private final List<Object> children;
    private final boolean or;
    private final boolean negated;

    private Q(List<Object> children, boolean or, boolean negated) {
        this.children = Collections.unmodifiableList(children);
        this.or = or;
        this.negated = negated;
    }

    /** A single lookup. */
    public static Q of(String key, Object value) {
        Objects.requireNonNull(key, "key");
        List<Object> c = new ArrayList<>(1);
        c.add(new Filter(key, value));
        return new Q(c, false, false);
    }

    /** Two lookups ANDed. */
    public static Q of(String key1, Object value1, String key2, Object value2) {
        return of(key1, value1).and(key2, value2);
    }

    /** Every entry of the map ANDed, in the map's order. */
    public static Q of(Map<String, ?> filters) {
        List<Object> c = new ArrayList<>();
        for (Map.Entry<String, ?> e : new LinkedHashMap<>(filters).entrySet()) {
            c.add(new Filter(e.getKey(), e.getValue()));
        }
        return new Q(c, false, false);
    }

    /** All the given conditions ANDed. */
    public static Q and(Q... qs) {
        return new Q(new ArrayList<>(List.of((Object[]) qs)), false, false);
    }

    /** Any of the given conditions. */
    public static Q or(Q... qs) {
        return new Q(new ArrayList<>(List.of((Object[]) qs)), true, false);
    }

    /** The negation of a condition. */
    public static Q not(Q q) {
        return q.negate();
    }

    /** This condition and another lookup. */
    public Q and(String key, Object value) {
        return and(of(key, value));
    }

    /** This condition or another lookup. */
    public Q or(String key, Object value) {
        return or(of(key, value));
    }

    /** This condition and another. */
    public Q and(Q other) {
        requireQ(other, "AND");
        if (!or && !negated) {
            List<Object> c = new ArrayList<>(children);
            c.add(other);
            return new Q(c, false, false);
        }
        return new Q(new ArrayList<>(List.of(this, other)), false, false);
    }

    /** This condition or another. */
    public Q or(Q other) {
        requireQ(other, "OR");
        if (or && !negated) {
            List<Object> c = new ArrayList<>(children);
            c.add(other);
            return new Q(c, true, false);
        }
        return new Q(new ArrayList<>(List.of(this, other)), true, false);
    }

    /** The negation of this condition. */
    public Q negate() {
        return new Q(new ArrayList<>(children), or, !negated);
    }

    private static void requireQ(Object other, String op) {
        if (!(other instanceof Q)) {
            throw new OperationalError(op + " operation requires a Q node");
        }
    }

    /** The children: {@link Filter}s and nested {@code Q}s. */
    public List<Object> children() {
        return children;
    }

    /** Whether the children are ORed (else ANDed). */
    public boolean isOr() {
        return or;
    }

    public boolean isNegated() {
        return negated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Q q && q.or == or && q.negated == negated && q.children.equals(children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(children, or, negated);
    }

    @Override
    public String toString() {
        return (negated ? "NOT " : "") + (or ? "OR" : "AND") + children;
    }
}
