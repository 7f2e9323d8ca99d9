package dev.tortoise.field;

/** An enum stored by an {@link IntEnumField}: {@link #value()} is what the database holds. */
public interface IntValuedEnum {
    int value();
}
