package dev.tortoise.migrations;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A live schema read back through JDBC's metadata (the databases' information schema): per table
 * its comment, columns (type, size, nullability, default, comment), primary key, unique column
 * sets, named indexes and foreign keys, as sorted text so that two schemas compare with equals.
 * Column order is left out (ALTER TABLE ADD COLUMN appends) and so are the database's own names
 * for inline unique constraints and the indexes H2 and MariaDB add for foreign keys.
 */
final class LiveSchema {
    private LiveSchema() {
    }

    static Map<String, List<String>> read(String jdbcUrl, String user, String catalog, String schema) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, null)) {
            DatabaseMetaData md = c.getMetaData();
            Map<String, List<String>> out = new TreeMap<>();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String t = rs.getString("TABLE_NAME");
                    if (!t.equals("flyway_schema_history")) {
                        tables.add(t);
                        out.put(t, new ArrayList<>(List.of("comment " + nz(rs.getString("REMARKS")))));
                    }
                }
            }
            for (String t : tables) {
                TreeSet<String> lines = new TreeSet<>();
                try (ResultSet rs = md.getColumns(catalog, schema, t, "%")) {
                    while (rs.next()) {
                        String def = rs.getString("COLUMN_DEF");
                        // PostgreSQL's serial keys keep the sequence named after the table they were made for.
                        if (def != null && def.startsWith("nextval(")) {
                            def = "nextval";
                        }
                        lines.add("column " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + "("
                                + rs.getInt("COLUMN_SIZE") + "," + rs.getInt("DECIMAL_DIGITS") + ") nullable="
                                + rs.getString("IS_NULLABLE") + " default=" + def + " comment="
                                + nz(rs.getString("REMARKS")));
                    }
                }
                List<String> pk = new ArrayList<>();
                try (ResultSet rs = md.getPrimaryKeys(catalog, schema, t)) {
                    while (rs.next()) {
                        pk.add(rs.getString("COLUMN_NAME"));
                    }
                }
                lines.add("pk " + pk);
                Map<String, TreeMap<Integer, String>> idx = new TreeMap<>();
                Map<String, Boolean> unique = new TreeMap<>();
                try (ResultSet rs = md.getIndexInfo(catalog, schema, t, false, false)) {
                    while (rs.next()) {
                        String name = rs.getString("INDEX_NAME");
                        if (name == null) {
                            continue;
                        }
                        idx.computeIfAbsent(name, k -> new TreeMap<>()).put((int) rs.getShort("ORDINAL_POSITION"),
                                rs.getString("COLUMN_NAME"));
                        unique.put(name, !rs.getBoolean("NON_UNIQUE"));
                    }
                }
                for (Map.Entry<String, TreeMap<Integer, String>> e : idx.entrySet()) {
                    List<String> cols = new ArrayList<>(e.getValue().values());
                    if (unique.get(e.getKey())) {
                        if (!cols.equals(pk)) {
                            lines.add("unique " + cols);
                        }
                    } else if (e.getKey().startsWith("idx_")) {
                        lines.add("index " + e.getKey() + " " + cols);
                    }
                }
                try (ResultSet rs = md.getImportedKeys(catalog, schema, t)) {
                    while (rs.next()) {
                        lines.add("fk " + rs.getString("FK_NAME") + " " + rs.getString("FKCOLUMN_NAME") + " -> "
                                + rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + " delete="
                                + rs.getShort("DELETE_RULE"));
                    }
                }
                out.get(t).addAll(lines);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
