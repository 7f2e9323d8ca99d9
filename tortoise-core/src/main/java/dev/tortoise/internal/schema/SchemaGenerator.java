package dev.tortoise.internal.schema;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.sql.ast.AddForeignKey;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.CommentOn;
import dev.tortoise.sql.ast.CreateIndex;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.ForeignKeyDef;
import dev.tortoise.sql.ast.Raw;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.TableRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the DDL of a set of models as SQL trees, tables in foreign-key order: CREATE TABLE with
 * primary, unique, check and foreign-key constraints, then indexes, M2M join tables and comments.
 * Names of generated indexes and constraints follow Tortoise's scheme.
 */
public final class SchemaGenerator {
    private SchemaGenerator() {
    }

    /** The statements creating every given model's table (and its join tables), in dependency order. */
    public static List<Statement> statements(Collection<ModelMeta> models, boolean safe) {
        List<Statement> out = new ArrayList<>();
        List<Statement> late = new ArrayList<>();
        Set<String> m2mTables = new LinkedHashSet<>();
        Set<ModelMeta> created = new LinkedHashSet<>();
        for (ModelMeta m : order(models)) {
            List<ForeignKeyDef> inline = new ArrayList<>();
            for (FieldMeta f : m.fields()) {
                if ((f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE)
                        && f.relation().dbConstraint()) {
                    ForeignKeyDef fk = foreignKey(m, f);
                    ModelMeta target = f.relation().target();
                    if (target == m || created.contains(target) || !models.contains(target)) {
                        inline.add(fk);
                    } else {
                        // A nullable key into a table created later (a cycle): its constraint comes afterwards.
                        late.add(new AddForeignKey(m.tableRef(), fk, safe));
                    }
                }
            }
            out.add(createTable(m, safe, inline));
            created.add(m);
            out.addAll(indexes(m, safe));
            out.addAll(comments(m));
        }
        for (ModelMeta m : order(models)) {
            for (FieldMeta f : m.fields()) {
                if (f.kind() == FieldKind.MANY_TO_MANY && !f.relation().reverseSide()
                        && f.relation().throughModel() == null && m2mTables.add(f.relation().throughTable())) {
                    out.addAll(throughTable(m, f, safe));
                }
            }
        }
        out.addAll(late);
        return out;
    }

    /**
     * Orders models so that the target of every NOT NULL key comes first; a cycle of NOT NULL keys
     * cannot be created and is an error naming it. Nullable keys do not constrain the order.
     */
    static List<ModelMeta> order(Collection<ModelMeta> models) {
        Map<ModelMeta, List<ModelMeta>> deps = new LinkedHashMap<>();
        for (ModelMeta m : models) {
            List<ModelMeta> d = new ArrayList<>();
            for (FieldMeta f : m.fields()) {
                if ((f.kind() == FieldKind.FOREIGN_KEY || f.kind() == FieldKind.ONE_TO_ONE)
                        && f.relation().target() != m && models.contains(f.relation().target())
                        && !f.nullable() && f.relation().dbConstraint()) {
                    d.add(f.relation().target());
                }
            }
            deps.put(m, d);
        }
        List<ModelMeta> ordered = new ArrayList<>();
        for (ModelMeta m : deps.keySet()) {
            visit(m, deps, new ArrayList<>(), ordered);
        }
        return ordered;
    }

    private static void visit(ModelMeta m, Map<ModelMeta, List<ModelMeta>> deps, List<ModelMeta> path,
                              List<ModelMeta> ordered) {
        if (ordered.contains(m)) {
            return;
        }
        int at = path.indexOf(m);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>();
            for (ModelMeta v : path.subList(at, path.size())) {
                cycle.add(v.name());
            }
            cycle.add(m.name());
            throw new ConfigurationError("Can't create schema due to cyclic fk references: "
                    + String.join(" -> ", cycle) + " (make one of these keys nullable)");
        }
        path.add(m);
        for (ModelMeta d : deps.get(m)) {
            visit(d, deps, path, ordered);
        }
        path.remove(path.size() - 1);
        ordered.add(m);
    }

    private static ForeignKeyDef foreignKey(ModelMeta m, FieldMeta f) {
        RelationInfo r = f.relation();
        String column = r.keyField().column();
        return new ForeignKeyDef(fkName(m.table(), r.target().table(), column), column,
                TableRef.of(emptyToNull(r.target().schema()), r.target().table()), r.toField().column(),
                r.onDelete().sql());
    }

    private static CreateTable createTable(ModelMeta m, boolean safe, List<ForeignKeyDef> fks) {
        List<ColumnDef> columns = new ArrayList<>();
        for (FieldMeta f : m.columnFields()) {
            columns.add(new ColumnDef(f.column(), f.type().columnType(), f.nullable(), f.primaryKey(), f.generated(),
                    f.unique() && !f.primaryKey(), null, f.description().isEmpty() ? null : f.description()));
        }
        List<CreateTable.NamedColumns> unique = new ArrayList<>();
        for (List<String> group : m.uniqueTogether()) {
            List<String> cols = columnsOf(m, group);
            unique.add(new CreateTable.NamedColumns(indexName("uid", m.table(), cols), cols));
        }
        List<CreateTable.NamedCheck> checks = new ArrayList<>();
        int n = 0;
        for (String check : m.checks()) {
            checks.add(new CreateTable.NamedCheck("chk_" + truncate(m.table(), 20) + "_" + (++n), check(m, check)));
        }
        return new CreateTable(m.tableRef(), safe, columns, unique, checks, fks,
                m.tableDescription().isEmpty() ? null : m.tableDescription());
    }

    /**
     * A check constraint's text, its {@code {field}} references (outside quoted strings and identifiers)
     * written as the field's column in the dialect's quotes, as RawSQL's are; other text is kept as written.
     */
    static Raw check(ModelMeta m, String check) {
        StringBuilder text = new StringBuilder(check.length());
        List<Raw.Ref> refs = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < check.length(); i++) {
            char c = check.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '{') {
                int end = check.indexOf('}', i);
                FieldMeta f = end > i ? m.fieldOrNull(check.substring(i + 1, end)) : null;
                if (f != null && f.column() != null) {
                    refs.add(new Raw.Ref(text.length(), new Column(null, f.column())));
                    i = end;
                    continue;
                }
            }
            text.append(c);
        }
        return new Raw(text.toString(), List.of(), refs);
    }

    private static List<Statement> indexes(ModelMeta m, boolean safe) {
        List<Statement> out = new ArrayList<>();
        for (FieldMeta f : m.columnFields()) {
            if (f.indexed() && !f.unique() && !f.primaryKey()) {
                List<String> cols = List.of(f.column());
                out.add(new CreateIndex(indexName("idx", m.table(), cols), m.tableRef(), cols, false, safe));
            }
        }
        for (List<String> group : m.indexes()) {
            List<String> cols = columnsOf(m, group);
            out.add(new CreateIndex(indexName("idx", m.table(), cols), m.tableRef(), cols, false, safe));
        }
        return out;
    }

    private static List<Statement> comments(ModelMeta m) {
        List<Statement> out = new ArrayList<>();
        if (!m.tableDescription().isEmpty()) {
            out.add(new CommentOn(m.tableRef(), null, m.tableDescription()));
        }
        for (FieldMeta f : m.columnFields()) {
            if (!f.description().isEmpty()) {
                out.add(new CommentOn(m.tableRef(), f.column(), f.description()));
            }
        }
        return out;
    }

    private static List<Statement> throughTable(ModelMeta m, FieldMeta f, boolean safe) {
        RelationInfo r = f.relation();
        ModelMeta target = r.target();
        TableRef table = TableRef.of(emptyToNull(m.schema()), r.throughTable());
        List<ColumnDef> cols = List.of(
                new ColumnDef(r.backwardKey(), m.pk().type().columnType(), false, false, false, false, null, null),
                new ColumnDef(r.forwardKey(), target.pk().type().columnType(), false, false, false, false, null,
                        null));
        List<ForeignKeyDef> fks = new ArrayList<>();
        if (r.dbConstraint()) {
            fks.add(new ForeignKeyDef(fkName(r.throughTable(), m.table(), r.backwardKey()), r.backwardKey(),
                    m.tableRef(), m.pk().column(), r.onDelete().sql()));
            fks.add(new ForeignKeyDef(fkName(r.throughTable(), target.table(), r.forwardKey()), r.forwardKey(),
                    target.tableRef(), target.pk().column(), r.onDelete().sql()));
        }
        List<Statement> out = new ArrayList<>();
        out.add(new CreateTable(table, safe, cols, List.of(), List.of(), fks, null));
        List<String> pair = List.of(r.backwardKey(), r.forwardKey());
        if (r.createUniqueIndex()) {
            out.add(new CreateIndex(indexName("uidx", r.throughTable(), pair), table, pair, true, safe));
        }
        return out;
    }

    /**
     * The columns of the named fields of {@code m}, a relation field standing for its key column; the columns an
     * index or a unique-together constraint over those fields covers.
     */
    public static List<String> columnsOf(ModelMeta m, List<String> fieldNames) {
        List<String> cols = new ArrayList<>();
        for (String name : fieldNames) {
            FieldMeta f = m.field(name);
            if (!f.hasColumn() && f.relation() != null && f.relation().keyField() != null) {
                f = f.relation().keyField();
            }
            cols.add(f.column());
        }
        return cols;
    }

    /** Tortoise's generated index name: {@code prefix_<table[:11]>_<column0[:7]>_<sha256[:6]>}. */
    public static String indexName(String prefix, String table, List<String> columns) {
        List<String> parts = new ArrayList<>();
        parts.add(table);
        parts.addAll(columns);
        return prefix + "_" + truncate(table, 11) + "_" + truncate(columns.get(0), 7) + "_"
                + hash(String.join(";", parts), 6);
    }

    /** Tortoise's foreign key constraint name: {@code fk_<from[:8]>_<to[:8]>_<sha256[:8]>}. */
    public static String fkName(String fromTable, String toTable, String column) {
        return "fk_" + truncate(fromTable, 8) + "_" + truncate(toTable, 8) + "_"
                + hash(fromTable + ";" + column + ";" + toTable, 8);
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String hash(String text, int length) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
