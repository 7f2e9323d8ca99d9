package dev.tortoise.migrations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two schema states and lists the operations that turn the first into the second, in
 * the order a migration runs them. Renames come only from explicit hints: without one, a table or
 * column that disappears while another appears is a drop and an add.
 */
public final class Differ {
    private Differ() {
    }

    /**
     * The operations from {@code from} to {@code to}.
     *
     * @param renames hints {@code table:newTable} and {@code table.column:newColumn} (new table name
     *     when the table is renamed too)
     * @param allowDataLoss whether dropping tables and columns is accepted
     * @throws MigrationError on a primary key change, an unknown rename hint, or a drop without
     *     {@code allowDataLoss} (naming what would be lost)
     */
    public static List<Operation> diff(SchemaState from, SchemaState to, List<String> renames, boolean allowDataLoss) {
        Map<String, String> tableRenames = new LinkedHashMap<>();
        Map<String, Map<String, String>> columnRenames = new LinkedHashMap<>();
        parseHints(from, to, renames, tableRenames, columnRenames);

        List<Operation> ops = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> r : tableRenames.entrySet()) {
            ops.add(new Operation.RenameTable(from.table(r.getKey()).schema(), r.getKey(), r.getValue()));
        }
        SchemaState renamed = applyRenames(from, tableRenames, columnRenames);
        for (Map.Entry<String, Map<String, String>> t : columnRenames.entrySet()) {
            SchemaState.Table table = renamed.table(t.getKey());
            for (Map.Entry<String, String> c : t.getValue().entrySet()) {
                ops.add(new Operation.RenameColumn(table.schema(), t.getKey(), c.getKey(), c.getValue()));
            }
        }

        for (SchemaState.Table old : renamed.tables()) {
            SchemaState.Table now = to.table(old.name());
            if (now == null) {
                for (SchemaState.ForeignKey fk : old.foreignKeys()) {
                    ops.add(new Operation.DropForeignKey(old.schema(), old.name(), fk));
                }
                ops.add(new Operation.DropTable(old));
                lost.add("table " + old.name());
            }
        }
        for (SchemaState.Table now : to.tables()) {
            SchemaState.Table old = renamed.table(now.name());
            if (old == null) {
                ops.add(new Operation.CreateTable(now));
                for (SchemaState.ForeignKey fk : now.foreignKeys()) {
                    ops.add(new Operation.AddForeignKey(now.schema(), now.name(), fk));
                }
            } else {
                diffTable(old, now, ops, lost, columnRenames.getOrDefault(now.name(), Map.of()));
            }
        }
        if (!lost.isEmpty() && !allowDataLoss) {
            throw new MigrationError("This migration would drop " + String.join(", ", lost)
                    + " with their data. If that is intended, allow it (-DallowDataLoss=true); if a table or column "
                    + "was renamed, say so (-Drename=table:new_table or -Drename=table.column:new_column).");
        }
        List<Operation> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingInt(Operation::phase));
        return List.copyOf(sorted);
    }

    private static void diffTable(SchemaState.Table old, SchemaState.Table now, List<Operation> ops, List<String> lost,
                                  Map<String, String> columnRenames) {
        String schema = now.schema();
        String table = now.name();
        SchemaState.Column oldPk = old.pk();
        SchemaState.Column newPk = now.pk();
        if (oldPk != null || newPk != null) {
            if (oldPk == null || newPk == null || !oldPk.name().equals(newPk.name()) || !oldPk.type().equals(newPk.type())
                    || oldPk.generated() != newPk.generated()) {
                throw new MigrationError("The primary key of table " + table + " changes (" + pkText(oldPk) + " -> "
                        + pkText(newPk) + "); migrations do not change primary keys. Keep the old key, or create a "
                        + "new table (a new model) and move the rows with a hand-written migration.");
            }
        }
        for (SchemaState.ForeignKey fk : old.foreignKeys()) {
            SchemaState.ForeignKey n = fkOn(now, fk.column());
            if (n == null || !sameTarget(fk, n)) {
                ops.add(new Operation.DropForeignKey(schema, table, fk));
            } else if (!fk.name().equals(n.name())) {
                ops.add(new Operation.RenameForeignKey(schema, table, fk.name(), n));
            }
        }
        for (SchemaState.ForeignKey fk : now.foreignKeys()) {
            SchemaState.ForeignKey o = fkOn(old, fk.column());
            if (o == null || !sameTarget(o, fk)) {
                ops.add(new Operation.AddForeignKey(schema, table, fk));
            }
        }
        Map<String, String> before = new LinkedHashMap<>();
        columnRenames.forEach((from, to) -> before.put(to, from));
        diffIndexes(schema, table, old.uniques(), now.uniques(), true, ops, before);
        diffIndexes(schema, table, old.indexes(), now.indexes(), false, ops, before);
        for (SchemaState.Column c : now.columns()) {
            SchemaState.Column o = old.column(c.name());
            if (o == null) {
                ops.add(new Operation.AddColumn(schema, table, c));
            } else if (!o.sameDefinition(c)) {
                ops.add(new Operation.AlterColumn(schema, table, o, c));
            }
        }
        for (SchemaState.Column c : old.columns()) {
            if (now.column(c.name()) == null) {
                ops.add(new Operation.DropColumn(schema, table, c));
                lost.add("column " + table + "." + c.name());
            }
        }
        if (!old.comment().equals(now.comment())) {
            ops.add(new Operation.SetTableComment(schema, table, old.comment(), now.comment()));
        }
    }

    private static void diffIndexes(String schema, String table, List<SchemaState.Index> old,
                                    List<SchemaState.Index> now, boolean constraint, List<Operation> ops,
                                    Map<String, String> columnsBefore) {
        for (SchemaState.Index i : old) {
            SchemaState.Index n = sameColumns(now, i);
            if (n == null) {
                ops.add(new Operation.DropIndex(schema, table, i, constraint));
            } else if (!n.name().equals(i.name())) {
                List<String> fromColumns = i.columns().stream().map(c -> columnsBefore.getOrDefault(c, c)).toList();
                ops.add(new Operation.RenameIndex(schema, table, i.name(), n.name(), constraint, fromColumns,
                        n.columns()));
            }
        }
        for (SchemaState.Index i : now) {
            if (sameColumns(old, i) == null) {
                ops.add(new Operation.AddIndex(schema, table, i, constraint));
            }
        }
    }

    private static SchemaState.Index sameColumns(List<SchemaState.Index> in, SchemaState.Index like) {
        for (SchemaState.Index i : in) {
            if (i.columns().equals(like.columns()) && i.unique() == like.unique()) {
                return i;
            }
        }
        return null;
    }

    private static SchemaState.ForeignKey fkOn(SchemaState.Table t, String column) {
        for (SchemaState.ForeignKey fk : t.foreignKeys()) {
            if (fk.column().equals(column)) {
                return fk;
            }
        }
        return null;
    }

    private static boolean sameTarget(SchemaState.ForeignKey a, SchemaState.ForeignKey b) {
        return a.targetTable().equals(b.targetTable()) && a.targetSchema().equals(b.targetSchema())
                && a.targetColumn().equals(b.targetColumn()) && a.onDelete().equals(b.onDelete());
    }

    private static String pkText(SchemaState.Column pk) {
        return pk == null ? "none" : pk.name() + " " + Ddl.typeText(pk.type()) + (pk.generated() ? " generated" : "");
    }

    private static void parseHints(SchemaState from, SchemaState to, List<String> hints,
                                   Map<String, String> tables, Map<String, Map<String, String>> columns) {
        for (String hint : hints == null ? List.<String>of() : hints) {
            String h = hint.strip();
            if (h.isEmpty()) {
                continue;
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || colon == h.length() - 1) {
                throw new MigrationError("Rename hint '" + hint + "' is not table:new_table or table.column:new_column");
            }
            String left = h.substring(0, colon);
            String right = h.substring(colon + 1);
            int dot = left.indexOf('.');
            if (dot < 0) {
                if (from.table(left) == null) {
                    throw new MigrationError("Rename hint '" + hint + "': the last migration has no table " + left
                            + "; tables: " + names(from));
                }
                if (to.table(right) == null) {
                    throw new MigrationError("Rename hint '" + hint + "': the models have no table " + right
                            + "; tables: " + names(to));
                }
                tables.put(left, right);
            } else {
                String table = left.substring(0, dot);
                String column = left.substring(dot + 1);
                if (from.table(table) == null || from.table(table).column(column) == null) {
                    throw new MigrationError("Rename hint '" + hint + "': the last migration has no column " + left);
                }
                columns.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(column, right);
            }
        }
        // Column hints name the table as it was; key them by the table's new name.
        Map<String, Map<String, String>> byNewName = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : columns.entrySet()) {
            String newTable = tables.getOrDefault(e.getKey(), e.getKey());
            SchemaState.Table t = to.table(newTable);
            for (String newColumn : e.getValue().values()) {
                if (t == null || t.column(newColumn) == null) {
                    throw new MigrationError("Rename hint to " + newTable + "." + newColumn
                            + ": the models have no such column");
                }
            }
            byNewName.put(newTable, e.getValue());
        }
        columns.clear();
        columns.putAll(byNewName);
    }

    private static String names(SchemaState s) {
        List<String> out = new ArrayList<>();
        for (SchemaState.Table t : s.tables()) {
            out.add(t.name());
        }
        return String.join(", ", out);
    }

    /** The old state with the hinted tables and columns renamed everywhere they are named (constraint names kept). */
    private static SchemaState applyRenames(SchemaState from, Map<String, String> tables,
                                            Map<String, Map<String, String>> columns) {
        List<SchemaState.Table> out = new ArrayList<>();
        for (SchemaState.Table t : from.tables()) {
            String name = tables.getOrDefault(t.name(), t.name());
            Map<String, String> cr = columns.getOrDefault(name, Map.of());
            List<SchemaState.Column> cols = new ArrayList<>();
            for (SchemaState.Column c : t.columns()) {
                cols.add(new SchemaState.Column(cr.getOrDefault(c.name(), c.name()), c.type(), c.nullable(),
                        c.primaryKey(), c.generated(), c.defaultValue(), c.comment()));
            }
            List<SchemaState.ForeignKey> fks = new ArrayList<>();
            for (SchemaState.ForeignKey fk : t.foreignKeys()) {
                String target = tables.getOrDefault(fk.targetTable(), fk.targetTable());
                String targetColumn = columns.getOrDefault(target, Map.of())
                        .getOrDefault(fk.targetColumn(), fk.targetColumn());
                fks.add(new SchemaState.ForeignKey(fk.name(), cr.getOrDefault(fk.column(), fk.column()), target,
                        fk.targetSchema(), targetColumn, fk.onDelete()));
            }
            out.add(new SchemaState.Table(name, t.schema(), t.comment(), t.joinTable(), cols, rename(t.uniques(), cr),
                    rename(t.indexes(), cr), fks));
        }
        return new SchemaState(out);
    }

    private static List<SchemaState.Index> rename(List<SchemaState.Index> in, Map<String, String> cr) {
        List<SchemaState.Index> out = new ArrayList<>();
        for (SchemaState.Index i : in) {
            List<String> cols = new ArrayList<>();
            for (String c : i.columns()) {
                cols.add(cr.getOrDefault(c, c));
            }
            out.add(new SchemaState.Index(i.name(), cols, i.unique()));
        }
        return out;
    }

}
