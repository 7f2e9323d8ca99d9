package dev.tortoise.sql.ast;

import java.util.List;

/**
 * Updates many rows, each to its own values: for every given row, the table row whose
 * {@code keyColumn} equals the row's first value gets the row's other values in {@code columns}.
 * Rendered per dialect as a join against the given rows (UPDATE ... FROM, or MERGE), so that the
 * cost grows linearly with the number of rows, unlike a CASE per column.
 *
 * @param keyColumn the key matched on (the primary key)
 * @param columns the columns set
 * @param rows each row: the key value, then one value per column; every value a bind
 */
public record UpdateRows(TableRef table, String keyColumn, List<String> columns, List<List<Bind>> rows)
        implements Statement {
    public UpdateRows {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitUpdateRows(this);
    }
}
