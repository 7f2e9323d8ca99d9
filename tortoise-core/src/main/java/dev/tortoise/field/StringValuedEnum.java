package dev.tortoise.field;

/** An enum stored by a {@link CharEnumField} under {@link #value()} rather than its name. */
public interface StringValuedEnum {
    String value();
}
