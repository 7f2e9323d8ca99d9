package dev.tortoise.sql.ast;

/** Renames an index on {@code table} from {@code from} to {@code to}. */
public record RenameIndex(TableRef table, String from, String to) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitRenameIndex(this);
    }
}
