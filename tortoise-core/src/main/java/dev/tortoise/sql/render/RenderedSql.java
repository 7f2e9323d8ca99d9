package dev.tortoise.sql.render;

import dev.tortoise.sql.ast.Bind;
import java.util.AbstractList;
import java.util.List;

/**
 * A statement as SQL text for one dialect plus its bind markers in order, and the values of the
 * markers that are {@link Bind#slot slots}.
 *
 * @param sql the text, with the dialect's bind markers and no inlined values
 * @param binds one per marker; taken as given, not copied (the renderer hands over an unmodifiable
 *     view of a list nothing else holds), so executing a statement copies nothing
 * @param slotValues the values the slot binds among {@code binds} index (a template's execution),
 *     or null when every bind carries its own value; taken as given, not copied
 */
public record RenderedSql(String sql, List<Bind> binds, Object[] slotValues) {

    /** A statement whose binds carry their own values. */
    public RenderedSql(String sql, List<Bind> binds) {
        this(sql, binds, null);
    }

    /**
     * The value of marker {@code index} (0-based): the bind's own, its slot's, or for an array of
     * slots a new array of theirs.
     */
    public Object value(int index) {
        return binds.get(index).valueIn(slotValues);
    }

    /**
     * The bind values alone, in marker order (nulls kept): a read-only view over {@link #binds},
     * so that handing them to a statement listener copies nothing.
     */
    public List<Object> values() {
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                return value(index);
            }

            @Override
            public int size() {
                return binds.size();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedSql r && r.sql.equals(sql) && r.binds.equals(binds)
                && java.util.Arrays.equals(r.slotValues, slotValues);
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + binds.hashCode();
    }

    @Override
    public String toString() {
        return sql;
    }
}
