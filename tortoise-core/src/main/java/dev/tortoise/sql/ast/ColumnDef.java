package dev.tortoise.sql.ast;

/**
 * A column in CREATE TABLE.
 *
 * @param generated whether the database generates the value (identity / serial)
 * @param defaultExpr a DEFAULT expression, or null
 */
public record ColumnDef(String name, ColumnType type, boolean nullable, boolean primaryKey, boolean generated,
                        boolean unique, Expr defaultExpr, String comment) {
}
