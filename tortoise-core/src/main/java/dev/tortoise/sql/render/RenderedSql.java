package dev.tortoise.sql.render;

import dev.tortoise.sql.ast.Bind;
import java.util.AbstractList;
import java.util.List;

/**
 * A statement as SQL text for one dialect plus its bind values in marker order.
 *
 * @param sql the text, with the dialect's bind markers and no inlined values
 * @param binds the values, one per marker; taken as given, not copied (the renderer hands over an
 *     unmodifiable view of a list nothing else holds), so executing a statement copies nothing
 */
public record RenderedSql(String sql, List<Bind> binds) {

    /**
     * The bind values alone, in marker order (nulls kept): a read-only view over {@link #binds},
     * so that handing them to a statement listener copies nothing.
     */
    public List<Object> values() {
        List<Bind> b = binds;
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                return b.get(index).value();
            }

            @Override
            public int size() {
                return b.size();
            }
        };
    }

    @Override
    public String toString() {
        return sql;
    }
}
