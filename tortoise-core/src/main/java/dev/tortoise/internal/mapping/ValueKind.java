package dev.tortoise.internal.mapping;

/** How a row of value columns is handed out. */
public enum ValueKind {
    /** A map of column key to value, in column order ({@code values()}). */
    MAP,
    /** A list of the values in column order ({@code values_list()}). */
    LIST,
    /** The one column's value in a one-element list ({@code values_list(flat=True)}). */
    FLAT
}
