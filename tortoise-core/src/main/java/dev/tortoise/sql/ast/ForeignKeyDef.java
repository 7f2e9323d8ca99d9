package dev.tortoise.sql.ast;

/** A FOREIGN KEY constraint of CREATE TABLE; {@code onDelete} is its SQL action, e.g. {@code CASCADE}. */
public record ForeignKeyDef(String name, String column, TableRef target, String targetColumn, String onDelete) {
}
