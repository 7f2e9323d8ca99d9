package dev.tortoise.migrations;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * aerich's {@code inspectdb}: model classes written from an existing database's tables, for a project that starts
 * from a schema. Reads the tables through JDBC's metadata (columns with type, size, nullability and comment,
 * primary key and whether the database generates it, single-column unique keys, foreign keys with their delete
 * rule, table comments) and writes one Java source per table with a primary key; a table without one (a
 * many-to-many join table, say) is named in the output, to declare by hand. The sources are a start to review:
 * defaults, validators, relation names and many-to-many fields are not read back.
 */
public final class Inspectdb {
    /** Java's keywords and literals, which cannot name a field. */
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "record", "yield");

    private Inspectdb() {
    }

    /** A table as read from the database. */
    record Table(String name, String comment, List<Column> columns, List<String> primaryKey, Set<String> unique,
                 Map<String, ForeignKey> foreignKeys) {
    }

    record Column(String name, int jdbcType, String typeName, int size, int scale, boolean nullable,
                  boolean generated, String comment) {
    }

    record ForeignKey(String column, String targetTable, String targetColumn, String onDelete) {
    }

    /**
     * The sources of the models for the tables of the connection's current schema (all of them, or those named),
     * by class name, in table order; Flyway's history table is left out. {@code null} under a class name is never
     * returned: tables without a primary key are listed under the key {@code "#skipped"}, one line each.
     */
    public static Map<String, String> sources(Connection c, String packageName, List<String> only, String historyTable)
            throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = c.getCatalog();
        String schema = c.getSchema();
        List<String> names = new ArrayList<>();
        Map<String, String> comments = new LinkedHashMap<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME");
                if (t.equalsIgnoreCase(historyTable) || (only != null && !only.isEmpty() && !only.contains(t))) {
                    continue;
                }
                names.add(t);
                comments.put(t, nz(rs.getString("REMARKS")));
            }
        }
        names.sort(null);
        Map<String, String> out = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (String name : names) {
            Table t = read(md, catalog, schema, name, comments.get(name));
            if (t.primaryKey().size() != 1) {
                skipped.add(name + ": " + (t.primaryKey().isEmpty() ? "no primary key" : "a primary key of "
                        + t.primaryKey().size() + " columns") + " (a many-to-many join table is declared as "
                        + "@ManyToManyField(through = \"" + name + "\") on one of its models)");
                continue;
            }
            out.put(className(name), source(t, packageName));
        }
        if (!skipped.isEmpty()) {
            out.put("#skipped", String.join("\n", skipped));
        }
        return out;
    }

    private static Table read(DatabaseMetaData md, String catalog, String schema, String table, String comment)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(catalog, schema, table, "%")) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"), "YES".equals(rs.getString("IS_NULLABLE")),
                        "YES".equals(rs.getString("IS_AUTOINCREMENT")), nz(rs.getString("REMARKS"))));
            }
        }
        List<String> pk = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                pk.add(rs.getString("COLUMN_NAME"));
            }
        }
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, table, true, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null && rs.getString("COLUMN_NAME") != null) {
                    indexes.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>())
                            .add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        Set<String> unique = new TreeSet<>();
        for (List<String> cols : indexes.values()) {
            if (cols.size() == 1 && !cols.equals(pk)) {
                unique.add(cols.get(0));
            }
        }
        Map<String, ForeignKey> fks = new LinkedHashMap<>();
        try (ResultSet rs = md.getImportedKeys(catalog, schema, table)) {
            while (rs.next()) {
                String rule = switch (rs.getShort("DELETE_RULE")) {
                    case DatabaseMetaData.importedKeyCascade -> "CASCADE";
                    case DatabaseMetaData.importedKeySetNull -> "SET_NULL";
                    case DatabaseMetaData.importedKeySetDefault -> "SET_DEFAULT";
                    case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
                    default -> "NO_ACTION";
                };
                fks.put(rs.getString("FKCOLUMN_NAME"), new ForeignKey(rs.getString("FKCOLUMN_NAME"),
                        rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME"), rule));
            }
        }
        return new Table(table, comment, columns, pk, unique, fks);
    }

    /** The Java source of one model. */
    static String source(Table t, String packageName) {
        Set<String> imports = new TreeSet<>();
        imports.add("dev.tortoise.model.Meta");
        imports.add("dev.tortoise.model.Model");
        StringBuilder body = new StringBuilder();
        for (Column col : t.columns()) {
            ForeignKey fk = t.foreignKeys().get(col.name());
            boolean pk = t.primaryKey().contains(col.name());
            List<String> opts = new ArrayList<>();
            String annotation;
            String javaType;
            String field = fieldName(col.name());
            if (fk != null && !pk) {
                annotation = "ForeignKeyField";
                imports.add("dev.tortoise.field.ForeignKeyField");
                imports.add("dev.tortoise.relation.ForeignKey");
                javaType = "ForeignKey<" + className(fk.targetTable()) + ">";
                if (col.name().endsWith("_id") && col.name().length() > 3) {
                    field = fieldName(col.name().substring(0, col.name().length() - 3));
                } else {
                    opts.add("sourceField = " + str(col.name()));
                }
                if (!fk.onDelete().equals("CASCADE")) {
                    imports.add("dev.tortoise.field.OnDelete");
                    opts.add("onDelete = OnDelete." + fk.onDelete());
                }
                if (col.nullable()) {
                    opts.add("nullable = true");
                }
                if (!col.comment().isEmpty()) {
                    opts.add("description = " + str(col.comment()));
                }
                body.append(member(annotation, opts, javaType, field));
                continue;
            }
            String type = col.typeName() == null ? "" : col.typeName().toLowerCase(Locale.ROOT);
            boolean text = false;
            switch (col.jdbcType()) {
                case Types.INTEGER -> {
                    annotation = "IntField";
                    javaType = "Integer";
                }
                case Types.BIGINT -> {
                    annotation = "BigIntField";
                    javaType = "Long";
                }
                case Types.SMALLINT -> {
                    annotation = "SmallIntField";
                    javaType = "Short";
                }
                case Types.TINYINT, Types.BIT, Types.BOOLEAN -> {
                    if (col.jdbcType() == Types.TINYINT && col.size() > 1) {
                        annotation = "SmallIntField";
                        javaType = "Short";
                    } else {
                        annotation = "BooleanField";
                        javaType = "Boolean";
                    }
                }
                case Types.DECIMAL, Types.NUMERIC -> {
                    annotation = "DecimalField";
                    javaType = "BigDecimal";
                    imports.add("java.math.BigDecimal");
                    opts.add("maxDigits = " + col.size());
                    opts.add("decimalPlaces = " + col.scale());
                }
                case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
                    annotation = "FloatField";
                    javaType = "Double";
                }
                case Types.DATE -> {
                    annotation = "DateField";
                    javaType = "LocalDate";
                    imports.add("java.time.LocalDate");
                }
                case Types.TIME, Types.TIME_WITH_TIMEZONE -> {
                    annotation = "TimeField";
                    javaType = "LocalTime";
                    imports.add("java.time.LocalTime");
                }
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                    annotation = "DatetimeField";
                    javaType = "OffsetDateTime";
                    imports.add("java.time.OffsetDateTime");
                }
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                    annotation = "BinaryField";
                    javaType = "byte[]";
                }
                case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR,
                     Types.CLOB, Types.NCLOB -> {
                    text = col.jdbcType() == Types.CLOB || col.jdbcType() == Types.NCLOB
                            || col.jdbcType() == Types.LONGVARCHAR || col.jdbcType() == Types.LONGNVARCHAR
                            || type.equals("text") || type.endsWith("text") || col.size() <= 0 || col.size() > 65_535;
                    annotation = text ? "TextField" : "CharField";
                    javaType = "String";
                    if (!text) {
                        opts.add("maxLength = " + col.size());
                    }
                }
                default -> {
                    if (type.equals("uuid")) {
                        annotation = "UUIDField";
                        javaType = "UUID";
                        imports.add("java.util.UUID");
                    } else if (type.equals("json") || type.equals("jsonb")) {
                        annotation = "JSONField";
                        javaType = "Map<String, Object>";
                        imports.add("java.util.Map");
                    } else {
                        body.append("    // ").append(col.name()).append(": type ").append(col.typeName())
                                .append(" has no field kind here; declare it by hand\n");
                        continue;
                    }
                }
            }
            imports.add("dev.tortoise.field." + annotation);
            if (pk) {
                opts.add(0, "primaryKey = true");
                if (!col.generated() && (annotation.equals("IntField") || annotation.equals("BigIntField")
                        || annotation.equals("SmallIntField"))) {
                    opts.add("generated = false");
                }
            }
            if (col.nullable() && !pk) {
                opts.add("nullable = true");
            }
            if (t.unique().contains(col.name()) && !pk) {
                opts.add("unique = true");
            }
            if (!col.comment().isEmpty()) {
                opts.add("description = " + str(col.comment()));
            }
            if (!field.equals(col.name())) {
                opts.add("sourceField = " + str(col.name()));
            }
            body.append(member(annotation, opts, javaType, field));
        }
        StringBuilder sb = new StringBuilder();
        if (packageName != null && !packageName.isEmpty()) {
            sb.append("package ").append(packageName).append(";\n\n");
        }
        for (String i : imports) {
            sb.append("import ").append(i).append(";\n");
        }
        sb.append("\n/** Table ").append(t.name()).append(", as inspectdb read it").append(t.comment().isEmpty() ? ""
                : ": " + t.comment().replace("*/", "* /")).append(". */\n");
        sb.append("@Meta(table = ").append(str(t.name()));
        if (!t.comment().isEmpty()) {
            sb.append(", tableDescription = ").append(str(t.comment()));
        }
        sb.append(")\npublic class ").append(className(t.name())).append(" extends Model {\n").append(body).append("}\n");
        return sb.toString();
    }

    private static String member(String annotation, List<String> opts, String javaType, String field) {
        return "    @" + annotation + (opts.isEmpty() ? "" : "(" + String.join(", ", opts) + ")") + "\n    public "
                + javaType + " " + field + ";\n";
    }

    /** {@code event_team} -> {@code EventTeam}. */
    static String className(String table) {
        StringBuilder sb = new StringBuilder();
        for (String part : table.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        String name = sb.length() == 0 ? "Table" : sb.toString();
        return Character.isDigit(name.charAt(0)) ? "T" + name : name;
    }

    /** The column's name as a field when it is a Java identifier (the column then needs no sourceField). */
    static String fieldName(String column) {
        String f = column.replaceAll("[^A-Za-z0-9_]", "_");
        if (f.isEmpty() || Character.isDigit(f.charAt(0))) {
            f = "_" + f;
        }
        return KEYWORDS.contains(f) ? f + "_" : f;
    }

    private static String str(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
