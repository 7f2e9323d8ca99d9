package dev.tortoise.migrations;

import dev.tortoise.sql.ast.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads a {@link SchemaState} as JSON with a fixed key order, two-space indents and
 * {@code \n} line ends, so that the same state is always the same bytes (state files live under
 * version control beside the migrations).
 */
final class StateFiles {
    static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StateFiles() {
    }

    static String write(SchemaState state) {
        List<Object> tables = new ArrayList<>();
        for (SchemaState.Table t : state.tables()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("name", t.name());
            tm.put("schema", t.schema());
            tm.put("comment", t.comment());
            tm.put("joinTable", t.joinTable());
            List<Object> cols = new ArrayList<>();
            for (SchemaState.Column c : t.columns()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", c.name());
                cm.put("type", c.type().kind().name());
                cm.put("length", c.type().length());
                cm.put("scale", c.type().scale());
                cm.put("nullable", c.nullable());
                cm.put("primaryKey", c.primaryKey());
                cm.put("generated", c.generated());
                cm.put("default", c.defaultValue());
                cm.put("comment", c.comment());
                cols.add(cm);
            }
            tm.put("columns", cols);
            tm.put("uniques", indexes(t.uniques()));
            tm.put("indexes", indexes(t.indexes()));
            List<Object> fks = new ArrayList<>();
            for (SchemaState.ForeignKey f : t.foreignKeys()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("name", f.name());
                fm.put("column", f.column());
                fm.put("targetTable", f.targetTable());
                fm.put("targetSchema", f.targetSchema());
                fm.put("targetColumn", f.targetColumn());
                fm.put("onDelete", f.onDelete());
                fks.add(fm);
            }
            tm.put("foreignKeys", fks);
            tables.add(tm);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("tables", tables);
        return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    }

    private static List<Object> indexes(List<SchemaState.Index> in) {
        List<Object> out = new ArrayList<>();
        for (SchemaState.Index i : in) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", i.name());
            im.put("columns", i.columns());
            im.put("unique", i.unique());
            out.add(im);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static SchemaState read(String text) {
        Map<String, Object> root = JSON.readValue(text, Map.class);
        Object format = root.get("format");
        if (!(format instanceof Number n) || n.intValue() != FORMAT) {
            throw new MigrationError("Unknown migration state format " + format + " (this version reads " + FORMAT
                    + ")");
        }
        List<SchemaState.Table> tables = new ArrayList<>();
        for (Map<String, Object> tm : (List<Map<String, Object>>) root.get("tables")) {
            List<SchemaState.Column> cols = new ArrayList<>();
            for (Map<String, Object> cm : (List<Map<String, Object>>) tm.get("columns")) {
                cols.add(new SchemaState.Column((String) cm.get("name"),
                        new ColumnType(ColumnType.Kind.valueOf((String) cm.get("type")),
                                ((Number) cm.get("length")).intValue(), ((Number) cm.get("scale")).intValue()),
                        (Boolean) cm.get("nullable"), (Boolean) cm.get("primaryKey"), (Boolean) cm.get("generated"),
                        (String) cm.get("default"), (String) cm.get("comment")));
            }
            List<SchemaState.ForeignKey> fks = new ArrayList<>();
            for (Map<String, Object> fm : (List<Map<String, Object>>) tm.get("foreignKeys")) {
                fks.add(new SchemaState.ForeignKey((String) fm.get("name"), (String) fm.get("column"),
                        (String) fm.get("targetTable"), (String) fm.get("targetSchema"),
                        (String) fm.get("targetColumn"), (String) fm.get("onDelete")));
            }
            tables.add(new SchemaState.Table((String) tm.get("name"), (String) tm.get("schema"),
                    (String) tm.get("comment"), (Boolean) tm.get("joinTable"), cols,
                    readIndexes((List<Map<String, Object>>) tm.get("uniques")),
                    readIndexes((List<Map<String, Object>>) tm.get("indexes")), fks));
        }
        return new SchemaState(tables);
    }

    @SuppressWarnings("unchecked")
    private static List<SchemaState.Index> readIndexes(List<Map<String, Object>> in) {
        List<SchemaState.Index> out = new ArrayList<>();
        for (Map<String, Object> im : in) {
            out.add(new SchemaState.Index((String) im.get("name"), (List<String>) im.get("columns"),
                    (Boolean) im.get("unique")));
        }
        return out;
    }
}
