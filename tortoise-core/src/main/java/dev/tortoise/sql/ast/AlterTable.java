package dev.tortoise.sql.ast;

import java.util.List;

/**
 * One ALTER TABLE change (a migration step); each dialect spells it through
 * {@code Dialect#writeAlterTable}.
 */
public record AlterTable(TableRef table, Action action) implements Statement {

    /** What an ALTER TABLE changes. */
    public sealed interface Action permits AddColumn, DropColumn, RenameColumn, AlterColumnType, SetNullable,
            SetDefault, AddUnique, DropConstraint, DropForeignKey, RenameConstraint, RenameTo {
    }

    /** ADD COLUMN with its full definition. */
    public record AddColumn(ColumnDef column) implements Action {
    }

    /** DROP COLUMN. */
    public record DropColumn(String column) implements Action {
    }

    /** RENAME COLUMN {@code from} TO {@code to}. */
    public record RenameColumn(String from, String to) implements Action {
    }

    /** Changes a column's type to {@code column.type()}; the whole new definition is given for databases that restate it. */
    public record AlterColumnType(ColumnDef column) implements Action {
    }

    /** SET / DROP NOT NULL; the whole new definition is given for databases that restate it. */
    public record SetNullable(ColumnDef column) implements Action {
    }

    /** SET DEFAULT {@code value}, or DROP DEFAULT when it is null. */
    public record SetDefault(String column, Expr value) implements Action {
    }

    /** ADD CONSTRAINT name UNIQUE (columns). */
    public record AddUnique(String name, List<String> columns) implements Action {
        public AddUnique {
            columns = List.copyOf(columns);
        }
    }

    /** DROP CONSTRAINT of a unique or check constraint. */
    public record DropConstraint(String name) implements Action {
    }

    /** Drops a foreign key constraint. */
    public record DropForeignKey(String name) implements Action {
    }

    /** RENAME CONSTRAINT {@code from} TO {@code to}. */
    public record RenameConstraint(String from, String to) implements Action {
    }

    /** Renames the table (within its schema). */
    public record RenameTo(String name) implements Action {
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitAlterTable(this);
    }
}
