package dev.tortoise.sql.ast;

/** A table, optionally schema-qualified, with the alias the statement refers to it by (may be null). */
public record TableRef(String schema, String name, String alias) {
    public static TableRef of(String schema, String name) {
        return new TableRef(schema, name, null);
    }

    /** The same table under another alias. */
    public TableRef as(String newAlias) {
        return new TableRef(schema, name, newAlias);
    }
}
