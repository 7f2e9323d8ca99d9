package dev.tortoise.sql.render;

import dev.tortoise.sql.ast.Bind;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement as SQL text for one dialect plus its bind values in marker order.
 *
 * @param sql the text, with the dialect's bind markers and no inlined values
 * @param binds the values, one per marker; taken as given, not copied (the renderer hands over an
 *     unmodifiable view of a list nothing else holds), so executing a statement copies nothing
 */
public record RenderedSql(String sql, List<Bind> binds) {

    /** The bind values alone, in marker order (nulls kept), as a new list. */
    public List<Object> values() {
        List<Object> out = new ArrayList<>(binds.size());
        for (Bind b : binds) {
            out.add(b.value());
        }
        return out;
    }

    @Override
    public String toString() {
        return sql;
    }
}
