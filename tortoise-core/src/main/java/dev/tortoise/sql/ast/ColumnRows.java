package dev.tortoise.sql.ast;

import java.lang.reflect.Array;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a many-row INSERT or UPDATE held as one value array per column, each column with
 * one bind type and column type (from field metadata), so that a dialect that binds rows as
 * arrays ({@code unnest} on PostgreSQL) binds each column with one bind (its array, or the text of
 * it), with no bind per value.
 *
 * <p>It is also the list of those rows, each a list of binds ({@code new Bind(value, type(c),
 * columnType(c))}, as a field's bind makes them), built on demand: dialects that write VALUES rows
 * read it as any other rows. Its equality is the list's (binds compare by shape, not value);
 * another {@code ColumnRows} compares by column types, array-bindability and size without building
 * any row.
 *
 * <p>A column may hold one value for all rows ({@link #shared(int)}): the writer set it once for
 * the whole call (an {@code auto_now} instant), so that a dialect may bind it once instead of as an
 * array. Rows with such a column are equal only to {@code ColumnRows} of that shape (their text
 * differs where the dialect binds it once), and their hash code says so.
 */
public final class ColumnRows extends AbstractList<List<Expr>> {
    private final Class<?>[] types;
    private final ColumnType[] columnTypes;
    /** Per column: its values, an array of exactly {@link #size} elements; null in a {@link #shape()}. */
    private final Object[][] values;
    /** Per column: whether every value is an instance of {@code types[c]}, so the array is of that type. */
    private final boolean[] typed;
    /** Per column: whether it holds one value for all rows, {@code values[c][0]}; null when none does. */
    private final boolean[] shared;
    private final int size;
    private int hash;

    private ColumnRows(Class<?>[] types, ColumnType[] columnTypes, Object[][] values, boolean[] typed,
                       boolean[] shared, int size) {
        this.types = types;
        this.columnTypes = columnTypes;
        this.values = values;
        this.typed = typed;
        this.shared = shared;
        this.size = size;
    }

    /** A builder of rows with these columns' bind types and column types, room made for {@code capacity} rows. */
    public static Builder builder(List<Class<?>> types, List<ColumnType> columnTypes, int capacity) {
        return new Builder(types.toArray(new Class<?>[0]), columnTypes.toArray(new ColumnType[0]),
                Math.max(1, capacity));
    }

    /**
     * Rows equal to these (same size, column types, array-bindability and shared columns) that hold
     * no values, every cell reading as null: a statement's shape to keep as a cache key without
     * keeping the values of the statement it was taken from. They cannot be bound ({@link #array}
     * and {@link #sharedValue} refuse).
     */
    public ColumnRows shape() {
        return values == null ? this : new ColumnRows(types, columnTypes, null, typed, shared, size);
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
        checkValues();
        if (!typed[c]) {
            return null;
        }
        if (shared(c)) {
            // Built on demand: a dialect that binds a shared column once never asks for it.
            Object[] array = (Object[]) Array.newInstance(types[c], size);
            Arrays.fill(array, values[c][0]);
            return array;
        }
        return values[c];
    }

    /** Whether every value of column {@code c} is of {@link #type(int)}, so that it can be bound as one array. */
    public boolean typed(int c) {
        return typed[c];
    }

    /**
     * Whether column {@code c} holds one value for all rows, {@link #sharedValue(int)}, because the
     * writer set it once for all of them (not because the values happen to be equal).
     */
    public boolean shared(int c) {
        return shared != null && shared[c];
    }

    /** Whether some column is {@link #shared(int)}. */
    public boolean anyShared() {
        return shared != null;
    }

    /**
     * Whether two statements' rows are equal both ways: a plain list of rows may equal rows with a
     * shared column element by element, while the reverse is false (their text differs), so a
     * statement's equality asks this instead of {@code a.equals(b)}.
     */
    public static boolean sameRows(List<?> a, List<?> b) {
        return anyShared(a) == anyShared(b) && a.equals(b);
    }

    private static boolean anyShared(List<?> rows) {
        return rows instanceof ColumnRows c && c.anyShared();
    }

    /** The value of a {@link #shared(int)} column, the same in every row. */
    public Object sharedValue(int c) {
        if (!shared(c)) {
            throw new IllegalStateException("column " + c + " is not shared");
        }
        checkValues();
        return values[c][0];
    }

    private void checkValues() {
        if (values == null) {
            throw new IllegalStateException("rows taken as a statement's shape hold no values");
        }
    }

    /** The value of row {@code r}, column {@code c}. */
    public Object value(int r, int c) {
        return values == null ? null : values[c][shared(c) ? 0 : r];
    }

    /** The bind of row {@code r}, column {@code c}. */
    public Bind bind(int r, int c) {
        return new Bind(value(r, c), types[c], columnTypes[c]);
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
                    && Arrays.equals(cr.typed, typed) && Arrays.equals(cr.shared, shared);
        }
        return shared == null && super.equals(o);
    }

    /**
     * The list's hash code, as if computed from its rows, without building them: every row's is the
     * same; with a shared column, mixed with which columns are shared (they are no plain list's equal).
     */
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
            if (shared != null) {
                h = 31 * h + Arrays.hashCode(shared);
            }
            hash = h;
        }
        return h;
    }

    /** Rows added one value at a time, column by column; {@link #rows} hands out a range of them. */
    public static final class Builder {
        private static final byte UNSET = 0;
        private static final byte PER_ROW = 1;
        private static final byte SHARED = 2;

        private final Class<?>[] types;
        private final ColumnType[] columnTypes;
        private final Object[][] values;
        private final boolean[] typed;
        /** Per column: UNSET before its first value, SHARED while every row took {@link #setShared}'s value. */
        private final byte[] modes;
        /** The rows each column's array is first made for; a column's array is made at its first value. */
        private final int capacity;
        private int size;

        private Builder(Class<?>[] types, ColumnType[] columnTypes, int capacity) {
            if (types.length != columnTypes.length) {
                throw new IllegalArgumentException(types.length + " types for " + columnTypes.length + " columns");
            }
            this.types = types;
            this.columnTypes = columnTypes;
            this.values = new Object[types.length][];
            this.typed = new boolean[types.length];
            this.modes = new byte[types.length];
            this.capacity = capacity;
            for (int c = 0; c < types.length; c++) {
                typed[c] = !types[c].isPrimitive();
            }
        }

        /** A new array for column {@code c}'s values, of its type while it is typed. */
        private Object[] newColumn(int c, int length) {
            return typed[c] ? (Object[]) Array.newInstance(types[c], length) : new Object[length];
        }

        /**
         * Sets column {@code c} of the row being added to a value the caller set once for all the rows
         * it adds ({@code value} is the same object every time, e.g. the call's {@code auto_now}
         * instant): while every row takes it this way, the column holds it once ({@link
         * ColumnRows#shared}); a row given its own value with {@link #set} makes it an ordinary column.
         */
        public Builder setShared(int c, Object value) {
            if (modes[c] == SHARED) {
                if (values[c][0] != value) {
                    throw new IllegalArgumentException("column " + c + " was shared with another value");
                }
                return this;
            }
            if (modes[c] == UNSET && size == 0) {
                // Held once while shared: the column gets room for every row only if a row brings its own value.
                values[c] = newColumn(c, 1);
                set(c, value);
                modes[c] = SHARED;
                return this;
            }
            return set(c, value);
        }

        /** Sets column {@code c} of the row being added (the one {@link #endRow} will close). */
        public Builder set(int c, Object value) {
            Object[] column = values[c];
            if (column == null) {
                column = newColumn(c, Math.max(capacity, size + 1));
                values[c] = column;
            } else if (size >= column.length) {
                column = Arrays.copyOf(column, Math.max(capacity, size + (size >> 1) + 1));
                values[c] = column;
            }
            if (modes[c] == SHARED) {
                // A row with its own value: the rows so far get the shared one each, as if set one by one.
                Arrays.fill(column, 1, size, column[0]);
            }
            modes[c] = PER_ROW;
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
            boolean[] shared = null;
            for (int c = 0; c < types.length; c++) {
                Object[] column = values[c];
                if (column == null) {
                    out[c] = newColumn(c, 0);
                    continue;
                }
                if (modes[c] == SHARED && from < to) {
                    if (shared == null) {
                        shared = new boolean[types.length];
                    }
                    shared[c] = true;
                    out[c] = Arrays.copyOf(column, 1);
                    continue;
                }
                // The whole of an exactly sized column is handed out as it is: the common single-batch case.
                out[c] = from == 0 && to == column.length ? column : Arrays.copyOfRange(column, from, to);
            }
            return new ColumnRows(types, columnTypes, out, typed.clone(), shared, to - from);
        }
    }
}
