package dev.tortoise.sql.ast;

import java.util.List;

/**
 * What an INSERT does when a row conflicts with a unique key: nothing ({@code updateColumns} empty),
 * or update the listed columns from the proposed row, matching on {@code conflictColumns}.
 */
public record OnConflict(List<String> conflictColumns, List<String> updateColumns) {
    public OnConflict {
        conflictColumns = List.copyOf(conflictColumns);
        updateColumns = List.copyOf(updateColumns);
    }
}
