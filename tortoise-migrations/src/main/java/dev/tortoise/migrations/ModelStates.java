package dev.tortoise.migrations;

import dev.tortoise.internal.schema.SchemaGenerator;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the schema state of models from their metadata, naming every constraint and index as
 * {@link SchemaGenerator} does so that a migrated database and a generated one agree.
 */
public final class ModelStates {
    private ModelStates() {
    }

    /** The state of the given models' tables and their M2M join tables. */
    public static SchemaState of(Collection<ModelMeta> models) {
        Map<String, SchemaState.Table> tables = new LinkedHashMap<>();
        for (ModelMeta m : models) {
            tables.put(m.table(), table(m));
        }
        for (ModelMeta m : models) {
            for (FieldMeta f : m.fields()) {
                RelationInfo r = f.relation();
                if (f.kind() == FieldKind.MANY_TO_MANY && !r.reverseSide() && r.throughModel() == null
                        && !tables.containsKey(r.throughTable())) {
                    tables.put(r.throughTable(), joinTable(m, r));
                }
            }
        }
        return new SchemaState(new ArrayList<>(tables.values()));
    }

    private static SchemaState.Table table(ModelMeta m) {
        List<SchemaState.Column> columns = new ArrayList<>();
        Map<String, SchemaState.Index> uniques = new LinkedHashMap<>();
        Map<String, SchemaState.Index> indexes = new LinkedHashMap<>();
        for (FieldMeta f : m.columnFields()) {
            columns.add(new SchemaState.Column(f.column(), f.type().columnType(), f.nullable(), f.primaryKey(),
                    f.generated() && f.primaryKey(), defaultText(f), f.description()));
            if (f.unique() && !f.primaryKey()) {
                put(uniques, "uid", m.table(), List.of(f.column()), true);
            } else if (f.indexed() && !f.primaryKey()) {
                put(indexes, "idx", m.table(), List.of(f.column()), false);
            }
        }
        for (List<String> group : m.uniqueTogether()) {
            put(uniques, "uid", m.table(), SchemaGenerator.columnsOf(m, group), true);
        }
        for (List<String> group : m.indexes()) {
            put(indexes, "idx", m.table(), SchemaGenerator.columnsOf(m, group), false);
        }
        List<SchemaState.ForeignKey> fks = new ArrayList<>();
        for (FieldMeta f : m.fields()) {
            if ((f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE) && f.relation().dbConstraint()) {
                RelationInfo r = f.relation();
                String column = r.keyField().column();
                fks.add(new SchemaState.ForeignKey(SchemaGenerator.fkName(m.table(), r.target().table(), column),
                        column, r.target().table(), nz(r.target().schema()), r.toField().column(), r.onDelete().sql()));
            }
        }
        return new SchemaState.Table(m.table(), nz(m.schema()), m.tableDescription(), false, columns,
                new ArrayList<>(uniques.values()), new ArrayList<>(indexes.values()), fks);
    }

    private static SchemaState.Table joinTable(ModelMeta m, RelationInfo r) {
        ModelMeta target = r.target();
        String table = r.throughTable();
        List<SchemaState.Column> columns = List.of(
                new SchemaState.Column(r.backwardKey(), m.pk().type().columnType(), false, false, false, null, ""),
                new SchemaState.Column(r.forwardKey(), target.pk().type().columnType(), false, false, false, null, ""));
        List<SchemaState.ForeignKey> fks = new ArrayList<>();
        if (r.dbConstraint()) {
            fks.add(new SchemaState.ForeignKey(SchemaGenerator.fkName(table, m.table(), r.backwardKey()),
                    r.backwardKey(), m.table(), nz(m.schema()), m.pk().column(), r.onDelete().sql()));
            fks.add(new SchemaState.ForeignKey(SchemaGenerator.fkName(table, target.table(), r.forwardKey()),
                    r.forwardKey(), target.table(), nz(target.schema()), target.pk().column(), r.onDelete().sql()));
        }
        List<SchemaState.Index> indexes = new ArrayList<>();
        if (r.createUniqueIndex()) {
            List<String> pair = List.of(r.backwardKey(), r.forwardKey());
            indexes.add(new SchemaState.Index(SchemaGenerator.indexName("uidx", table, pair), pair, true));
        }
        return new SchemaState.Table(table, nz(m.schema()), "", true, columns, List.of(), indexes, fks);
    }

    private static void put(Map<String, SchemaState.Index> into, String prefix, String table, List<String> cols,
                            boolean unique) {
        String name = SchemaGenerator.indexName(prefix, table, cols);
        into.putIfAbsent(name, new SchemaState.Index(name, cols, unique));
    }

    /** A constant default as the database stores it, as text; suppliers and binary values have none here. */
    private static String defaultText(FieldMeta f) {
        Object d = f.defaultDescription();
        if (!f.hasDefault() || d == null || d instanceof byte[]
                || (d instanceof String s && s.startsWith("<function "))) {
            return null;
        }
        Object db = f.type().toDb(d);
        return db == null ? null : String.valueOf(db);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
