package dev.tortoise.relation;

import dev.tortoise.internal.model.KeyHolder;

/**
 * A holder of a forward key: the ORM reads and writes the key and assigns instances through
 * {@link KeyHolder}, an internal type that the public {@link ForeignKey} must not show among its
 * direct supertypes (docs/api.md).
 */
abstract class KeyedHolder extends AbstractHolder implements KeyHolder {
}
