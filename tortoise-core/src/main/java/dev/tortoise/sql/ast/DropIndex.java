package dev.tortoise.sql.ast;

/** DROP INDEX of the named index on {@code table} (some databases need the table). */
public record DropIndex(String name, TableRef table) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitDropIndex(this);
    }
}
