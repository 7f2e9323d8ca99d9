package dev.tortoise.internal.expression;

import java.util.Objects;

/**
 * What a query shape keeps of an annotation's expression: a structural key (equal for expressions that resolve to
 * the same SQL text, their literal values aside) or, for an expression without one, the expression itself, compared
 * by identity. A structural key holds no literal value, only its kind, so a kept shape keeps no application value
 * alive through it.
 */
public final class ExpressionShape {
    private final Object key;
    private final boolean identity;
    private final boolean rebinds;
    private final int hash;

    private ExpressionShape(Object key, boolean identity, boolean rebinds) {
        this.key = key;
        this.identity = identity;
        this.rebinds = rebinds;
        this.hash = identity ? System.identityHashCode(key) : key.hashCode();
    }

    /**
     * The shape of an expression with the structural key {@code key} (compared with {@code equals}); {@code rebinds}
     * when expressions of this key may bind other values than the first one compiled (literals, or a key the
     * application gave), so that a kept statement resolves it again to bind its values and check its SQL.
     */
    public static ExpressionShape structural(Object key, boolean rebinds) {
        return new ExpressionShape(Objects.requireNonNull(key, "key"), false, rebinds);
    }

    /** The shape of {@code expression} counted by identity: it resolves the same way every time it is used. */
    public static ExpressionShape identity(Object expression) {
        return new ExpressionShape(Objects.requireNonNull(expression, "expression"), true, false);
    }

    /**
     * Whether a statement kept for this shape must resolve the expression again when it runs for another query:
     * its values may differ from the kept ones (and, when they decide the SQL, the statement is compiled whole).
     */
    public boolean rebinds() {
        return rebinds;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof ExpressionShape s && s.hash == hash && s.identity == identity
                && (identity ? s.key == key : s.key.equals(key));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return identity ? "Identity[" + key.getClass().getName() + "@" + Integer.toHexString(hash) + "]"
                : "Shape" + key;
    }
}
