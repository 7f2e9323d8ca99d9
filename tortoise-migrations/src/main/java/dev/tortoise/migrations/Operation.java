package dev.tortoise.migrations;

/**
 * One change between two schema states. Every operation knows its inverse, which the down script
 * runs at the mirrored point of the reversed sequence (so it names tables and columns as they are
 * at that point).
 */
public sealed interface Operation {

    /** The operation that undoes this one. */
    Operation inverse();

    /** The change in words, for migration comments, refusals and the drift check. */
    String describe();

    /** The order class within a migration (renames, drops of constraints, ..., new constraints, comments). */
    int phase();

    private static String q(String schema, String table) {
        return schema.isEmpty() ? table : schema + "." + table;
    }

    /** A new table with its columns, unique constraints, indexes and comments (foreign keys come apart). */
    record CreateTable(SchemaState.Table table) implements Operation {
        public Operation inverse() {
            return new DropTable(table);
        }

        public String describe() {
            return "create table " + q(table.schema(), table.name());
        }

        public int phase() {
            return 6;
        }
    }

    /** A dropped table (its foreign keys are dropped apart, before it). */
    record DropTable(SchemaState.Table table) implements Operation {
        public Operation inverse() {
            return new CreateTable(table);
        }

        public String describe() {
            return "drop table " + q(table.schema(), table.name());
        }

        public int phase() {
            return 10;
        }
    }

    record RenameTable(String schema, String from, String to) implements Operation {
        public Operation inverse() {
            return new RenameTable(schema, to, from);
        }

        public String describe() {
            return "rename table " + q(schema, from) + " to " + to;
        }

        public int phase() {
            return 1;
        }
    }

    record AddColumn(String schema, String table, SchemaState.Column column) implements Operation {
        public Operation inverse() {
            return new DropColumn(schema, table, column);
        }

        public String describe() {
            return "add column " + q(schema, table) + "." + column.name();
        }

        public int phase() {
            return 7;
        }
    }

    record DropColumn(String schema, String table, SchemaState.Column column) implements Operation {
        public Operation inverse() {
            return new AddColumn(schema, table, column);
        }

        public String describe() {
            return "drop column " + q(schema, table) + "." + column.name();
        }

        public int phase() {
            return 9;
        }
    }

    record RenameColumn(String schema, String table, String from, String to) implements Operation {
        public Operation inverse() {
            return new RenameColumn(schema, table, to, from);
        }

        public String describe() {
            return "rename column " + q(schema, table) + "." + from + " to " + to;
        }

        public int phase() {
            return 2;
        }
    }

    /** A column whose type, length, nullability, default or comment changes. */
    record AlterColumn(String schema, String table, SchemaState.Column before, SchemaState.Column after)
            implements Operation {
        public Operation inverse() {
            return new AlterColumn(schema, table, after, before);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder("alter column " + q(schema, table) + "." + after.name() + ":");
            if (!before.type().equals(after.type())) {
                sb.append(" type ").append(Ddl.typeText(before.type())).append(" -> ")
                        .append(Ddl.typeText(after.type()));
            }
            if (before.nullable() != after.nullable()) {
                sb.append(after.nullable() ? " null" : " not null");
            }
            if (!java.util.Objects.equals(before.defaultValue(), after.defaultValue())) {
                sb.append(" default ").append(before.defaultValue()).append(" -> ").append(after.defaultValue());
            }
            if (!before.comment().equals(after.comment())) {
                sb.append(" comment '").append(before.comment()).append("' -> '").append(after.comment())
                        .append("'");
            }
            return sb.toString();
        }

        public int phase() {
            return 8;
        }
    }

    /**
     * A new unique constraint ({@code constraint}) or index.
     */
    record AddIndex(String schema, String table, SchemaState.Index index, boolean constraint) implements Operation {
        public Operation inverse() {
            return new DropIndex(schema, table, index, constraint);
        }

        public String describe() {
            return "add " + (constraint ? "unique constraint " : index.unique() ? "unique index " : "index ")
                    + index.name() + " on " + q(schema, table) + " " + index.columns();
        }

        public int phase() {
            return 11;
        }
    }

    record DropIndex(String schema, String table, SchemaState.Index index, boolean constraint) implements Operation {
        public Operation inverse() {
            return new AddIndex(schema, table, index, constraint);
        }

        public String describe() {
            return "drop " + (constraint ? "unique constraint " : index.unique() ? "unique index " : "index ")
                    + index.name() + " on " + q(schema, table) + " " + index.columns();
        }

        public int phase() {
            return 4;
        }
    }

    /**
     * A constraint or index whose generated name changes with a renamed table or column; its columns before
     * (as the renamed columns were named) and after.
     */
    record RenameIndex(String schema, String table, String from, String to, boolean constraint,
                       java.util.List<String> fromColumns, java.util.List<String> toColumns) implements Operation {
        public Operation inverse() {
            return new RenameIndex(schema, table, to, from, constraint, toColumns, fromColumns);
        }

        public String describe() {
            return "rename " + (constraint ? "constraint " : "index ") + from + " on " + q(schema, table) + " to "
                    + to;
        }

        public int phase() {
            return 5;
        }
    }

    /**
     * A foreign key whose generated name changes with a renamed table or column: {@code foreignKey} is its
     * definition under the new name, naming tables and columns as they are when it runs.
     */
    record RenameForeignKey(String schema, String table, String from, SchemaState.ForeignKey foreignKey)
            implements Operation {
        public Operation inverse() {
            SchemaState.ForeignKey f = foreignKey;
            return new RenameForeignKey(schema, table, f.name(), new SchemaState.ForeignKey(from, f.column(),
                    f.targetTable(), f.targetSchema(), f.targetColumn(), f.onDelete()));
        }

        public String describe() {
            return "rename constraint " + from + " on " + q(schema, table) + " to " + foreignKey.name();
        }

        public int phase() {
            return 5;
        }
    }

    record AddForeignKey(String schema, String table, SchemaState.ForeignKey foreignKey) implements Operation {
        public Operation inverse() {
            return new DropForeignKey(schema, table, foreignKey);
        }

        public String describe() {
            return "add foreign key " + q(schema, table) + "." + foreignKey.column() + " -> "
                    + foreignKey.targetTable() + "." + foreignKey.targetColumn() + " on delete "
                    + foreignKey.onDelete();
        }

        public int phase() {
            return 12;
        }
    }

    record DropForeignKey(String schema, String table, SchemaState.ForeignKey foreignKey) implements Operation {
        public Operation inverse() {
            return new AddForeignKey(schema, table, foreignKey);
        }

        public String describe() {
            return "drop foreign key " + q(schema, table) + "." + foreignKey.column() + " -> "
                    + foreignKey.targetTable() + "." + foreignKey.targetColumn() + " on delete "
                    + foreignKey.onDelete();
        }

        public int phase() {
            return 3;
        }
    }

    record SetTableComment(String schema, String table, String before, String after) implements Operation {
        public Operation inverse() {
            return new SetTableComment(schema, table, after, before);
        }

        public String describe() {
            return "comment on table " + q(schema, table) + ": '" + before + "' -> '" + after + "'";
        }

        public int phase() {
            return 13;
        }
    }
}
