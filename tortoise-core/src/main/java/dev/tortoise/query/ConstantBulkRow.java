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
 * become its static final constants. The column loop is unrolled over {@link #SLOTS} slots, each with its own copy
 * of {@link BulkRows#cell} (generated text, kept the same as it): its accessor, type and flags are constants, so
 * the JIT calls that column's accessor and {@code toDb} directly and drops the branches its flags rule out. A copy
 * per slot, not one shared method: a shared one is compiled on its own first, too big then to be inlined per
 * slot, and its sites see every column's classes. Slots beyond the width fold away.
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
            n += cell0(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 1) {
            n += cell1(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 2) {
            n += cell2(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 3) {
            n += cell3(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 4) {
            n += cell4(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 5) {
            n += cell5(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 6) {
            n += cell6(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 7) {
            n += cell7(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 8) {
            n += cell8(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 9) {
            n += cell9(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 10) {
            n += cell10(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 11) {
            n += cell11(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 12) {
            n += cell12(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 13) {
            n += cell13(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 14) {
            n += cell14(m, row, skipped, tookNow, now, nowDb);
        }
        if (WIDTH > 15) {
            n += cell15(m, row, skipped, tookNow, now, nowDb);
        }
        return n;
    }

    /** {@link BulkRows#cell} for slot 0, its own copy so that its calls are sites of their own. */
    private static int cell0(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A0.get(m);
        if ((X0 & BulkRows.DEFAULT) != 0 && v == null) {
            A0.set(m, F0.defaultValue());
            v = A0.get(m);
        }
        if ((X0 & BulkRows.NOW_ADD) != 0 && ((X0 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[0];
            if (t == null) {
                t = T0.now();
                now[0] = t;
            }
            A0.set(m, t);
            v = A0.get(m);
            tookNow[0] = true;
            if (v == null && (X0 & BulkRows.GENERATED) != 0) {
                skipped[0] = true;
                return 1;
            }
            skipped[0] = false;
            F0.validate(v);
            Object d = nowDb[0];
            if (d == null) {
                d = T0.toDb(v);
                nowDb[0] = d;
            }
            row[0] = d;
            return 0;
        }
        tookNow[0] = false;
        if (v == null) {
            if ((X0 & BulkRows.GENERATED) != 0) {
                skipped[0] = true;
                return 1;
            }
            if ((X0 & BulkRows.NULL_FAILS) != 0) {
                F0.validate(null);
            }
        } else if ((X0 & BulkRows.VALIDATORS) != 0) {
            F0.validate(v);
        }
        skipped[0] = false;
        row[0] = T0.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 1, its own copy so that its calls are sites of their own. */
    private static int cell1(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A1.get(m);
        if ((X1 & BulkRows.DEFAULT) != 0 && v == null) {
            A1.set(m, F1.defaultValue());
            v = A1.get(m);
        }
        if ((X1 & BulkRows.NOW_ADD) != 0 && ((X1 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[1];
            if (t == null) {
                t = T1.now();
                now[1] = t;
            }
            A1.set(m, t);
            v = A1.get(m);
            tookNow[1] = true;
            if (v == null && (X1 & BulkRows.GENERATED) != 0) {
                skipped[1] = true;
                return 1;
            }
            skipped[1] = false;
            F1.validate(v);
            Object d = nowDb[1];
            if (d == null) {
                d = T1.toDb(v);
                nowDb[1] = d;
            }
            row[1] = d;
            return 0;
        }
        tookNow[1] = false;
        if (v == null) {
            if ((X1 & BulkRows.GENERATED) != 0) {
                skipped[1] = true;
                return 1;
            }
            if ((X1 & BulkRows.NULL_FAILS) != 0) {
                F1.validate(null);
            }
        } else if ((X1 & BulkRows.VALIDATORS) != 0) {
            F1.validate(v);
        }
        skipped[1] = false;
        row[1] = T1.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 2, its own copy so that its calls are sites of their own. */
    private static int cell2(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A2.get(m);
        if ((X2 & BulkRows.DEFAULT) != 0 && v == null) {
            A2.set(m, F2.defaultValue());
            v = A2.get(m);
        }
        if ((X2 & BulkRows.NOW_ADD) != 0 && ((X2 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[2];
            if (t == null) {
                t = T2.now();
                now[2] = t;
            }
            A2.set(m, t);
            v = A2.get(m);
            tookNow[2] = true;
            if (v == null && (X2 & BulkRows.GENERATED) != 0) {
                skipped[2] = true;
                return 1;
            }
            skipped[2] = false;
            F2.validate(v);
            Object d = nowDb[2];
            if (d == null) {
                d = T2.toDb(v);
                nowDb[2] = d;
            }
            row[2] = d;
            return 0;
        }
        tookNow[2] = false;
        if (v == null) {
            if ((X2 & BulkRows.GENERATED) != 0) {
                skipped[2] = true;
                return 1;
            }
            if ((X2 & BulkRows.NULL_FAILS) != 0) {
                F2.validate(null);
            }
        } else if ((X2 & BulkRows.VALIDATORS) != 0) {
            F2.validate(v);
        }
        skipped[2] = false;
        row[2] = T2.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 3, its own copy so that its calls are sites of their own. */
    private static int cell3(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A3.get(m);
        if ((X3 & BulkRows.DEFAULT) != 0 && v == null) {
            A3.set(m, F3.defaultValue());
            v = A3.get(m);
        }
        if ((X3 & BulkRows.NOW_ADD) != 0 && ((X3 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[3];
            if (t == null) {
                t = T3.now();
                now[3] = t;
            }
            A3.set(m, t);
            v = A3.get(m);
            tookNow[3] = true;
            if (v == null && (X3 & BulkRows.GENERATED) != 0) {
                skipped[3] = true;
                return 1;
            }
            skipped[3] = false;
            F3.validate(v);
            Object d = nowDb[3];
            if (d == null) {
                d = T3.toDb(v);
                nowDb[3] = d;
            }
            row[3] = d;
            return 0;
        }
        tookNow[3] = false;
        if (v == null) {
            if ((X3 & BulkRows.GENERATED) != 0) {
                skipped[3] = true;
                return 1;
            }
            if ((X3 & BulkRows.NULL_FAILS) != 0) {
                F3.validate(null);
            }
        } else if ((X3 & BulkRows.VALIDATORS) != 0) {
            F3.validate(v);
        }
        skipped[3] = false;
        row[3] = T3.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 4, its own copy so that its calls are sites of their own. */
    private static int cell4(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A4.get(m);
        if ((X4 & BulkRows.DEFAULT) != 0 && v == null) {
            A4.set(m, F4.defaultValue());
            v = A4.get(m);
        }
        if ((X4 & BulkRows.NOW_ADD) != 0 && ((X4 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[4];
            if (t == null) {
                t = T4.now();
                now[4] = t;
            }
            A4.set(m, t);
            v = A4.get(m);
            tookNow[4] = true;
            if (v == null && (X4 & BulkRows.GENERATED) != 0) {
                skipped[4] = true;
                return 1;
            }
            skipped[4] = false;
            F4.validate(v);
            Object d = nowDb[4];
            if (d == null) {
                d = T4.toDb(v);
                nowDb[4] = d;
            }
            row[4] = d;
            return 0;
        }
        tookNow[4] = false;
        if (v == null) {
            if ((X4 & BulkRows.GENERATED) != 0) {
                skipped[4] = true;
                return 1;
            }
            if ((X4 & BulkRows.NULL_FAILS) != 0) {
                F4.validate(null);
            }
        } else if ((X4 & BulkRows.VALIDATORS) != 0) {
            F4.validate(v);
        }
        skipped[4] = false;
        row[4] = T4.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 5, its own copy so that its calls are sites of their own. */
    private static int cell5(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A5.get(m);
        if ((X5 & BulkRows.DEFAULT) != 0 && v == null) {
            A5.set(m, F5.defaultValue());
            v = A5.get(m);
        }
        if ((X5 & BulkRows.NOW_ADD) != 0 && ((X5 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[5];
            if (t == null) {
                t = T5.now();
                now[5] = t;
            }
            A5.set(m, t);
            v = A5.get(m);
            tookNow[5] = true;
            if (v == null && (X5 & BulkRows.GENERATED) != 0) {
                skipped[5] = true;
                return 1;
            }
            skipped[5] = false;
            F5.validate(v);
            Object d = nowDb[5];
            if (d == null) {
                d = T5.toDb(v);
                nowDb[5] = d;
            }
            row[5] = d;
            return 0;
        }
        tookNow[5] = false;
        if (v == null) {
            if ((X5 & BulkRows.GENERATED) != 0) {
                skipped[5] = true;
                return 1;
            }
            if ((X5 & BulkRows.NULL_FAILS) != 0) {
                F5.validate(null);
            }
        } else if ((X5 & BulkRows.VALIDATORS) != 0) {
            F5.validate(v);
        }
        skipped[5] = false;
        row[5] = T5.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 6, its own copy so that its calls are sites of their own. */
    private static int cell6(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A6.get(m);
        if ((X6 & BulkRows.DEFAULT) != 0 && v == null) {
            A6.set(m, F6.defaultValue());
            v = A6.get(m);
        }
        if ((X6 & BulkRows.NOW_ADD) != 0 && ((X6 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[6];
            if (t == null) {
                t = T6.now();
                now[6] = t;
            }
            A6.set(m, t);
            v = A6.get(m);
            tookNow[6] = true;
            if (v == null && (X6 & BulkRows.GENERATED) != 0) {
                skipped[6] = true;
                return 1;
            }
            skipped[6] = false;
            F6.validate(v);
            Object d = nowDb[6];
            if (d == null) {
                d = T6.toDb(v);
                nowDb[6] = d;
            }
            row[6] = d;
            return 0;
        }
        tookNow[6] = false;
        if (v == null) {
            if ((X6 & BulkRows.GENERATED) != 0) {
                skipped[6] = true;
                return 1;
            }
            if ((X6 & BulkRows.NULL_FAILS) != 0) {
                F6.validate(null);
            }
        } else if ((X6 & BulkRows.VALIDATORS) != 0) {
            F6.validate(v);
        }
        skipped[6] = false;
        row[6] = T6.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 7, its own copy so that its calls are sites of their own. */
    private static int cell7(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A7.get(m);
        if ((X7 & BulkRows.DEFAULT) != 0 && v == null) {
            A7.set(m, F7.defaultValue());
            v = A7.get(m);
        }
        if ((X7 & BulkRows.NOW_ADD) != 0 && ((X7 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[7];
            if (t == null) {
                t = T7.now();
                now[7] = t;
            }
            A7.set(m, t);
            v = A7.get(m);
            tookNow[7] = true;
            if (v == null && (X7 & BulkRows.GENERATED) != 0) {
                skipped[7] = true;
                return 1;
            }
            skipped[7] = false;
            F7.validate(v);
            Object d = nowDb[7];
            if (d == null) {
                d = T7.toDb(v);
                nowDb[7] = d;
            }
            row[7] = d;
            return 0;
        }
        tookNow[7] = false;
        if (v == null) {
            if ((X7 & BulkRows.GENERATED) != 0) {
                skipped[7] = true;
                return 1;
            }
            if ((X7 & BulkRows.NULL_FAILS) != 0) {
                F7.validate(null);
            }
        } else if ((X7 & BulkRows.VALIDATORS) != 0) {
            F7.validate(v);
        }
        skipped[7] = false;
        row[7] = T7.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 8, its own copy so that its calls are sites of their own. */
    private static int cell8(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A8.get(m);
        if ((X8 & BulkRows.DEFAULT) != 0 && v == null) {
            A8.set(m, F8.defaultValue());
            v = A8.get(m);
        }
        if ((X8 & BulkRows.NOW_ADD) != 0 && ((X8 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[8];
            if (t == null) {
                t = T8.now();
                now[8] = t;
            }
            A8.set(m, t);
            v = A8.get(m);
            tookNow[8] = true;
            if (v == null && (X8 & BulkRows.GENERATED) != 0) {
                skipped[8] = true;
                return 1;
            }
            skipped[8] = false;
            F8.validate(v);
            Object d = nowDb[8];
            if (d == null) {
                d = T8.toDb(v);
                nowDb[8] = d;
            }
            row[8] = d;
            return 0;
        }
        tookNow[8] = false;
        if (v == null) {
            if ((X8 & BulkRows.GENERATED) != 0) {
                skipped[8] = true;
                return 1;
            }
            if ((X8 & BulkRows.NULL_FAILS) != 0) {
                F8.validate(null);
            }
        } else if ((X8 & BulkRows.VALIDATORS) != 0) {
            F8.validate(v);
        }
        skipped[8] = false;
        row[8] = T8.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 9, its own copy so that its calls are sites of their own. */
    private static int cell9(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A9.get(m);
        if ((X9 & BulkRows.DEFAULT) != 0 && v == null) {
            A9.set(m, F9.defaultValue());
            v = A9.get(m);
        }
        if ((X9 & BulkRows.NOW_ADD) != 0 && ((X9 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[9];
            if (t == null) {
                t = T9.now();
                now[9] = t;
            }
            A9.set(m, t);
            v = A9.get(m);
            tookNow[9] = true;
            if (v == null && (X9 & BulkRows.GENERATED) != 0) {
                skipped[9] = true;
                return 1;
            }
            skipped[9] = false;
            F9.validate(v);
            Object d = nowDb[9];
            if (d == null) {
                d = T9.toDb(v);
                nowDb[9] = d;
            }
            row[9] = d;
            return 0;
        }
        tookNow[9] = false;
        if (v == null) {
            if ((X9 & BulkRows.GENERATED) != 0) {
                skipped[9] = true;
                return 1;
            }
            if ((X9 & BulkRows.NULL_FAILS) != 0) {
                F9.validate(null);
            }
        } else if ((X9 & BulkRows.VALIDATORS) != 0) {
            F9.validate(v);
        }
        skipped[9] = false;
        row[9] = T9.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 10, its own copy so that its calls are sites of their own. */
    private static int cell10(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A10.get(m);
        if ((X10 & BulkRows.DEFAULT) != 0 && v == null) {
            A10.set(m, F10.defaultValue());
            v = A10.get(m);
        }
        if ((X10 & BulkRows.NOW_ADD) != 0 && ((X10 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[10];
            if (t == null) {
                t = T10.now();
                now[10] = t;
            }
            A10.set(m, t);
            v = A10.get(m);
            tookNow[10] = true;
            if (v == null && (X10 & BulkRows.GENERATED) != 0) {
                skipped[10] = true;
                return 1;
            }
            skipped[10] = false;
            F10.validate(v);
            Object d = nowDb[10];
            if (d == null) {
                d = T10.toDb(v);
                nowDb[10] = d;
            }
            row[10] = d;
            return 0;
        }
        tookNow[10] = false;
        if (v == null) {
            if ((X10 & BulkRows.GENERATED) != 0) {
                skipped[10] = true;
                return 1;
            }
            if ((X10 & BulkRows.NULL_FAILS) != 0) {
                F10.validate(null);
            }
        } else if ((X10 & BulkRows.VALIDATORS) != 0) {
            F10.validate(v);
        }
        skipped[10] = false;
        row[10] = T10.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 11, its own copy so that its calls are sites of their own. */
    private static int cell11(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A11.get(m);
        if ((X11 & BulkRows.DEFAULT) != 0 && v == null) {
            A11.set(m, F11.defaultValue());
            v = A11.get(m);
        }
        if ((X11 & BulkRows.NOW_ADD) != 0 && ((X11 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[11];
            if (t == null) {
                t = T11.now();
                now[11] = t;
            }
            A11.set(m, t);
            v = A11.get(m);
            tookNow[11] = true;
            if (v == null && (X11 & BulkRows.GENERATED) != 0) {
                skipped[11] = true;
                return 1;
            }
            skipped[11] = false;
            F11.validate(v);
            Object d = nowDb[11];
            if (d == null) {
                d = T11.toDb(v);
                nowDb[11] = d;
            }
            row[11] = d;
            return 0;
        }
        tookNow[11] = false;
        if (v == null) {
            if ((X11 & BulkRows.GENERATED) != 0) {
                skipped[11] = true;
                return 1;
            }
            if ((X11 & BulkRows.NULL_FAILS) != 0) {
                F11.validate(null);
            }
        } else if ((X11 & BulkRows.VALIDATORS) != 0) {
            F11.validate(v);
        }
        skipped[11] = false;
        row[11] = T11.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 12, its own copy so that its calls are sites of their own. */
    private static int cell12(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A12.get(m);
        if ((X12 & BulkRows.DEFAULT) != 0 && v == null) {
            A12.set(m, F12.defaultValue());
            v = A12.get(m);
        }
        if ((X12 & BulkRows.NOW_ADD) != 0 && ((X12 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[12];
            if (t == null) {
                t = T12.now();
                now[12] = t;
            }
            A12.set(m, t);
            v = A12.get(m);
            tookNow[12] = true;
            if (v == null && (X12 & BulkRows.GENERATED) != 0) {
                skipped[12] = true;
                return 1;
            }
            skipped[12] = false;
            F12.validate(v);
            Object d = nowDb[12];
            if (d == null) {
                d = T12.toDb(v);
                nowDb[12] = d;
            }
            row[12] = d;
            return 0;
        }
        tookNow[12] = false;
        if (v == null) {
            if ((X12 & BulkRows.GENERATED) != 0) {
                skipped[12] = true;
                return 1;
            }
            if ((X12 & BulkRows.NULL_FAILS) != 0) {
                F12.validate(null);
            }
        } else if ((X12 & BulkRows.VALIDATORS) != 0) {
            F12.validate(v);
        }
        skipped[12] = false;
        row[12] = T12.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 13, its own copy so that its calls are sites of their own. */
    private static int cell13(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A13.get(m);
        if ((X13 & BulkRows.DEFAULT) != 0 && v == null) {
            A13.set(m, F13.defaultValue());
            v = A13.get(m);
        }
        if ((X13 & BulkRows.NOW_ADD) != 0 && ((X13 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[13];
            if (t == null) {
                t = T13.now();
                now[13] = t;
            }
            A13.set(m, t);
            v = A13.get(m);
            tookNow[13] = true;
            if (v == null && (X13 & BulkRows.GENERATED) != 0) {
                skipped[13] = true;
                return 1;
            }
            skipped[13] = false;
            F13.validate(v);
            Object d = nowDb[13];
            if (d == null) {
                d = T13.toDb(v);
                nowDb[13] = d;
            }
            row[13] = d;
            return 0;
        }
        tookNow[13] = false;
        if (v == null) {
            if ((X13 & BulkRows.GENERATED) != 0) {
                skipped[13] = true;
                return 1;
            }
            if ((X13 & BulkRows.NULL_FAILS) != 0) {
                F13.validate(null);
            }
        } else if ((X13 & BulkRows.VALIDATORS) != 0) {
            F13.validate(v);
        }
        skipped[13] = false;
        row[13] = T13.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 14, its own copy so that its calls are sites of their own. */
    private static int cell14(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A14.get(m);
        if ((X14 & BulkRows.DEFAULT) != 0 && v == null) {
            A14.set(m, F14.defaultValue());
            v = A14.get(m);
        }
        if ((X14 & BulkRows.NOW_ADD) != 0 && ((X14 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[14];
            if (t == null) {
                t = T14.now();
                now[14] = t;
            }
            A14.set(m, t);
            v = A14.get(m);
            tookNow[14] = true;
            if (v == null && (X14 & BulkRows.GENERATED) != 0) {
                skipped[14] = true;
                return 1;
            }
            skipped[14] = false;
            F14.validate(v);
            Object d = nowDb[14];
            if (d == null) {
                d = T14.toDb(v);
                nowDb[14] = d;
            }
            row[14] = d;
            return 0;
        }
        tookNow[14] = false;
        if (v == null) {
            if ((X14 & BulkRows.GENERATED) != 0) {
                skipped[14] = true;
                return 1;
            }
            if ((X14 & BulkRows.NULL_FAILS) != 0) {
                F14.validate(null);
            }
        } else if ((X14 & BulkRows.VALIDATORS) != 0) {
            F14.validate(v);
        }
        skipped[14] = false;
        row[14] = T14.toDb(v);
        return 0;
    }

    /** {@link BulkRows#cell} for slot 15, its own copy so that its calls are sites of their own. */
    private static int cell15(Model m, Object[] row, boolean[] skipped, boolean[] tookNow, Object[] now,
                              Object[] nowDb) {
        Object v = A15.get(m);
        if ((X15 & BulkRows.DEFAULT) != 0 && v == null) {
            A15.set(m, F15.defaultValue());
            v = A15.get(m);
        }
        if ((X15 & BulkRows.NOW_ADD) != 0 && ((X15 & BulkRows.NOW_ALWAYS) != 0 || v == null)) {
            Object t = now[15];
            if (t == null) {
                t = T15.now();
                now[15] = t;
            }
            A15.set(m, t);
            v = A15.get(m);
            tookNow[15] = true;
            if (v == null && (X15 & BulkRows.GENERATED) != 0) {
                skipped[15] = true;
                return 1;
            }
            skipped[15] = false;
            F15.validate(v);
            Object d = nowDb[15];
            if (d == null) {
                d = T15.toDb(v);
                nowDb[15] = d;
            }
            row[15] = d;
            return 0;
        }
        tookNow[15] = false;
        if (v == null) {
            if ((X15 & BulkRows.GENERATED) != 0) {
                skipped[15] = true;
                return 1;
            }
            if ((X15 & BulkRows.NULL_FAILS) != 0) {
                F15.validate(null);
            }
        } else if ((X15 & BulkRows.VALIDATORS) != 0) {
            F15.validate(v);
        }
        skipped[15] = false;
        row[15] = T15.toDb(v);
        return 0;
    }
}
