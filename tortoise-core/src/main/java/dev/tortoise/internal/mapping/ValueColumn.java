package dev.tortoise.internal.mapping;

import dev.tortoise.model.FieldMeta;

/**
 * One value column of a result: read through {@code field}'s type when there is one, else
 * converted to {@code valueType} (null: as the driver returns it); {@code key} names it in a map
 * row or an instance's annotations.
 */
public record ValueColumn(String key, FieldMeta field, Class<?> valueType) {
}
