package dev.tortoise.sql.ast;

import java.util.List;

/**
 * An operation whose SQL differs enough between databases that only the dialect can spell it
 * (regex match, full-text search, JSON containment and paths). A dialect that cannot spell it
 * raises UnSupportedError when rendering.
 */
public record DialectOp(Kind kind, List<Expr> args, List<String> path) implements Expr {

    /** The operations a dialect may spell in its own way. */
    public enum Kind {
        POSIX_REGEX, IPOSIX_REGEX, SEARCH, JSON_CONTAINS, JSON_CONTAINED_BY, JSON_PATH_TEXT, JSON_PATH
    }

    public DialectOp {
        args = List.copyOf(args);
        path = path == null ? List.of() : List.copyOf(path);
    }

    public DialectOp(Kind kind, List<Expr> args) {
        this(kind, args, List.of());
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitDialectOp(this);
    }
}
