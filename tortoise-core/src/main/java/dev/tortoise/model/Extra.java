package dev.tortoise.model;

/** How unknown keys in construction and {@code updateFromDict} are treated (ormar's {@code extra}). */
public enum Extra {
    /** An unknown key is a FieldError naming it and the valid ones. */
    FORBID,
    /** Unknown keys are skipped. */
    IGNORE
}
