package dev.tortoise.sql.ast;

/**
 * Moves the generator (sequence, identity) of a table's integer key past {@code value}, a key
 * that was inserted explicitly, so that later generated keys do not collide with it.
 */
public record AdvanceGeneratedKey(TableRef table, String column, long value) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitAdvanceGeneratedKey(this);
    }
}
