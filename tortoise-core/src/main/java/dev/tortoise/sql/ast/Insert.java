package dev.tortoise.sql.ast;

import java.util.List;

/**
 * An INSERT of one or more rows. When {@code returning} is not empty the statement yields those
 * columns of the inserted rows, in the dialect's way (RETURNING, or a data-change table). The rows
 * may be {@link ColumnRows} (one array per column), which a dialect may bind as arrays.
 *
 * <p>With {@code keysAsText} (one returning column, of an integer type) the statement yields the
 * inserted rows' keys, in the order the rows were inserted, either as rows of that column, as without it,
 * or, where the dialect can aggregate them (PostgreSQL), as one row whose only column is a text: when the
 * keys step by one from row to row, the first row's key in decimal, a colon and how many keys there are,
 * negated when they step down ({@code 101:1000} for 101 up to 1100, {@code -10:-3} for -10, -11, -12);
 * otherwise every key in decimal, joined by commas, in the rows' order; NULL for no rows. A reader takes
 * any of these forms; one text costs the driver one row instead of one per inserted row, and a range
 * costs neither side a character per key.
 */
public record Insert(TableRef table, List<String> columns, List<List<Expr>> rows, List<String> returning,
                     OnConflict onConflict, boolean keysAsText) implements Statement {
    public Insert {
        columns = List.copyOf(columns);
        // Column arrays are immutable once built and are not copied (a copy would build every row's binds).
        rows = rows instanceof ColumnRows ? rows : List.copyOf(rows);
        returning = returning == null ? List.of() : List.copyOf(returning);
        if (keysAsText && returning.size() != 1) {
            throw new IllegalArgumentException("Keys as text need exactly one returning column, got " + returning);
        }
    }

    /** An insert whose returned columns come back as rows. */
    public Insert(TableRef table, List<String> columns, List<List<Expr>> rows, List<String> returning,
                  OnConflict onConflict) {
        this(table, columns, rows, returning, onConflict, false);
    }

    /** This insert with other rows (of the same width). */
    public Insert withRows(List<List<Expr>> rows) {
        return new Insert(table, columns, rows, returning, onConflict, keysAsText);
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
                && java.util.Objects.equals(onConflict, i.onConflict) && keysAsText == i.keysAsText;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, columns, rows, returning, onConflict, keysAsText);
    }
}
