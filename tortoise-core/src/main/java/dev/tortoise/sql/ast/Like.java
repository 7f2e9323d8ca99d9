package dev.tortoise.sql.ast;

/**
 * A LIKE match of an expression's text form against a pattern whose {@code %}, {@code _} and
 * {@code \} are escaped with backslash; {@code caseInsensitive} compares upper-cased forms.
 *
 * @param textOperand whether {@code expr} is already text (a char or text column), so that it is
 *     matched as it is, where an index on it can serve; otherwise it is cast to text first
 */
public record Like(Expr expr, Expr pattern, boolean caseInsensitive, boolean textOperand) implements Expr {

    /** A match whose operand is not known to be text (it is cast to text). */
    public Like(Expr expr, Expr pattern, boolean caseInsensitive) {
        this(expr, pattern, caseInsensitive, false);
    }

    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitLike(this);
    }
}
