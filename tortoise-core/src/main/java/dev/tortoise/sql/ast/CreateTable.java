package dev.tortoise.sql.ast;

import java.util.List;

/**
 * CREATE TABLE with its columns and table-level constraints.
 *
 * @param uniqueTogether named unique constraints over several columns
 * @param checks named check constraints (user SQL, as {@link Raw})
 */
public record CreateTable(TableRef table, boolean ifNotExists, List<ColumnDef> columns,
                          List<NamedColumns> uniqueTogether, List<NamedCheck> checks, List<ForeignKeyDef> foreignKeys,
                          String comment) implements Statement {

    /** A constraint or index name with the columns it covers. */
    public record NamedColumns(String name, List<String> columns) {
        public NamedColumns {
            columns = List.copyOf(columns);
        }
    }

    /** A named CHECK constraint. */
    public record NamedCheck(String name, Raw condition) {
    }

    public CreateTable {
        columns = List.copyOf(columns);
        uniqueTogether = List.copyOf(uniqueTogether);
        checks = List.copyOf(checks);
        foreignKeys = List.copyOf(foreignKeys);
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitCreateTable(this);
    }
}
