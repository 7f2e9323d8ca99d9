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
 * @param rows each row: the key value, then one value per column; every value a bind. May be
 *     {@link ColumnRows#bindRows()} (one array per column, the key's first), which a dialect may bind as arrays
 */
public record UpdateRows(TableRef table, String keyColumn, List<String> columns, List<List<Bind>> rows)
        implements Statement {
    public UpdateRows {
        columns = List.copyOf(columns);
        // Column arrays are immutable once built and are not copied (a copy would build every row's binds).
        rows = (Object) rows instanceof ColumnRows ? rows : rows.stream().map(List::copyOf).toList();
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitUpdateRows(this);
    }

    /** Equal field by field, the rows compared both ways ({@link ColumnRows#sameRows}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateRows u && table.equals(u.table) && keyColumn.equals(u.keyColumn)
                && columns.equals(u.columns) && ColumnRows.sameRows(rows, u.rows);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, keyColumn, columns, rows);
    }
}
