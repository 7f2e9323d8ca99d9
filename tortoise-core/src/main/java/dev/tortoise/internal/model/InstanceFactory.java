package dev.tortoise.internal.model;

/** Creates a new object of one class through its constructor without arguments ({@link FieldAccessors#factory}). */
@FunctionalInterface
public interface InstanceFactory {
    /** A new object; whatever the constructor throws, checked or not, is thrown as it is. */
    Object create() throws Throwable;
}
