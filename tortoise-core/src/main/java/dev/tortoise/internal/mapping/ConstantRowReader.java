package dev.tortoise.internal.mapping;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.FieldType;
import dev.tortoise.internal.model.Accessor;
import dev.tortoise.internal.model.InstanceFactory;
import dev.tortoise.model.Model;
import io.r2dbc.spi.Readable;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;

/**
 * The template of {@link GeneratedReaders}: never used as it is, only defined anew as a hidden class per model
 * and column set, whose class data (the instance factory, the width, first column and key position, and per
 * column its accessor, field type, read class and unchanged class) become its static final constants. The
 * column loop is unrolled over {@link #SLOTS} slots, so each store is a call site of its own whose receiver is
 * a constant: the JIT inlines the accessor's store and the type's {@code fromDb} there instead of calling
 * them through a site that sees every model's accessors. Slots beyond the width fold away.
 */
final class ConstantRowReader implements GeneratedReaders.ColumnReader {
    /** The most columns a generated reader covers; wider column sets are read by {@link RowReader}'s loop. */
    static final int SLOTS = 16;
    /** The class data's values before the slots, and the values per slot. */
    static final int HEAD = 5;
    static final int PER_SLOT = 4;

    private static final InstanceFactory FACTORY;
    private static final String NAME;
    private static final int WIDTH;
    private static final int OFFSET;
    /** The key's column within this reader, or -1 when it covers no key. */
    private static final int PK;
    private static final Class<?> PK_CLASS;
    private static final Accessor A0;
    private static final FieldType T0;
    private static final Class<?> R0;
    private static final Class<?> U0;
    private static final Accessor A1;
    private static final FieldType T1;
    private static final Class<?> R1;
    private static final Class<?> U1;
    private static final Accessor A2;
    private static final FieldType T2;
    private static final Class<?> R2;
    private static final Class<?> U2;
    private static final Accessor A3;
    private static final FieldType T3;
    private static final Class<?> R3;
    private static final Class<?> U3;
    private static final Accessor A4;
    private static final FieldType T4;
    private static final Class<?> R4;
    private static final Class<?> U4;
    private static final Accessor A5;
    private static final FieldType T5;
    private static final Class<?> R5;
    private static final Class<?> U5;
    private static final Accessor A6;
    private static final FieldType T6;
    private static final Class<?> R6;
    private static final Class<?> U6;
    private static final Accessor A7;
    private static final FieldType T7;
    private static final Class<?> R7;
    private static final Class<?> U7;
    private static final Accessor A8;
    private static final FieldType T8;
    private static final Class<?> R8;
    private static final Class<?> U8;
    private static final Accessor A9;
    private static final FieldType T9;
    private static final Class<?> R9;
    private static final Class<?> U9;
    private static final Accessor A10;
    private static final FieldType T10;
    private static final Class<?> R10;
    private static final Class<?> U10;
    private static final Accessor A11;
    private static final FieldType T11;
    private static final Class<?> R11;
    private static final Class<?> U11;
    private static final Accessor A12;
    private static final FieldType T12;
    private static final Class<?> R12;
    private static final Class<?> U12;
    private static final Accessor A13;
    private static final FieldType T13;
    private static final Class<?> R13;
    private static final Class<?> U13;
    private static final Accessor A14;
    private static final FieldType T14;
    private static final Class<?> R14;
    private static final Class<?> U14;
    private static final Accessor A15;
    private static final FieldType T15;
    private static final Class<?> R15;
    private static final Class<?> U15;

    static {
        Object[] data;
        try {
            data = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, Object[].class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        if (data == null) {
            throw new IllegalStateException("ConstantRowReader is a template: define it with class data");
        }
        FACTORY = (InstanceFactory) data[0];
        NAME = (String) data[1];
        WIDTH = (Integer) data[2];
        OFFSET = (Integer) data[3];
        PK = (Integer) data[4];
        PK_CLASS = PK < 0 ? null : (Class<?>) slot(data, PK, 2);
        A0 = (Accessor) slot(data, 0, 0);
        T0 = (FieldType) slot(data, 0, 1);
        R0 = (Class<?>) slot(data, 0, 2);
        U0 = (Class<?>) slot(data, 0, 3);
        A1 = (Accessor) slot(data, 1, 0);
        T1 = (FieldType) slot(data, 1, 1);
        R1 = (Class<?>) slot(data, 1, 2);
        U1 = (Class<?>) slot(data, 1, 3);
        A2 = (Accessor) slot(data, 2, 0);
        T2 = (FieldType) slot(data, 2, 1);
        R2 = (Class<?>) slot(data, 2, 2);
        U2 = (Class<?>) slot(data, 2, 3);
        A3 = (Accessor) slot(data, 3, 0);
        T3 = (FieldType) slot(data, 3, 1);
        R3 = (Class<?>) slot(data, 3, 2);
        U3 = (Class<?>) slot(data, 3, 3);
        A4 = (Accessor) slot(data, 4, 0);
        T4 = (FieldType) slot(data, 4, 1);
        R4 = (Class<?>) slot(data, 4, 2);
        U4 = (Class<?>) slot(data, 4, 3);
        A5 = (Accessor) slot(data, 5, 0);
        T5 = (FieldType) slot(data, 5, 1);
        R5 = (Class<?>) slot(data, 5, 2);
        U5 = (Class<?>) slot(data, 5, 3);
        A6 = (Accessor) slot(data, 6, 0);
        T6 = (FieldType) slot(data, 6, 1);
        R6 = (Class<?>) slot(data, 6, 2);
        U6 = (Class<?>) slot(data, 6, 3);
        A7 = (Accessor) slot(data, 7, 0);
        T7 = (FieldType) slot(data, 7, 1);
        R7 = (Class<?>) slot(data, 7, 2);
        U7 = (Class<?>) slot(data, 7, 3);
        A8 = (Accessor) slot(data, 8, 0);
        T8 = (FieldType) slot(data, 8, 1);
        R8 = (Class<?>) slot(data, 8, 2);
        U8 = (Class<?>) slot(data, 8, 3);
        A9 = (Accessor) slot(data, 9, 0);
        T9 = (FieldType) slot(data, 9, 1);
        R9 = (Class<?>) slot(data, 9, 2);
        U9 = (Class<?>) slot(data, 9, 3);
        A10 = (Accessor) slot(data, 10, 0);
        T10 = (FieldType) slot(data, 10, 1);
        R10 = (Class<?>) slot(data, 10, 2);
        U10 = (Class<?>) slot(data, 10, 3);
        A11 = (Accessor) slot(data, 11, 0);
        T11 = (FieldType) slot(data, 11, 1);
        R11 = (Class<?>) slot(data, 11, 2);
        U11 = (Class<?>) slot(data, 11, 3);
        A12 = (Accessor) slot(data, 12, 0);
        T12 = (FieldType) slot(data, 12, 1);
        R12 = (Class<?>) slot(data, 12, 2);
        U12 = (Class<?>) slot(data, 12, 3);
        A13 = (Accessor) slot(data, 13, 0);
        T13 = (FieldType) slot(data, 13, 1);
        R13 = (Class<?>) slot(data, 13, 2);
        U13 = (Class<?>) slot(data, 13, 3);
        A14 = (Accessor) slot(data, 14, 0);
        T14 = (FieldType) slot(data, 14, 1);
        R14 = (Class<?>) slot(data, 14, 2);
        U14 = (Class<?>) slot(data, 14, 3);
        A15 = (Accessor) slot(data, 15, 0);
        T15 = (FieldType) slot(data, 15, 1);
        R15 = (Class<?>) slot(data, 15, 2);
        U15 = (Class<?>) slot(data, 15, 3);
    }

    private static Object slot(Object[] data, int slot, int part) {
        int i = HEAD + slot * PER_SLOT + part;
        return i < data.length ? data[i] : null;
    }

    @Override
    public Model read(Readable row) {
        Model instance = create();
        if (WIDTH > 0) {
            store(A0, T0, U0, instance, row.get(OFFSET + 0, R0));
        }
        if (WIDTH > 1) {
            store(A1, T1, U1, instance, row.get(OFFSET + 1, R1));
        }
        if (WIDTH > 2) {
            store(A2, T2, U2, instance, row.get(OFFSET + 2, R2));
        }
        if (WIDTH > 3) {
            store(A3, T3, U3, instance, row.get(OFFSET + 3, R3));
        }
        if (WIDTH > 4) {
            store(A4, T4, U4, instance, row.get(OFFSET + 4, R4));
        }
        if (WIDTH > 5) {
            store(A5, T5, U5, instance, row.get(OFFSET + 5, R5));
        }
        if (WIDTH > 6) {
            store(A6, T6, U6, instance, row.get(OFFSET + 6, R6));
        }
        if (WIDTH > 7) {
            store(A7, T7, U7, instance, row.get(OFFSET + 7, R7));
        }
        if (WIDTH > 8) {
            store(A8, T8, U8, instance, row.get(OFFSET + 8, R8));
        }
        if (WIDTH > 9) {
            store(A9, T9, U9, instance, row.get(OFFSET + 9, R9));
        }
        if (WIDTH > 10) {
            store(A10, T10, U10, instance, row.get(OFFSET + 10, R10));
        }
        if (WIDTH > 11) {
            store(A11, T11, U11, instance, row.get(OFFSET + 11, R11));
        }
        if (WIDTH > 12) {
            store(A12, T12, U12, instance, row.get(OFFSET + 12, R12));
        }
        if (WIDTH > 13) {
            store(A13, T13, U13, instance, row.get(OFFSET + 13, R13));
        }
        if (WIDTH > 14) {
            store(A14, T14, U14, instance, row.get(OFFSET + 14, R14));
        }
        if (WIDTH > 15) {
            store(A15, T15, U15, instance, row.get(OFFSET + 15, R15));
        }
        return instance;
    }

    @Override
    public Model readIfPresent(Readable row) {
        if (PK < 0) {
            for (int i = 0; i < WIDTH; i++) {
                if (row.get(OFFSET + i) != null) {
                    return read(row);
                }
            }
            return null;
        }
        Object pk = row.get(OFFSET + PK, PK_CLASS);
        if (pk == null) {
            return null;
        }
        Model instance = create();
        if (WIDTH > 0) {
            store(A0, T0, U0, instance, PK == 0 ? pk : row.get(OFFSET + 0, R0));
        }
        if (WIDTH > 1) {
            store(A1, T1, U1, instance, PK == 1 ? pk : row.get(OFFSET + 1, R1));
        }
        if (WIDTH > 2) {
            store(A2, T2, U2, instance, PK == 2 ? pk : row.get(OFFSET + 2, R2));
        }
        if (WIDTH > 3) {
            store(A3, T3, U3, instance, PK == 3 ? pk : row.get(OFFSET + 3, R3));
        }
        if (WIDTH > 4) {
            store(A4, T4, U4, instance, PK == 4 ? pk : row.get(OFFSET + 4, R4));
        }
        if (WIDTH > 5) {
            store(A5, T5, U5, instance, PK == 5 ? pk : row.get(OFFSET + 5, R5));
        }
        if (WIDTH > 6) {
            store(A6, T6, U6, instance, PK == 6 ? pk : row.get(OFFSET + 6, R6));
        }
        if (WIDTH > 7) {
            store(A7, T7, U7, instance, PK == 7 ? pk : row.get(OFFSET + 7, R7));
        }
        if (WIDTH > 8) {
            store(A8, T8, U8, instance, PK == 8 ? pk : row.get(OFFSET + 8, R8));
        }
        if (WIDTH > 9) {
            store(A9, T9, U9, instance, PK == 9 ? pk : row.get(OFFSET + 9, R9));
        }
        if (WIDTH > 10) {
            store(A10, T10, U10, instance, PK == 10 ? pk : row.get(OFFSET + 10, R10));
        }
        if (WIDTH > 11) {
            store(A11, T11, U11, instance, PK == 11 ? pk : row.get(OFFSET + 11, R11));
        }
        if (WIDTH > 12) {
            store(A12, T12, U12, instance, PK == 12 ? pk : row.get(OFFSET + 12, R12));
        }
        if (WIDTH > 13) {
            store(A13, T13, U13, instance, PK == 13 ? pk : row.get(OFFSET + 13, R13));
        }
        if (WIDTH > 14) {
            store(A14, T14, U14, instance, PK == 14 ? pk : row.get(OFFSET + 14, R14));
        }
        if (WIDTH > 15) {
            store(A15, T15, U15, instance, PK == 15 ? pk : row.get(OFFSET + 15, R15));
        }
        return instance;
    }

    /** As {@code ModelMeta.newInstance()}, through the constant factory. */
    private static Model create() {
        try {
            return (Model) FACTORY.create();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ConfigurationError("Cannot construct " + NAME + ": " + t);
        }
    }

    /** As {@link RowReader}'s store: a value its type would keep as it is skips {@code fromDb}. */
    private static void store(Accessor access, FieldType type, Class<?> keep, Model instance, Object raw) {
        access.set(instance, raw == null ? null
                : keep == Object.class || raw.getClass() == keep ? raw : type.fromDb(raw));
    }
}
