package dev.tortoise.query;

import java.util.List;

/**
 * The options of {@link Manager#bulkCreate(java.util.Collection, BulkCreateOptions)}, Tortoise's
 * keyword arguments of {@code bulk_create} as an immutable value built by name:
 * <pre>{@code
 * events.bulkCreate(list, BulkCreateOptions.defaults().batchSize(500));
 * events.bulkCreate(list, BulkCreateOptions.defaults().ignoreConflicts());
 * events.bulkCreate(list, BulkCreateOptions.defaults().onConflict("name").updateFields("prize"));
 * }</pre>
 * {@code ignoreConflicts} with {@code updateFields}, or only one of {@code updateFields} and
 * {@code onConflict}, is a ParamsError when the bulk create runs (Tortoise's rules).
 */
public final class BulkCreateOptions {
    private static final BulkCreateOptions DEFAULTS = new BulkCreateOptions(null, false, List.of(), List.of(), null);

    private final Integer batchSize;
    private final boolean ignoreConflicts;
    private final List<String> updateFields;
    private final List<String> onConflict;
    private final String connection;

    private BulkCreateOptions(Integer batchSize, boolean ignoreConflicts, List<String> updateFields,
                              List<String> onConflict, String connection) {
        this.batchSize = batchSize;
        this.ignoreConflicts = ignoreConflicts;
        this.updateFields = List.copyOf(updateFields);
        this.onConflict = List.copyOf(onConflict);
        this.connection = connection;
    }

    /** No batch limit, no conflict handling, the routed connection. */
    public static BulkCreateOptions defaults() {
        return DEFAULTS;
    }

    /** At most {@code n} rows per statement. */
    public BulkCreateOptions batchSize(int n) {
        return new BulkCreateOptions(n, ignoreConflicts, updateFields, onConflict, connection);
    }

    /** Skips rows that conflict with a unique key (ON CONFLICT DO NOTHING). */
    public BulkCreateOptions ignoreConflicts() {
        return new BulkCreateOptions(batchSize, true, updateFields, onConflict, connection);
    }

    /** Updates these fields of a conflicting row from the new one; needs {@link #onConflict(String...)}. */
    public BulkCreateOptions updateFields(String... fields) {
        return new BulkCreateOptions(batchSize, ignoreConflicts, List.of(fields), onConflict, connection);
    }

    /** The unique fields a conflict is detected on; needs {@link #updateFields(String...)}. */
    public BulkCreateOptions onConflict(String... fields) {
        return new BulkCreateOptions(batchSize, ignoreConflicts, updateFields, List.of(fields), connection);
    }

    /** Writes on the named connection (Tortoise's {@code using_db}). */
    public BulkCreateOptions usingDb(String connectionName) {
        return new BulkCreateOptions(batchSize, ignoreConflicts, updateFields, onConflict, connectionName);
    }

    /** The most rows per statement, or null for as many as the database allows. */
    public Integer getBatchSize() {
        return batchSize;
    }

    /** Whether rows that conflict with a unique key are skipped. */
    public boolean isIgnoreConflicts() {
        return ignoreConflicts;
    }

    /** The fields updated on conflicting rows (an upsert); empty for none. */
    public List<String> getUpdateFields() {
        return updateFields;
    }

    /** The unique fields whose conflict triggers the update; empty for none. */
    public List<String> getOnConflict() {
        return onConflict;
    }

    /** The connection to write on, or null for the routed one. */
    public String getConnection() {
        return connection;
    }

    @Override
    public String toString() {
        return "BulkCreateOptions[batchSize=" + batchSize + ", ignoreConflicts=" + ignoreConflicts + ", updateFields="
                + updateFields + ", onConflict=" + onConflict + ", connection=" + connection + "]";
    }
}
