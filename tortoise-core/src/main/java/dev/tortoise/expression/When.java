package dev.tortoise.expression;

import java.util.Objects;

/**
 * One branch of a {@link Case}: when the condition holds (a {@link Q}, which may refer to
 * annotations), the value is {@code then} (a literal or an expression).
 */
public final class When {
    private final Q condition;
    private final Object then;

    private When(Q condition, Object then) {
        this.condition = Objects.requireNonNull(condition, "condition");
        this.then = then;
    }

    /** {@code WHEN condition THEN then}. */
    public static When of(Q condition, Object then) {
        return new When(condition, then);
    }

    /** {@code WHEN key=value THEN then}. */
    public static When of(String key, Object value, Object then) {
        return new When(Q.of(key, value), then);
    }

    /** The same branch taken when the condition does not hold (Tortoise's {@code negate=True}). */
    public When negate() {
        return new When(condition.negate(), then);
    }

    Q condition() {
        return condition;
    }

    Object then() {
        return then;
    }
}
