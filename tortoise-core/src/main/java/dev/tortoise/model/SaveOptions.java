package dev.tortoise.model;

import java.util.List;

/**
 * How {@code save()} writes an instance (Tortoise's save arguments).
 *
 * @param updateFields the fields to write in an UPDATE (empty for all)
 * @param forceCreate always INSERT
 * @param forceUpdate always UPDATE, failing with IntegrityError when no row matches
 * @param connection the connection name to use (Tortoise's {@code using_db}); null for the model's default
 */
public record SaveOptions(List<String> updateFields, boolean forceCreate, boolean forceUpdate, String connection) {
    public static final SaveOptions DEFAULT = new SaveOptions(List.of(), false, false, null);

    public SaveOptions {
        updateFields = updateFields == null ? List.of() : List.copyOf(updateFields);
    }

    public static SaveOptions updateFields(String... fields) {
        return new SaveOptions(List.of(fields), false, false, null);
    }

    public static SaveOptions creating() {
        return new SaveOptions(List.of(), true, false, null);
    }

    public static SaveOptions updating() {
        return new SaveOptions(List.of(), false, true, null);
    }

    /** The same options on another connection. */
    public SaveOptions using(String connectionName) {
        return new SaveOptions(updateFields, forceCreate, forceUpdate, connectionName);
    }
}
