package dev.tortoise.query;

import java.util.Collections;
import java.util.List;

/**
 * A statement's SQL text as the database receives it, and its bind values in marker order.
 *
 * @param text the SQL with bind markers ({@code $1} or {@code ?}); values are never inlined
 * @param bindings the values
 */
public record SqlText(String text, List<Object> bindings) {
    public SqlText {
        bindings = Collections.unmodifiableList(new java.util.ArrayList<>(bindings));
    }

    @Override
    public String toString() {
        return text;
    }
}
