package dev.tortoise.sql.ast;

import java.util.List;

/**
 * What an INSERT does when a row conflicts with a unique key: nothing ({@code updateColumns} empty),
 * or update the listed columns from the proposed row, matching on {@code conflictColumns}.
 *
 * @param conflictColumns the unique key the upsert matches on (may be empty for "do nothing")
 * @param updateColumns the columns set from the proposed row when it conflicts; empty: do nothing
 * @param uniqueKeys every unique key among the inserted columns, for dialects that must name the
 *     keys a "do nothing" matches on (a MERGE) or check that an update's conflict columns are a unique key;
 *     ignored where a conflict on any key can be caught (empty: unknown, nothing checked)
 */
public record OnConflict(List<String> conflictColumns, List<String> updateColumns, List<List<String>> uniqueKeys) {
    public OnConflict {
        conflictColumns = List.copyOf(conflictColumns);
        updateColumns = List.copyOf(updateColumns);
        uniqueKeys = uniqueKeys == null ? List.of() : uniqueKeys.stream().map(List::copyOf).toList();
    }

    public OnConflict(List<String> conflictColumns, List<String> updateColumns) {
        this(conflictColumns, updateColumns, List.of());
    }

    /** Whether a conflicting row is skipped rather than updated. */
    public boolean doNothing() {
        return updateColumns.isEmpty();
    }
}
