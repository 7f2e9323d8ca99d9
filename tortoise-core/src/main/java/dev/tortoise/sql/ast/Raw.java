package dev.tortoise.sql.ast;

import java.util.List;

/**
 * SQL text written by the application (RawSQL, check constraints): the one node whose text is
 * not produced by the ORM. Its binds are rendered as the dialect's markers wherever the text
 * contains {@code ?}; its references (RawSQL's {@code {field}}) are rendered, quoted by the
 * dialect, at their offsets in the text.
 */
public record Raw(String sql, List<Bind> binds, List<Ref> refs) implements Expr {
    public Raw {
        binds = List.copyOf(binds);
        refs = List.copyOf(refs);
    }

    /** Text with binds and no references. */
    public Raw(String sql, List<Bind> binds) {
        this(sql, binds, List.of());
    }

    /**
     * An expression written into the text before the character at {@code offset} (the text's
     * length: at its end); references are in ascending offset order.
     */
    public record Ref(int offset, Expr expr) {
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitRaw(this);
    }
}
