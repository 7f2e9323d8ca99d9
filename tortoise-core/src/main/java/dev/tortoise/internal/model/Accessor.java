package dev.tortoise.internal.model;

/** Reads and writes one attribute of a model instance; built once per field at init. */
public interface Accessor {
    Object get(Object instance);

    void set(Object instance, Object value);
}
