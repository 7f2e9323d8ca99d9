package dev.tortoise.sql.ast;

/** A reference to an output column alias of the same SELECT (an annotation used in ORDER BY or HAVING). */
public record AliasRef(String alias) implements Expr {
    @Override
    public <R> R accept(ExprVisitor<R> v) {
        return v.visitAliasRef(this);
    }
}
