package dev.tortoise.sql.ast;

import java.lang.reflect.Array;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a many-row INSERT or UPDATE held as one value array per column, each column with
 * one bind type and column type (from field metadata), so that a dialect that binds rows as
 * arrays ({@code unnest} on PostgreSQL) binds each column's array as it is, with no bind per value.
 *
 * <p>It is also the list of those rows, each a list of binds ({@code new Bind(value, type(c),
 * columnType(c))}, as a field's bind makes them), built on demand: dialects that write VALUES rows
 * read it as any other rows. Its equality is the list's (binds compare by shape, not value);
 * another {@code ColumnRows} compares by column types, array-bindability and size without building
 * any row.
 */
public final class ColumnRows extends AbstractList<List<Expr>> {
    private final Class<?>[] types;
    private final ColumnType[] columnTypes;
    /** Per column: its values, an array of exactly {@link #size} elements. */
    private final Object[][] values;
    /** Per column: whether every value is an instance of {@code types[c]}, so the array is of that type. */
    private final boolean[] typed;
    private final int size;
    private int hash;

    private ColumnRows(Class<?>[] types, ColumnType[] columnTypes, Object[][] values, boolean[] typed, int size) {
        this.types = types;
        this.columnTypes = columnTypes;
        this.values = values;
        this.typed = typed;
        this.size = size;
    }

    /** A builder of rows with these columns' bind types and column types, room made for {@code capacity} rows. */
    public static Builder builder(List<Class<?>> types, List<ColumnType> columnTypes, int capacity) {
        return new Builder(types.toArray(new Class<?>[0]), columnTypes.toArray(new ColumnType[0]),
                Math.max(1, capacity));
    }

    /** How many columns each row has. */
    public int width() {
        return types.length;
    }

    /** The class column {@code c}'s values are bound as (a null too). */
    public Class<?> type(int c) {
        return types[c];
    }

    /** The neutral column type of column {@code c}. */
    public ColumnType columnType(int c) {
        return columnTypes[c];
    }

    /**
     * Column {@code c}'s values as one array of {@link #type(int)} (its runtime component type), one
     * element per row, nulls included; null when some value is not of that type (a field type whose
     * database value varies), so that the column cannot be bound as one array.
     */
    public Object[] array(int c) {
        return typed[c] ? values[c] : null;
    }

    /** The value of row {@code r}, column {@code c}. */
    public Object value(int r, int c) {
        return values[c][r];
    }

    /** The bind of row {@code r}, column {@code c}. */
    public Bind bind(int r, int c) {
        return new Bind(values[c][r], types[c], columnTypes[c]);
    }

    /** Row {@code r} as binds, built now. */
    @Override
    public List<Expr> get(int r) {
        if (r < 0 || r >= size) {
            throw new IndexOutOfBoundsException("row " + r + " of " + size);
        }
        Expr[] row = new Expr[types.length];
        for (int c = 0; c < row.length; c++) {
            row[c] = bind(r, c);
        }
        return List.of(row);
    }

    /** These rows as rows of binds (the type bulk updates take): every element of every row is a bind. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<List<Bind>> bindRows() {
        return (List) this;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ColumnRows cr) {
            return cr.size == size && Arrays.equals(cr.types, types) && Arrays.equals(cr.columnTypes, columnTypes)
                    && Arrays.equals(cr.typed, typed);
        }
        return super.equals(o);
    }

    /** The list's hash code, as if computed from its rows, without building them: every row's is the same. */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            int rowHash = 1;
            for (int c = 0; c < types.length; c++) {
                rowHash = 31 * rowHash + new Bind(null, types[c], columnTypes[c]).hashCode();
            }
            h = 1;
            for (int r = 0; r < size; r++) {
                h = 31 * h + rowHash;
            }
            hash = h;
        }
        return h;
    }

    /** Rows added one value at a time, column by column; {@link #rows} hands out a range of them. */
    public static final class Builder {
        private final Class<?>[] types;
        private final ColumnType[] columnTypes;
        private final Object[][] values;
        private final boolean[] typed;
        private int size;

        private Builder(Class<?>[] types, ColumnType[] columnTypes, int capacity) {
            if (types.length != columnTypes.length) {
                throw new IllegalArgumentException(types.length + " types for " + columnTypes.length + " columns");
            }
            this.types = types;
            this.columnTypes = columnTypes;
            this.values = new Object[types.length][];
            this.typed = new boolean[types.length];
            for (int c = 0; c < types.length; c++) {
                typed[c] = !types[c].isPrimitive();
                values[c] = typed[c] ? (Object[]) Array.newInstance(types[c], capacity) : new Object[capacity];
            }
        }

        /** Sets column {@code c} of the row being added (the one {@link #endRow} will close). */
        public Builder set(int c, Object value) {
            Object[] column = values[c];
            if (size == column.length) {
                column = Arrays.copyOf(column, size + (size >> 1) + 1);
                values[c] = column;
            }
            if (value != null && typed[c] && !types[c].isInstance(value)) {
                // A value of another class: the column keeps it, in an Object[], and goes as VALUES rows.
                typed[c] = false;
                column = Arrays.copyOf(column, column.length, Object[].class);
                values[c] = column;
            }
            column[size] = value;
            return this;
        }

        /** Closes the row being added; every column must have been set. */
        public void endRow() {
            size++;
        }

        /** How many rows were added. */
        public int size() {
            return size;
        }

        /** Rows {@code from} (inclusive) to {@code to} (exclusive); later additions do not change them. */
        public ColumnRows rows(int from, int to) {
            if (from < 0 || to > size || from > to) {
                throw new IndexOutOfBoundsException("rows " + from + " to " + to + " of " + size);
            }
            Object[][] out = new Object[types.length][];
            for (int c = 0; c < types.length; c++) {
                Object[] column = values[c];
                // The whole of an exactly sized column is handed out as it is: the common single-batch case.
                out[c] = from == 0 && to == column.length ? column : Arrays.copyOfRange(column, from, to);
            }
            return new ColumnRows(types, columnTypes, out, typed.clone(), to - from);
        }
    }
}
