package dev.tortoise.mapping;

import dev.tortoise.field.FieldType;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.Readable;

/**
 * Reads one model's columns from a row by index into a new instance, through the fields'
 * precomputed types and accessors. Built once per query, used for every row.
 */
public final class RowReader {
    private final ModelMeta model;
    private final FieldMeta[] fields;
    private final FieldType[] types;
    private final Class<?>[] readClasses;
    private final int offset;

    /** A reader for {@code fields} of {@code model} starting at column {@code offset}. */
    public RowReader(ModelMeta model, java.util.List<FieldMeta> fields, int offset) {
        this.model = model;
        this.fields = fields.toArray(new FieldMeta[0]);
        this.types = new FieldType[this.fields.length];
        this.readClasses = new Class<?>[this.fields.length];
        for (int i = 0; i < this.fields.length; i++) {
            types[i] = this.fields[i].type();
            readClasses[i] = types[i].readClass();
        }
        this.offset = offset;
    }

    /** The number of columns this reader consumes. */
    public int width() {
        return fields.length;
    }

    /** The model read. */
    public ModelMeta model() {
        return model;
    }

    /** Reads the columns into a new instance. */
    public Object read(Readable row) {
        Object instance = model.newInstance();
        for (int i = 0; i < fields.length; i++) {
            Object raw = row.get(offset + i, readClasses[i]);
            fields[i].set(instance, raw == null ? null : types[i].fromDb(raw));
        }
        return instance;
    }

    /** Whether every column of this reader is NULL in the row (a missing related row of an outer join). */
    public boolean allNull(Readable row) {
        for (int i = 0; i < fields.length; i++) {
            if (row.get(offset + i) != null) {
                return false;
            }
        }
        return true;
    }
}
