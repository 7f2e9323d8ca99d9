package dev.tortoise;

import dev.tortoise.internal.execution.TransactionContext;
import java.util.List;

/**
 * A public type whose public method shows an internal type in a type argument, and a nested public type
 * that implements an internal one: ArchitectureTest's exposure check must report both.
 */
public final class ExposureProbe {
    private ExposureProbe() {
    }

    public List<TransactionContext> leak() {
        return List.of();
    }

    /** A public type with an internal supertype. */
    public abstract static class Sub implements dev.tortoise.internal.mapping.RelatedAttacher {
    }
}
