package dev.tortoise.query;

import dev.tortoise.field.FieldType;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;

/**
 * The template of {@link BulkRows}' generated writers: never used as it is, only defined anew as a hidden class per
 * model, whose class data (the width, and per column its accessor, field type, field and {@link BulkRows} flags)
 * become its static final constants. The column loop is unrolled over {@link #SLOTS} slots, so each column's
 * {@link BulkRows#cell} is inlined at a site of its own whose accessor, type and flags are constants: the JIT calls
 * that column's accessor and {@code toDb} directly and drops the branches its flags rule out. Slots beyond the
 * width fold away.
 */
final class ConstantBulkRow implements BulkRows.RowWriter {
    /** The most columns a generated writer covers; wider models are written by {@link BulkRows.LoopWriter}. */
    static final int SLOTS = 16;
    /** The class data's values before the slots, and the values per slot. */
    static final int HEAD = 1;
    static final int PER_SLOT = 4;

    private static final int WIDTH;
    private static final Accessor A0;
    private static final FieldType T0;
    private static final FieldMeta F0;
    private static final int X0;
    private static final Accessor A1;
    private static final FieldType T1;
    private static final FieldMeta F1;
    private static final int X1;
    private static final Accessor A2;
    private static final FieldType T2;
    private static final FieldMeta F2;
    private static final int X2;
    private static final Accessor A3;
    private static final FieldType T3;
    private static final FieldMeta F3;
    private static final int X3;
    private static final Accessor A4;
    private static final FieldType T4;
    private static final FieldMeta F4;
    private static final int X4;
    private static final Accessor A5;
    private static final FieldType T5;
    private static final FieldMeta F5;
    private static final int X5;
    private static final Accessor A6;
    private static final FieldType T6;
    private static final FieldMeta F6;
    private static final int X6;
    private static final Accessor A7;
    private static final FieldType T7;
    private static final FieldMeta F7;
    private static final int X7;
    private static final Accessor A8;
    private static final FieldType T8;
    private static final FieldMeta F8;
    private static final int X8;
    private static final Accessor A9;
    private static final FieldType T9;
    private static final FieldMeta F9;
    private static final int X9;
    private static final Accessor A10;
    private static final FieldType T10;
    private static final FieldMeta F10;
    private static final int X10;
    private static final Accessor A11;
    private static final FieldType T11;
    private static final FieldMeta F11;
    private static final int X11;
    private static final Accessor A12;
    private static final FieldType T12;
    private static final FieldMeta F12;
    private static final int X12;
    private static final Accessor A13;
    private static final FieldType T13;
    private static final FieldMeta F13;
    private static final int X13;
    private static final Accessor A14;
    private static final FieldType T14;
    private static final FieldMeta F14;
    private static final int X14;
    private static final Accessor A15;
    private static final FieldType T15;
    private static final FieldMeta F15;
    private static final int X15;

    static {
        Object[] data;
        try {
            data = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, Object[].class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (data == null) {
            throw new IllegalStateException("ConstantBulkRow is a template: define it with class data");
        }
        WIDTH = (Integer) data[0];
        A0 = (Accessor) slot(data, 0, 0);
        T0 = (FieldType) slot(data, 0, 1);
        F0 = (FieldMeta) slot(data, 0, 2);
        X0 = flags(data, 0);
        A1 = (Accessor) slot(data, 1, 0);
        T1 = (FieldType) slot(data, 1, 1);
        F1 = (FieldMeta) slot(data, 1, 2);
        X1 = flags(data, 1);
        A2 = (Accessor) slot(data, 2, 0);
        T2 = (FieldType) slot(data, 2, 1);
        F2 = (FieldMeta) slot(data, 2, 2);
        X2 = flags(data, 2);
        A3 = (Accessor) slot(data, 3, 0);
        T3 = (FieldType) slot(data, 3, 1);
        F3 = (FieldMeta) slot(data, 3, 2);
        X3 = flags(data, 3);
        A4 = (Accessor) slot(data, 4, 0);
        T4 = (FieldType) slot(data, 4, 1);
        F4 = (FieldMeta) slot(data, 4, 2);
        X4 = flags(data, 4);
        A5 = (Accessor) slot(data, 5, 0);
        T5 = (FieldType) slot(data, 5, 1);
        F5 = (FieldMeta) slot(data, 5, 2);
        X5 = flags(data, 5);
        A6 = (Accessor) slot(data, 6, 0);
        T6 = (FieldType) slot(data, 6, 1);
        F6 = (FieldMeta) slot(data, 6, 2);
        X6 = flags(data, 6);
        A7 = (Accessor) slot(data, 7, 0);
        T7 = (FieldType) slot(data, 7, 1);
        F7 = (FieldMeta) slot(data, 7, 2);
        X7 = flags(data, 7);
        A8 = (Accessor) slot(data, 8, 0);
        T8 = (FieldType) slot(data, 8, 1);
        F8 = (FieldMeta) slot(data, 8, 2);
        X8 = flags(data, 8);
        A9 = (Accessor) slot(data, 9, 0);
        T9 = (FieldType) slot(data, 9, 1);
        F9 = (FieldMeta) slot(data, 9, 2);
        X9 = flags(data, 9);
        A10 = (Accessor) slot(data, 10, 0);
        T10 = (FieldType) slot(data, 10, 1);
        F10 = (FieldMeta) slot(data, 10, 2);
        X10 = flags(data, 10);
        A11 = (Accessor) slot(data, 11, 0);
        T11 = (FieldType) slot(data, 11, 1);
        F11 = (FieldMeta) slot(data, 11, 2);
        X11 = flags(data, 11);
        A12 = (Accessor) slot(data, 12, 0);
        T12 = (FieldType) slot(data, 12, 1);
        F12 = (FieldMeta) slot(data, 12, 2);
        X12 = flags(data, 12);
        A13 = (Accessor) slot(data, 13, 0);
        T13 = (FieldType) slot(data, 13, 1);
        F13 = (FieldMeta) slot(data, 13, 2);
        X13 = flags(data, 13);
        A14 = (Accessor) slot(data, 14, 0);
        T14 = (FieldType) slot(data, 14, 1);
        F14 = (FieldMeta) slot(data, 14, 2);
        X14 = flags(data, 14);
        A15 = (Accessor) slot(data, 15, 0);
        T15 = (FieldType) slot(data, 15, 1);
        F15 = (FieldMeta) slot(data, 15, 2);
        X15 = flags(data, 15);
    }

    private static Object slot(Object[] data, int slot, int part) {
        int i = HEAD + slot * PER_SLOT + part;
        return i < data.length ? data[i] : null;
    }

    private static int flags(Object[] data, int slot) {
        Object flags = slot(data, slot, 3);
        return flags == null ? 0 : (Integer) flags;
    }

    @Override
    public int write(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now, Object[] nowDb) {
        int n = 0;
        if (WIDTH > 0) {
            n += BulkRows.cell(0, A0, T0, F0, X0, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 1) {
            n += BulkRows.cell(1, A1, T1, F1, X1, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 2) {
            n += BulkRows.cell(2, A2, T2, F2, X2, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 3) {
            n += BulkRows.cell(3, A3, T3, F3, X3, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 4) {
            n += BulkRows.cell(4, A4, T4, F4, X4, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 5) {
            n += BulkRows.cell(5, A5, T5, F5, X5, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 6) {
            n += BulkRows.cell(6, A6, T6, F6, X6, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 7) {
            n += BulkRows.cell(7, A7, T7, F7, X7, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 8) {
            n += BulkRows.cell(8, A8, T8, F8, X8, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 9) {
            n += BulkRows.cell(9, A9, T9, F9, X9, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 10) {
            n += BulkRows.cell(10, A10, T10, F10, X10, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 11) {
            n += BulkRows.cell(11, A11, T11, F11, X11, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 12) {
            n += BulkRows.cell(12, A12, T12, F12, X12, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 13) {
            n += BulkRows.cell(13, A13, T13, F13, X13, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 14) {
            n += BulkRows.cell(14, A14, T14, F14, X14, m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 15) {
            n += BulkRows.cell(15, A15, T15, F15, X15, m, row, skipped, tookNow, now, nowDb);
        }
        return n;
    }
}
