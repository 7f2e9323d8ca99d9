package dev.tortoise.sql.ast;

/** A DELETE from one table; {@code where} may be null (every row). */
public record Delete(TableRef table, Expr where) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitDelete(this);
    }
}
