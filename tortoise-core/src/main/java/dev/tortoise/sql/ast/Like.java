package dev.tortoise.sql.ast;

/**
 * A LIKE match of an expression's text form against a pattern whose {@code %}, {@code _} and
 * {@code \} are escaped with backslash; {@code caseInsensitive} compares upper-cased forms.
 */
public record Like(Expr expr, Expr pattern, boolean caseInsensitive) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitLike(this);
    }
}
