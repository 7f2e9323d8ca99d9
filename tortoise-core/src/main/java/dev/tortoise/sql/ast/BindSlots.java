package dev.tortoise.sql.ast;

import java.util.Arrays;

/**
 * The values of one statement being built, handed out as {@link Bind#slot slot binds}: each
 * {@link #add} appends a value and returns the bind of its index, so that the statement tree holds
 * no values (its shape alone keys the renderer's statement cache) and the values travel beside it
 * as one array ({@link #bound}). Numbering is the order of {@link #add} calls, so a builder that
 * adds its values in a fixed order gives equal trees for equal shapes. Not thread-safe: one
 * collector per statement being built.
 */
public final class BindSlots {
    private Object[] values = new Object[8];
    private int size;
    /** Whether {@link #values} was handed to a statement ({@link #bound}): the next add copies it first. */
    private boolean handedOver;

    /**
     * Appends {@code value} and returns its slot bind: of {@code type} (null: the value's own class,
     * a String for a null, as {@link Bind} does for a value bind) and {@code columnType} (or null).
     */
    public Bind add(Object value, Class<?> type, ColumnType columnType) {
        if (size == values.length || handedOver) {
            values = Arrays.copyOf(values, size == values.length ? size * 2 : values.length);
            handedOver = false;
        }
        values[size] = value;
        return Bind.slot(size++, type != null ? type : value == null ? String.class : value.getClass(), columnType);
    }

    /** Appends {@code value} as {@link Bind#of} would bind it: its own type, no column type. */
    public Bind add(Object value) {
        return add(value, null, null);
    }

    /** How many values were added. */
    public int size() {
        return size;
    }

    /** The value of slot {@code slot}. */
    public Object value(int slot) {
        if (slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        return values[slot];
    }

    /** Copies the values of slots {@code [from, to)} into {@code dest} at the same indexes. */
    public void copyTo(Object[] dest, int from, int to) {
        if (to > size) {
            throw new IndexOutOfBoundsException("slot " + (to - 1) + " of " + size);
        }
        System.arraycopy(values, from, dest, from, to - from);
    }

    /** A copy of the values added so far, one per slot. */
    public Object[] values() {
        return Arrays.copyOf(values, size);
    }

    /**
     * {@code statement} with the values added so far: a {@link BoundStatement} of a one-off
     * {@link StatementTemplate} (rendered through the renderer's shape cache), or the statement
     * itself when no value was added.
     */
    public Statement bound(Statement statement) {
        if (size == 0) {
            return statement;
        }
        // The array itself, not a copy (it may be longer than the slots: the extra elements are never read);
        // a later add copies it first, so the statement's values stay as they are.
        handedOver = true;
        return new BoundStatement(StatementTemplate.oneOff(statement, size), values);
    }
}
