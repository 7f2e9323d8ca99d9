package dev.tortoise.internal.model;

/** A forward relation holder (FK / O2O): it stores the key and accepts an instance or a key. */
public interface KeyHolder extends RelationHolder {

    /** The key value (the {@code <name>_id} column). */
    Object keyValue();

    /** Sets the key value directly. */
    void keyValue(Object key);

    /** Points the relation at an instance (or null); an unsaved instance is an OperationalError. */
    void assign(Object instanceOrNull);
}
