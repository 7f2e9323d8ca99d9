package dev.tortoise.migrations;

import dev.tortoise.sql.ast.ColumnType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The database schema the models describe at one migration: tables (model tables and M2M join
 * tables) with their columns, unique constraints, indexes and foreign keys, in a stable order so
 * that the same models always give the same state (and the same state file, byte for byte).
 */
public record SchemaState(List<Table> tables) {

    public SchemaState {
        List<Table> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparing(Table::name));
        tables = List.copyOf(sorted);
    }

    /** The state of no tables at all (before the first migration). */
    public static SchemaState empty() {
        return new SchemaState(List.of());
    }

    /** The state a state file holds (as written beside each migration). */
    public static SchemaState fromJson(String json) {
        return StateFiles.read(json);
    }

    /** The state as a state file holds it: stable JSON, the same bytes for the same state. */
    public String toJson() {
        return StateFiles.write(this);
    }

    /** The table of that name, or null. */
    public Table table(String name) {
        for (Table t : tables) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * A table.
     *
     * @param schema the database schema it lives in ({@code ""} for the connection's default)
     * @param comment the table comment ({@code ""} for none)
     * @param joinTable whether it is an M2M join table (no model of its own)
     * @param columns in model order
     * @param uniques unique constraints (single columns and unique_together), sorted by name
     * @param indexes indexes (db_index, Meta.indexes, an M2M table's unique pair index), sorted by name
     * @param foreignKeys sorted by column
     */
    public record Table(String name, String schema, String comment, boolean joinTable, List<Column> columns,
                        List<Index> uniques, List<Index> indexes, List<ForeignKey> foreignKeys) {
        public Table {
            columns = List.copyOf(columns);
            uniques = sortedByName(uniques);
            indexes = sortedByName(indexes);
            List<ForeignKey> fks = new ArrayList<>(foreignKeys);
            fks.sort(Comparator.comparing(ForeignKey::column));
            foreignKeys = List.copyOf(fks);
        }

        /** The column of that name, or null. */
        public Column column(String name) {
            for (Column c : columns) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            return null;
        }

        /** The primary key column, or null. */
        public Column pk() {
            for (Column c : columns) {
                if (c.primaryKey()) {
                    return c;
                }
            }
            return null;
        }

        private static List<Index> sortedByName(List<Index> in) {
            List<Index> out = new ArrayList<>(in);
            out.sort(Comparator.comparing(Index::name));
            return List.copyOf(out);
        }
    }

    /**
     * A column.
     *
     * @param type the neutral column type each dialect names
     * @param generated whether the database generates the value (a generated key)
     * @param defaultValue the field's constant default as text (the ORM applies it on insert; a
     *     migration uses it to fill rows of an added NOT NULL column), or null
     * @param comment the column comment ({@code ""} for none)
     */
    public record Column(String name, ColumnType type, boolean nullable, boolean primaryKey, boolean generated,
                         String defaultValue, String comment) {
        /** Whether the column is the same apart from its name. */
        boolean sameDefinition(Column o) {
            return type.equals(o.type) && nullable == o.nullable && primaryKey == o.primaryKey
                    && generated == o.generated && Objects.equals(defaultValue, o.defaultValue)
                    && comment.equals(o.comment);
        }
    }

    /** A named unique constraint or index over columns. */
    public record Index(String name, List<String> columns, boolean unique) {
        public Index {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A foreign key constraint.
     *
     * @param onDelete its SQL action, e.g. {@code CASCADE}
     */
    public record ForeignKey(String name, String column, String targetTable, String targetSchema,
                             String targetColumn, String onDelete) {
    }
}
