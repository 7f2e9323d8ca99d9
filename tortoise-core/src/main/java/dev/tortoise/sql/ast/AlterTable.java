package dev.tortoise.sql.ast;

import java.util.List;

/**
 * One ALTER TABLE change (a migration step); each dialect spells it through
 * {@code Dialect#writeAlterTable}.
 */
public record AlterTable(TableRef table, Action action) implements Statement {

    /** What an ALTER TABLE changes. */
    public sealed interface Action permits AddColumn, DropColumn, RenameColumn, AlterColumnType, SetNullable,
            SetDefault, AddUnique, DropConstraint, DropForeignKey, RenameConstraint, RenameForeignKey, RenameTo,
            SetColumnComment, SetTableComment {
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

    /**
     * Renames a foreign key constraint from {@code from} to {@code to.name()}; {@code to} is its whole
     * definition, for databases that cannot rename one and drop and add it instead.
     */
    public record RenameForeignKey(String from, ForeignKeyDef to) implements Action {
    }

    /**
     * Sets a column's comment ({@code column.comment()}, empty or null to remove it); the whole definition is
     * given for databases that restate the column to change its comment.
     */
    public record SetColumnComment(ColumnDef column) implements Action {
    }

    /** Sets the table's comment (empty or null to remove it). */
    public record SetTableComment(String comment) implements Action {
    }

    /** Renames the table (within its schema). */
    public record RenameTo(String name) implements Action {
    }

    @Override
    public <R> R accept(StatementVisitor<R> v) {
        return v.visitAlterTable(this);
    }
}
