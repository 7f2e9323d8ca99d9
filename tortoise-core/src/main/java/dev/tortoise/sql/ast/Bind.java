package dev.tortoise.sql.ast;

import java.util.Objects;

/**
 * A bind parameter: a slot of the statement's shape ({@link #type} and {@link #columnType}) and
 * either the value that fills it or, in a {@link StatementTemplate}, the index of that value in the
 * array bound beside the statement ({@link BoundStatement}); sent as a bind parameter, never as SQL
 * text.
 *
 * <p>The value is not part of the statement's shape: two binds are equal when their type, column
 * type and slot are, whatever their values, so two statement trees that differ only in bind values
 * are equal and hash alike, and render to the same SQL text (what the renderer's statement cache is
 * keyed by). Code that must tell expressions with different values apart uses
 * {@link BindValues#sameValues}.
 *
 * @param value the value already converted to what the driver accepts (may be null; always null
 *     for a slot)
 * @param type the Java type to bind a null as, and the hint for a cast
 * @param columnType the neutral column type the value is for, or null; a dialect may cast to it
 * @param slot the index of the value in the array bound beside the statement, or -1 when the value
 *     is {@link #value} itself (or made of {@link #elements})
 * @param elements for one array parameter made of several slots (a PostgreSQL {@code = ANY($1)}
 *     IN list), the slots of its elements in order, {@link #type} being the array type; else null
 */
public record Bind(Object value, Class<?> type, ColumnType columnType, int slot, int[] elements) implements Expr {
    public Bind {
        if (type == null) {
            type = value == null ? String.class : value.getClass();
        }
        if (slot < -1 || slot >= 0 && value != null) {
            throw new IllegalArgumentException("A slot bind carries no value and has an index of 0 or more");
        }
        if (elements != null && (slot >= 0 || value != null || !type.isArray())) {
            throw new IllegalArgumentException("An array of slots has an array type, no value and no slot of its own");
        }
    }

    /** A bind carrying its value ({@code slot} -1) or a slot bind. */
    public Bind(Object value, Class<?> type, ColumnType columnType, int slot) {
        this(value, type, columnType, slot, null);
    }

    /** A bind carrying its value. */
    public Bind(Object value, Class<?> type, ColumnType columnType) {
        this(value, type, columnType, -1, null);
    }

    public static Bind of(Object value) {
        return new Bind(value, null, null, -1);
    }

    /**
     * A bind whose value is element {@code slot} of the array bound beside its statement: a value
     * of type {@code type} (null: the value's own class, a String for a null), for a column of
     * {@code columnType}.
     */
    public static Bind slot(int slot, Class<?> type, ColumnType columnType) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be 0 or more, got " + slot);
        }
        return new Bind(null, type, columnType, slot);
    }

    /**
     * One array parameter of type {@code arrayType} whose element {@code i} is the value of slot
     * {@code elements[i]} (taken as given, not copied): an IN list a dialect binds as one array.
     */
    public static Bind slots(int[] elements, Class<?> arrayType) {
        return new Bind(null, arrayType, null, -1, elements);
    }

    /**
     * Whether the value is in the array bound beside the statement rather than in this node (a slot,
     * or an array of slots).
     */
    public boolean isSlot() {
        return slot >= 0 || elements != null;
    }

    /**
     * This bind's value: its own, element {@link #slot} of {@code values} for a slot, or a new array
     * of the elements' values for an array of slots.
     */
    public Object valueIn(Object[] values) {
        if (elements != null) {
            Object array = java.lang.reflect.Array.newInstance(type.getComponentType(), elements.length);
            for (int i = 0; i < elements.length; i++) {
                java.lang.reflect.Array.set(array, i, values[elements[i]]);
            }
            return array;
        }
        return slot < 0 ? value : values[slot];
    }

    /**
     * Equal to another bind of the same type, column type and slot (or element slots); the values are
     * not compared.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Bind b && b.type == type && b.slot == slot && Objects.equals(b.columnType, columnType)
                && java.util.Arrays.equals(b.elements, elements);
    }

    @Override
    public int hashCode() {
        return ((type.hashCode() * 31 + Objects.hashCode(columnType)) * 31 + slot) * 31
                + java.util.Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        return "Bind[value=" + value + ", type=" + type + ", columnType=" + columnType + ", slot=" + slot
                + (elements == null ? "" : ", elements=" + java.util.Arrays.toString(elements)) + "]";
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitBind(this);
    }
}
