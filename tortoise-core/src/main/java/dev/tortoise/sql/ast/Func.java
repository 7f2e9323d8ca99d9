package dev.tortoise.sql.ast;

import java.util.List;
import java.util.Map;

/**
 * A call of a SQL function by a neutral name; the dialect maps the name to its own spelling
 * (or reports it as unsupported). {@code dialectNames} overrides the name per dialect
 * ({@code "h2" -> "RAND"}), for functions the application declares itself.
 */
public record Func(String name, List<Expr> args, Map<String, String> dialectNames) implements Expr {
    public Func {
        args = List.copyOf(args);
        dialectNames = dialectNames == null ? Map.of() : Map.copyOf(dialectNames);
    }

    public Func(String name, List<Expr> args) {
        this(name, args, Map.of());
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitFunc(this);
    }
}
