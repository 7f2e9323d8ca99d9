package dev.tortoise.model;

/**
 * A value the database computes when an instance is saved, such as {@code F.of("balance").add(10)}:
 * {@link Model#set(String, Object)} keeps it as the field's pending value, written by the next
 * save and replaced by the stored result on {@link Model#refreshFromDb(String...)}.
 */
public interface ComputedValue {
}
