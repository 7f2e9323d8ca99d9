package dev.tortoise.sql.ast;

/** DROP TABLE. */
public record DropTable(TableRef table) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitDropTable(this);
    }
}
