package dev.tortoise.sql.dialect;

import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ForeignKeyDef;

import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.TableRef;
import java.util.List;

/**
 * The statement being written, as a {@link Dialect} hook sees it: hooks append their vendor SQL
 * through it and hand sub-expressions back to the renderer, so that values still become bind
 * markers and identifiers are still quoted by the dialect. Implemented by the renderer.
 *
 * <p>A hook's text must follow from the statement's shape alone, never from a bind's value: the
 * renderer keeps the text per shape ({@link dev.tortoise.sql.ast.Bind#equals} ignores values) and,
 * for a statement of a kept shape, runs the hook again with the text discarded only to collect the
 * binds, which must come out in the same order and number. Values derived from binds (an array of
 * IN-list elements, one array per column) are bound, as they are.
 */
public interface SqlWriter {

    /** Appends SQL text as is (keywords and punctuation only: never values or identifiers). */
    SqlWriter sql(String text);

    /** Appends an identifier in the dialect's quotes. */
    SqlWriter identifier(String name);

    /** Appends {@code "alias"."column"}. */
    SqlWriter qualified(String alias, String column);

    /** Appends a table name, schema-qualified when it has a schema, without its alias. */
    SqlWriter table(TableRef table);

    /** Appends quoted column names separated by commas. */
    SqlWriter columns(List<String> columns);

    /** Renders an expression (binds become markers). */
    SqlWriter expr(Expr expr);

    /** Renders expressions separated by commas. */
    SqlWriter exprs(List<? extends Expr> exprs);

    /** Appends the next bind marker for {@code bind} (with the dialect's {@link Dialect#bindCast} if any). */
    SqlWriter bind(Bind bind);

    /**
     * Appends {@code bind} cast to its column type ({@code CAST($1 AS INT)}), or a plain marker when
     * it has none: a bare parameter in a VALUES table has no type of its own.
     */
    SqlWriter typedBind(Bind bind);

    /**
     * Makes room for {@code markers} more bind markers and {@code chars} more characters of text, so that a hook
     * about to write many rows (a bulk insert's) does not grow the writer's buffers step by step; a hint only,
     * the writer grows as it must either way.
     */
    default SqlWriter reserve(int markers, int chars) {
        return this;
    }

    /** The current length of the text, for {@link #cut}. */
    int mark();

    /** Removes and returns the text written since {@code mark}, so that a hook can wrap it. */
    String cut(int mark);

    /**
     * Appends a column's definition as CREATE TABLE writes it: quoted name, type (or the generated
     * key definition), NOT NULL, PRIMARY KEY / UNIQUE, DEFAULT and the dialect's column options.
     */
    SqlWriter columnDefinition(ColumnDef column);

    /** Appends {@code CONSTRAINT name FOREIGN KEY (col) REFERENCES table (col) ON DELETE action}. */
    SqlWriter foreignKeyDefinition(ForeignKeyDef foreignKey);
}
