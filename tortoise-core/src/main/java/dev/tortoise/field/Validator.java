package dev.tortoise.field;

/**
 * Checks a value before it is written or used in a filter; throws {@link dev.tortoise.exception.ValidationError}
 * (or any RuntimeException, which is wrapped in one naming the field) when the value is not acceptable.
 */
@FunctionalInterface
public interface Validator {
    void validate(Object value);
}
