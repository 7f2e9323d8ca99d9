package dev.tortoise.sql.ast;

/** COMMENT ON TABLE (column null) or COMMENT ON COLUMN. The comment text is a string literal escaped by the renderer. */
public record CommentOn(TableRef table, String column, String comment) implements Statement {
    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitComment(this);
    }
}
