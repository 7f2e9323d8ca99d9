package dev.tortoise.query;

import dev.tortoise.field.FieldType;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The row writers of bulk_create, one per model: a writer takes one object's column values as {@link
 * BulkWriter#create} inserts them (its defaults applied and written back, auto_now(_add) set to the call's instant,
 * each value validated and converted to its database value, skipped where a generated column is null). Where it
 * can, the writer is a hidden class of its own defined from {@link ConstantBulkRow}'s bytes with the columns'
 * accessors, types and flags as its constants, so that each column's accessor and {@code toDb} are called from a
 * site of their own that sees one class (the JIT inlines them), where one loop over the columns calls every
 * model's accessors and types through one megamorphic site; else (more columns than the template's slots, its
 * bytes not readable, or no place to keep it) it is that loop. Both run the same code per column, the loop as
 * {@link #cell} and the generated writer as its copy per slot (ConstantBulkRowSourceTest keeps the copies alike,
 * BulkRowWriterTest compares both writers with the earlier loop), so they write the same values and fail with
 * the same error at the same column.
 */
final class BulkRows {
    /** The column's field has a default, applied where the object's value is null. */
    static final int DEFAULT = 1;
    /** The column is auto_now_add (or auto_now, which sets both). */
    static final int NOW_ADD = 2;
    /** The column is auto_now: set on every write, not only where null. */
    static final int NOW_ALWAYS = 4;
    /** The column is database-generated: skipped where null. */
    static final int GENERATED = 8;
    /** A null value fails {@link FieldMeta#validate} (the field is not nullable, generated or a defaulted key). */
    static final int NULL_FAILS = 16;
    /** The field has validators, run on a non-null value. */
    static final int VALIDATORS = 32;

    private static final byte[] TEMPLATE = template();

    private BulkRows() {
    }

    /** Writes one object's columns into the call's per-column arrays. */
    interface RowWriter {
        /**
         * Takes {@code m}'s value of every column field (in {@code ModelMeta.columnFields()} order) into {@code
         * row}, marking in {@code skipped} the generated columns it leaves out and in {@code tookNow} the columns
         * set to the call's auto_now instant ({@code now}, its database value {@code nowDb}, each taken at the
         * column's first use); returns how many columns it skipped. Raises the field's ValidationError at the
         * first invalid column, the columns before it already taken.
         */
        int write(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now, Object[] nowDb);
    }

    /** The model's row writer, made once and kept on {@code templates}; a loop made now when there are none. */
    static RowWriter of(ModelMeta meta, dev.tortoise.internal.query.ModelTemplates templates) {
        if (templates == null) {
            return new LoopWriter(meta.columnFields());
        }
        return (RowWriter) templates.bulkRows(BulkRows::make);
    }

    /** A generated writer for the model's column fields, or the loop where none can be made. */
    static RowWriter make(ModelMeta meta) {
        List<FieldMeta> fields = meta.columnFields();
        RowWriter generated = generate(fields);
        return generated != null ? generated : new LoopWriter(fields);
    }

    /** The hidden-class writer of {@code fields}, or null when the template cannot take them. */
    static RowWriter generate(List<FieldMeta> fields) {
        if (TEMPLATE == null || fields.size() > ConstantBulkRow.SLOTS) {
            return null;
        }
        Object[] data = new Object[ConstantBulkRow.HEAD + fields.size() * ConstantBulkRow.PER_SLOT];
        data[0] = fields.size();
        for (int i = 0; i < fields.size(); i++) {
            FieldMeta f = fields.get(i);
            int at = ConstantBulkRow.HEAD + i * ConstantBulkRow.PER_SLOT;
            data[at] = Instances.accessor(f);
            data[at + 1] = f.type();
            data[at + 2] = f;
            data[at + 3] = flags(f);
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(TEMPLATE, data, true);
            return (RowWriter) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot define a bulk row writer: " + t, t);
        }
    }

    static int flags(FieldMeta f) {
        int flags = 0;
        if (f.hasDefault()) {
            flags |= DEFAULT;
        }
        if (f.autoNowAdd()) {
            flags |= NOW_ADD;
        }
        if (f.autoNow()) {
            flags |= NOW_ALWAYS;
        }
        if (f.generated()) {
            flags |= GENERATED;
        }
        if (!f.nullable() && !f.generated() && !(f.primaryKey() && f.hasDefault())) {
            flags |= NULL_FAILS;
        }
        if (f.hasValidators()) {
            flags |= VALIDATORS;
        }
        return flags;
    }

    /**
     * Takes column {@code i} of {@code m}, as {@link RowWriter#write} describes; returns 1 when it skips the column,
     * else 0. The loop's code per column; {@link ConstantBulkRow} holds a copy of it per slot, where the column's
     * accessor, type and flags are constants (a shared method would be compiled alone and not inlined per slot).
     */
    static int cell(int i, Accessor a, FieldType t, FieldMeta f, int flags, Model m, Object[] row,
                    boolean[] skipped, boolean[] tookNow, Object[] now, Object[] nowDb) {
        Object v = a.get(m);
        if ((flags & DEFAULT) != 0 && v == null) {
            a.set(m, f.defaultValue());
            v = a.get(m);
        }
        if ((flags & NOW_ADD) != 0 && ((flags & NOW_ALWAYS) != 0 || v == null)) {
            return nowCell(i, a, t, f, flags, m, row, skipped, tookNow, now, nowDb);
        }
        tookNow[i] = false;
        if (v == null) {
            if ((flags & GENERATED) != 0) {
                skipped[i] = true;
                return 1;
            }
            if ((flags & NULL_FAILS) != 0) {
                f.validate(null);
            }
        } else if ((flags & VALIDATORS) != 0) {
            f.validate(v);
        }
        skipped[i] = false;
        row[i] = t.toDb(v);
        return 0;
    }

    /** {@link #cell} for a column set to the call's auto_now instant; its database value is taken once. */
    private static int nowCell(int i, Accessor a, FieldType t, FieldMeta f, int flags, Model m, Object[] row,
                               boolean[] skipped, boolean[] tookNow, Object[] now, Object[] nowDb) {
        Object n = now[i];
        if (n == null) {
            n = t.now();
            now[i] = n;
        }
        a.set(m, n);
        Object v = a.get(m);
        tookNow[i] = true;
        if (v == null && (flags & GENERATED) != 0) {
            skipped[i] = true;
            return 1;
        }
        skipped[i] = false;
        f.validate(v);
        Object d = nowDb[i];
        if (d == null) {
            d = t.toDb(v);
            nowDb[i] = d;
        }
        row[i] = d;
        return 0;
    }

    /** The writer as a loop over the columns, for models the template cannot take. */
    static final class LoopWriter implements RowWriter {
        private final Accessor[] accessors;
        private final FieldType[] types;
        private final FieldMeta[] fields;
        private final int[] flags;

        LoopWriter(List<FieldMeta> columnFields) {
            int n = columnFields.size();
            accessors = new Accessor[n];
            types = new FieldType[n];
            fields = columnFields.toArray(new FieldMeta[0]);
            flags = new int[n];
            for (int i = 0; i < n; i++) {
                accessors[i] = Instances.accessor(fields[i]);
                types[i] = fields[i].type();
                flags[i] = flags(fields[i]);
            }
        }

        @Override
        public int write(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now, Object[] nowDb) {
            int nSkipped = 0;
            for (int i = 0; i < fields.length; i++) {
                nSkipped += cell(i, accessors[i], types[i], fields[i], flags[i], m, row, skipped, tookNow, now, nowDb);
            }
            return nSkipped;
        }
    }

    private static byte[] template() {
        try (InputStream in = BulkRows.class.getResourceAsStream("ConstantBulkRow.class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
