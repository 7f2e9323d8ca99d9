package dev.tortoise.query;

/**
 * What get_or_create and update_or_create return, Tortoise's {@code (instance, created)} tuple.
 *
 * @param instance the instance found, updated or created
 * @param created whether a new row was inserted
 */
public record CreateResult<T>(T instance, boolean created) {
}
