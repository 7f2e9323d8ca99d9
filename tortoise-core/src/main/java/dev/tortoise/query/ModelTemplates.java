package dev.tortoise.query;

import dev.tortoise.internal.query.QueryAccess;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Assignment;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.BindValues;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Delete;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.Update;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements an instance of one model is written with (insert, update by primary key, delete
 * by primary key), built from parts made once per model: the key column and the column lists are
 * shared by every statement of that shape, so that the renderer's cache finds each shape by
 * comparing the same objects. {@link #shapes()} gives one statement of each shape, which the runtime
 * renders at init, so that these statements never have their SQL text written on a request. The
 * get by primary key is compiled once too ({@link #getByPk}): a manager's {@code get(pk=...)} and
 * {@code byPk} only bind the key.
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
    /** The fields a full update sets: every column but the key. */
    private final List<FieldMeta> updateFields;

    /** Marks a model whose get by primary key has no template (its compiled query is not a plain key match). */
    private static final Object NO_TEMPLATE = new Object();
    /** The compiled get-by-pk query of the first plain {@code get(pk=...)}, or {@link #NO_TEMPLATE}; null until then. */
    private volatile Object getByPk;

    ModelTemplates(ModelMeta meta) {
        this.meta = meta;
        FieldMeta pk = meta.pk();
        this.pkColumn = pk == null ? null : new Column(meta.table(), pk.column());
        List<String> insert = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<String> generated = new ArrayList<>();
        List<FieldMeta> update = new ArrayList<>();
        for (FieldMeta f : meta.columnFields()) {
            all.add(f.column());
            if (f.generated()) {
                generated.add(f.column());
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
    }

    /**
     * The query of {@code get(key=value)} on the plain queryset {@code state} (a manager's, with
     * nothing added) when {@code key} names the primary key and {@code value} is already of its type
     * (Integer, Long or UUID, which need no conversion or check): the template compiled once by
     * {@link SelectCompiler} with only the key's bind replaced, so equal to what compiling it would
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
        CompiledQuery template = (CompiledQuery) t;
        Select select = (Select) template.statement();
        Binary where = (Binary) select.where();
        Bind bind = pk.bind(value);
        if (!bind.equals(where.right())) {
            return null;
        }
        return new CompiledQuery(select.withWhere(new Binary(where.left(), Binary.Op.EQ, bind)), meta, null,
                template.operation(), template.shape(), 0, null);
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
        if (q.statement() instanceof Select s && s.where() instanceof Binary w && w.op() == Binary.Op.EQ
                && w.left() instanceof Column && w.right() instanceof Bind && s.joins().isEmpty()
                && s.limit() instanceof Bind && s.offset() == null && s.lock() == null && q.connection() == null
                && BindValues.sameValues(w, new Binary(w.left(), Binary.Op.EQ, meta.pk().bind(value)))) {
            return q;
        }
        return NO_TEMPLATE;
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
     * One statement of each usual shape (values are NULL binds of each column's type, which the
     * statement's shape does not depend on): the insert leaving generated keys to the database and
     * the one giving every column, the full update and the delete by primary key. Empty for a model
     * without a primary key.
     */
    public List<Statement> shapes() {
        if (pkColumn == null) {
            return List.of();
        }
        List<Statement> out = new ArrayList<>(4);
        List<Expr> row = new ArrayList<>();
        List<Expr> fullRow = new ArrayList<>();
        for (FieldMeta f : meta.columnFields()) {
            fullRow.add(f.bind(null));
            if (!f.generated()) {
                row.add(f.bind(null));
            }
        }
        out.add(insert(insertColumns, row, generatedColumns));
        if (!generatedColumns.isEmpty()) {
            out.add(insert(allColumns, fullRow, List.of()));
        }
        if (!updateFields.isEmpty()) {
            List<Assignment> sets = new ArrayList<>(updateFields.size());
            for (FieldMeta f : updateFields) {
                sets.add(new Assignment(f.column(), f.bind(null)));
            }
            out.add(update(sets, null));
        }
        out.add(delete(null));
        return out;
    }
}
