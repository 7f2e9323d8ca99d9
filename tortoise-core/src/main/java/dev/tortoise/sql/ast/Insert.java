package dev.tortoise.sql.ast;

import java.util.List;

/**
 * An INSERT of one or more rows. When {@code returning} is not empty the statement yields those
 * columns of the inserted rows, in the dialect's way (RETURNING, or a data-change table). The rows
 * may be {@link ColumnRows} (one array per column), which a dialect may bind as arrays.
 */
public record Insert(TableRef table, List<String> columns, List<List<Expr>> rows, List<String> returning,
                     OnConflict onConflict) implements Statement {
    public Insert {
        columns = List.copyOf(columns);
        // Column arrays are immutable once built and are not copied (a copy would build every row's binds).
        rows = rows instanceof ColumnRows ? rows : List.copyOf(rows);
        returning = returning == null ? List.of() : List.copyOf(returning);
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitInsert(this);
    }

    /** Equal field by field, the rows compared both ways ({@link ColumnRows#sameRows}); the record's hash stays consistent. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Insert i && table.equals(i.table) && columns.equals(i.columns)
                && ColumnRows.sameRows(rows, i.rows) && returning.equals(i.returning)
                && java.util.Objects.equals(onConflict, i.onConflict);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, columns, rows, returning, onConflict);
    }
}
