package dev.tortoise.sql.ast;

/** ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY: a constraint created after its tables (to break a cycle). */
public record AddForeignKey(TableRef table, ForeignKeyDef foreignKey, boolean ifNotExists) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitAddForeignKey(this);
    }
}
