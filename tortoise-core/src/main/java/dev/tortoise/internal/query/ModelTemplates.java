package dev.tortoise.internal.query;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.QueryState;
import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BindSlots;
import dev.tortoise.sql.ast.BoundStatement;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Delete;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.StatementTemplate;
import dev.tortoise.sql.ast.Update;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements an instance of one model is written and read with by primary key (insert, full
 * update by primary key, delete by primary key, get by primary key), each a {@link StatementTemplate}
 * built once: an execution fills an array of values (no tree is built, hashed or rendered; the
 * renderer keeps each template's text on it). {@link #shapes()} gives each template bound to nulls,
 * which the runtime renders at init. The get by primary key template is made from the first plain
 * {@code get(pk=...)} compiled by {@code SelectCompiler} ({@link #getByPk}). Other writes (some
 * {@code update_fields}, pending expressions, an insert giving some generated keys but not all) are
 * built from parts made once per model: the key column and the column lists are shared by every
 * statement of that shape, so that the renderer's cache finds each shape by comparing the same
 * objects.
 */
public final class ModelTemplates {
    private final ModelMeta meta;
    private final Column pkColumn;
    /** The columns of an insert whose generated keys are left to the database. */
    private final List<String> insertColumns;
    /** The columns of an insert with every column given. */
    private final List<String> allColumns;
    /** The generated columns an insert leaving them to the database returns. */
    private final List<String> generatedColumns;
    /**
     * The RETURNING shape of an insert that leaves every generated column to the database, kept so
     * that each such insert hands the engine the same shape object (its row mapper then found by
     * identity, not by comparing field lists); null without generated columns.
     */
    private final ResultShape.Returning generatedShape;
    /** The fields a full update sets: every column but the key. */
    private final List<FieldMeta> updateFields;
    /** The insert leaving every generated key to the database: one slot per other column, in column order. */
    private final StatementTemplate insertTemplate;
    /** The insert giving every column, in column order; null when no column is generated (the one above is it). */
    private final StatementTemplate insertAllTemplate;
    /** The full update: one slot per {@link #updateFields} field, then the key; null when there is none. */
    private final StatementTemplate updateTemplate;
    /** The delete by primary key: the key in slot 0. */
    private final StatementTemplate deleteTemplate;
    /** Update templates per {@code update_fields} set (its fields in the order saved), made on first use. */
    private final java.util.concurrent.ConcurrentHashMap<List<FieldMeta>, StatementTemplate> partialUpdates =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The column fields of each {@code update_fields} name list (as {@code SaveOptions} holds it)
     * saved so far, so that repeated saves with the same list resolve its names once; bounded like
     * {@link #partialUpdates}.
     */
    private final java.util.concurrent.ConcurrentHashMap<List<String>, List<FieldMeta>> namedUpdateFields =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** How many {@code update_fields} sets get a template; further ones are built as trees each time. */
    private static final int PARTIAL_UPDATES = 64;

    /** Marks a model whose get by primary key has no template (its compiled query is not a plain key match). */
    private static final Object NO_TEMPLATE = new Object();
    /**
     * The compiled get-by-pk query of the first plain {@code get(pk=...)}, its key a slot (a
     * {@link GetByPk}), or {@link #NO_TEMPLATE}; null until then.
     */
    private volatile Object getByPk;
    /** The bulk_create row writer of this model, made by the query layer on its first bulk_create; null until then. */
    private volatile Object bulkRows;

    /** The get-by-pk template and the compiled query whose statement it replaces. */
    /**
     * The compiled get: its template, the values it was compiled with (the key's among them, at
     * {@code keySlot}).
     */
    private record GetByPk(StatementTemplate template, Object[] values, int keySlot, CompiledQuery compiled) {
    }

    ModelTemplates(ModelMeta meta) {
        this.meta = meta;
        FieldMeta pk = meta.pk();
        this.pkColumn = pk == null ? null : new Column(meta.table(), pk.column());
        List<String> insert = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<String> generated = new ArrayList<>();
        List<FieldMeta> generatedFields = new ArrayList<>();
        List<FieldMeta> update = new ArrayList<>();
        for (FieldMeta f : meta.columnFields()) {
            all.add(f.column());
            if (f.generated()) {
                generated.add(f.column());
                generatedFields.add(f);
            } else {
                insert.add(f.column());
            }
            if (!f.primaryKey()) {
                update.add(f);
            }
        }
        this.insertColumns = List.copyOf(insert);
        this.allColumns = List.copyOf(all);
        this.generatedColumns = List.copyOf(generated);
        this.updateFields = List.copyOf(update);
        this.generatedShape = generatedFields.isEmpty() ? null : new ResultShape.Returning(List.copyOf(generatedFields));
        if (pk == null) {
            insertTemplate = insertAllTemplate = updateTemplate = deleteTemplate = null;
            return;
        }
        List<Expr> row = new ArrayList<>();
        List<Expr> fullRow = new ArrayList<>();
        for (FieldMeta f : meta.columnFields()) {
            fullRow.add(slot(fullRow.size(), f));
            if (!f.generated()) {
                row.add(slot(row.size(), f));
            }
        }
        this.insertTemplate = new StatementTemplate(insert(insertColumns, row, generatedColumns), row.size());
        this.insertAllTemplate = generatedColumns.isEmpty() ? null
                : new StatementTemplate(insert(allColumns, fullRow, List.of()), fullRow.size());
        this.updateTemplate = updateFields.isEmpty() ? null : updateTemplate(updateFields);
        this.deleteTemplate = new StatementTemplate(new Delete(meta.tableRef(),
                new Binary(pkColumn, Binary.Op.EQ, slot(0, pk))), 1);
    }

    /** The update of {@code fields} (slots 0..n-1) of the row whose key is slot n. */
    private StatementTemplate updateTemplate(List<FieldMeta> fields) {
        List<Assignment> sets = new ArrayList<>(fields.size());
        for (FieldMeta f : fields) {
            sets.add(new Assignment(f.column(), slot(sets.size(), f)));
        }
        return new StatementTemplate(new Update(meta.tableRef(), sets,
                new Binary(pkColumn, Binary.Op.EQ, slot(sets.size(), meta.pk()))), sets.size() + 1);
    }

    /** A slot bind for values of {@code f}, as {@link FieldMeta#bind} would bind them. */
    private static Bind slot(int index, FieldMeta f) {
        return Bind.slot(index, f.type().bindClass(), f.type().columnType());
    }

    /** A value of {@code f} as the driver binds it (what {@link FieldMeta#bind} would carry). */
    static Object dbValue(FieldMeta f, Object javaValue) {
        return f.type().toDb(javaValue);
    }

    /**
     * The insert of one row giving {@code values} (driver values, in column order) to every column
     * that is not generated, leaving generated keys to the database; null for a model without a
     * primary key.
     */
    Statement insertGenerated(Object[] values) {
        return insertTemplate == null ? null : insertTemplate.bind(values);
    }

    /** The RETURNING shape of every generated column, in column order (one object); null when there is none. */
    ResultShape.Returning generatedShape() {
        return generatedShape;
    }

    /** How many generated columns the model has. */
    int generatedCount() {
        return generatedColumns.size();
    }

    /** The insert of one row giving {@code values} to every column, in column order; null without a template. */
    Statement insertAll(Object[] values) {
        if (generatedColumns.isEmpty()) {
            return insertGenerated(values);
        }
        return insertAllTemplate == null ? null : insertAllTemplate.bind(values);
    }

    /**
     * The update by primary key of {@code fields} (column fields, {@link #updateFields} for a full
     * update): {@code values} holds one driver value per field, then the key; null when no template
     * is kept for these fields (the statement is then built as a tree).
     */
    Statement update(List<FieldMeta> fields, Object[] values) {
        if (pkColumn == null || fields.isEmpty()) {
            return null;
        }
        StatementTemplate t = fields == updateFields ? updateTemplate : partialUpdates.get(fields);
        if (t == null) {
            if (partialUpdates.size() >= PARTIAL_UPDATES) {
                return null;
            }
            t = partialUpdates.computeIfAbsent(List.copyOf(fields), this::updateTemplate);
        }
        return t.bind(values);
    }

    /** The delete of the row with this primary key (a Java value). */
    Statement deleteByPk(Object pk) {
        return deleteTemplate.bind(new Object[] {dbValue(meta.pk(), pk)});
    }

    /**
     * The query of {@code get(key=value)} on the plain queryset {@code state} (a manager's, with
     * nothing added) when {@code key} names the primary key and {@code value} is already of its type
     * (Integer, Long or UUID, which need no conversion or check): the template compiled once by
     * {@code SelectCompiler} with only the key's bind replaced, so equal to what compiling it would
     * give. Null where the query compiles as usual.
     */
    public CompiledQuery getByPk(QueryState state, String key, Object value) {
        FieldMeta pk = meta.pk();
        if (pk == null || value == null || !(key.equals("pk") || key.equals(pk.name()))
                || !QueryAccess.isInitial(state)) {
            return null;
        }
        Class<?> type = value.getClass();
        if (type != pk.type().javaType() || !(type == Integer.class || type == Long.class
                || type == java.util.UUID.class)) {
            return null;
        }
        Object t = getByPk;
        if (t == null) {
            t = compileGetByPk(state, key, value);
            getByPk = t;
        }
        if (t == NO_TEMPLATE) {
            return null;
        }
        GetByPk g = (GetByPk) t;
        CompiledQuery c = g.compiled();
        Object[] values = g.values().clone();
        values[g.keySlot()] = dbValue(pk, value);
        return new CompiledQuery(g.template().bind(values), meta, null, c.operation(), c.shape(), 0, null);
    }

    /**
     * The get-by-pk template bound to {@code sample} (a key of the primary key's type), as a manager
     * whose queryset is {@code managerQueryset} runs {@code get(pk=sample)}, for rendering at init;
     * null when that get does not take the template.
     */
    public Statement getByPkShape(QuerySet<?> managerQueryset, Object sample) {
        if (meta.pk() == null || managerQueryset.getClass() != QuerySet.class) {
            return null;
        }
        CompiledQuery q = getByPk(managerQueryset.state(), meta.pk().name(), sample);
        return q == null ? null : q.statement();
    }

    /** Compiles {@code get(key=value)} as QuerySet does; a template only when it is a plain key match. */
    private Object compileGetByPk(QueryState state, String key, Object value) {
        CompiledQuery q;
        try {
            q = QueryAccess.compileGet(state, key, value);
        } catch (RuntimeException e) {
            // The general path raises it again, when the query is subscribed to, as it always has.
            return NO_TEMPLATE;
        }
        // Compiled with its values as slots (see BindSlots): the template is that tree, its values those
        // compiled, the key's replaced per execution.
        if (q.statement() instanceof BoundStatement b && b.template().statement() instanceof Select s
                && s.where() instanceof Binary w && w.op() == Binary.Op.EQ
                && w.left() instanceof Column && w.right() instanceof Bind keyBind && keyBind.slot() >= 0
                && s.joins().isEmpty() && s.limit() instanceof Bind && s.offset() == null && s.lock() == null
                && q.connection() == null) {
            Bind expected = meta.pk().bind(value);
            if (keyBind.type() == expected.type() && java.util.Objects.equals(keyBind.columnType(),
                    expected.columnType()) && java.util.Objects.equals(b.values()[keyBind.slot()], expected.value())) {
                int slots = b.template().slots();
                return new GetByPk(new StatementTemplate(s, slots), java.util.Arrays.copyOf(b.values(), slots),
                        keyBind.slot(), q);
            }
        }
        return NO_TEMPLATE;
    }

    /** The column fields {@code names} (an update_fields list) resolved to before, or null. */
    List<FieldMeta> namedUpdateFields(List<String> names) {
        return namedUpdateFields.get(names);
    }

    /** Keeps {@code fields} as what {@code names} resolve to (while fewer than the bound are kept); returns them as kept. */
    List<FieldMeta> rememberNamedUpdateFields(List<String> names, List<FieldMeta> fields) {
        List<FieldMeta> kept = List.copyOf(fields);
        if (namedUpdateFields.size() < PARTIAL_UPDATES) {
            namedUpdateFields.putIfAbsent(List.copyOf(names), kept);
        }
        return kept;
    }

    /** The fields a full update (no update_fields) sets, in column order. */
    List<FieldMeta> updateFields() {
        return updateFields;
    }

    /** {@code key = $n}. */
    Expr pkEquals(Object pk) {
        return new Binary(pkColumn, Binary.Op.EQ, meta.pk().bind(pk));
    }

    /** An insert of one row; column lists equal to the model's usual ones are its shared lists. */
    Insert insert(List<String> columns, List<Expr> row, List<String> returning) {
        return new Insert(meta.tableRef(), shared(columns), List.of(row), shared(returning), null);
    }

    /** An update of the row with this primary key. */
    Update update(List<Assignment> sets, Object pk) {
        return new Update(meta.tableRef(), sets, pkEquals(pk));
    }

    /** An update of the row with this primary key, bound as a slot of {@code slots}. */
    Update update(List<Assignment> sets, Object pk, BindSlots slots) {
        return new Update(meta.tableRef(), sets, new Binary(pkColumn, Binary.Op.EQ, meta.pk().bind(slots, pk)));
    }

    /** A delete of the row with this primary key. */
    Delete delete(Object pk) {
        return new Delete(meta.tableRef(), pkEquals(pk));
    }

    private List<String> shared(List<String> columns) {
        if (columns.isEmpty()) {
            return List.of();
        }
        for (List<String> s : List.of(insertColumns, allColumns, generatedColumns)) {
            if (s.equals(columns)) {
                return s;
            }
        }
        return columns;
    }

    /**
     * Each template of this model bound to nulls (its text does not depend on the values): the
     * insert leaving generated keys to the database and the one giving every column, the full
     * update and the delete by primary key, for rendering at init. Empty for a model without a
     * primary key.
     */
    public List<Statement> shapes() {
        if (pkColumn == null) {
            return List.of();
        }
        List<Statement> out = new ArrayList<>(4);
        for (StatementTemplate t : new StatementTemplate[] {insertTemplate, insertAllTemplate, updateTemplate,
                deleteTemplate}) {
            if (t != null) {
                out.add(t.bind(new Object[t.slots()]));
            }
        }
        return out;
    }

    /**
     * The model's bulk_create row writer, made by {@code maker} on first use and kept for the model's lifetime (the
     * query layer's own type: kept here as the other per-model statement parts are).
     */
    public Object bulkRows(java.util.function.Function<ModelMeta, ?> maker) {
        Object w = bulkRows;
        if (w == null) {
            synchronized (this) {
                w = bulkRows;
                if (w == null) {
                    w = maker.apply(meta);
                    bulkRows = w;
                }
            }
        }
        return w;
    }
}
