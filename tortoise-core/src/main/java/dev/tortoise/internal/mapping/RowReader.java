package dev.tortoise.internal.mapping;

import dev.tortoise.field.FieldType;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.Readable;
import java.util.List;

/**
 * Reads one model's columns from a row by index into a new instance, through the fields'
 * precomputed types and accessors. Built once per result shape, used for every row: through a
 * {@link GeneratedReaders generated reader} of its own where one can be made, else through the loop
 * below (the same values, instances and errors either way).
 */
final class RowReader {
    private final ModelMeta model;
    private final FieldMeta[] fields;
    private final FieldType[] types;
    private final Class<?>[] readClasses;
    /** Per column: the class of values its type's fromDb keeps as they are (Object: all), or null. */
    private final Class<?>[] unchanged;
    private final int offset;
    private final int pkIndex;
    /** The generated reader of these columns, or null: the loop reads them. */
    private final GeneratedReaders.ColumnReader generated;

    /** A reader for {@code fields} of {@code model} starting at column {@code offset}. */
    RowReader(ModelMeta model, List<FieldMeta> fields, int offset) {
        this(model, fields, offset, true);
    }

    /** As above; {@code generate} false: always the loop (for tests of both ways). */
    RowReader(ModelMeta model, List<FieldMeta> fields, int offset, boolean generate) {
        this.model = model;
        this.fields = fields.toArray(new FieldMeta[0]);
        this.types = new FieldType[this.fields.length];
        this.readClasses = new Class<?>[this.fields.length];
        this.unchanged = new Class<?>[this.fields.length];
        for (int i = 0; i < this.fields.length; i++) {
            types[i] = this.fields[i].type();
            readClasses[i] = types[i].readClass();
            unchanged[i] = types[i].fromDbUnchanged();
        }
        this.offset = offset;
        this.pkIndex = fields.indexOf(model.pk());
        this.generated = generate ? GeneratedReaders.of(model, this.fields, offset, pkIndex) : null;
    }

    /** Whether a generated reader reads the columns (for tests). */
    boolean generated() {
        return generated != null;
    }

    /** The number of columns this reader consumes. */
    int width() {
        return fields.length;
    }

    /** Reads the columns into a new instance. */
    Model read(Readable row) {
        if (generated != null) {
            return generated.read(row);
        }
        Model instance = model.newInstance();
        for (int i = 0; i < fields.length; i++) {
            fields[i].set(instance, convert(i, row.get(offset + i, readClasses[i])));
        }
        return instance;
    }

    /**
     * Reads the columns into a new instance, or returns null when the row holds none (every column
     * NULL, as an outer join gives for a missing related row). When the reader covers the primary
     * key, that one column decides (a stored row never has a NULL key) and is decoded only once.
     */
    Model readIfPresent(Readable row) {
        if (generated != null) {
            return generated.readIfPresent(row);
        }
        if (pkIndex < 0) {
            return allNull(row) ? null : read(row);
        }
        Object pkRaw = row.get(offset + pkIndex, readClasses[pkIndex]);
        if (pkRaw == null) {
            return null;
        }
        Model instance = model.newInstance();
        for (int i = 0; i < fields.length; i++) {
            Object raw = i == pkIndex ? pkRaw : row.get(offset + i, readClasses[i]);
            fields[i].set(instance, convert(i, raw));
        }
        return instance;
    }

    /**
     * Column {@code i}'s value as the attribute takes it. The type's {@code fromDb} is one call site for every
     * field type, too many for the JIT to inline; a value its type would keep as it is skips the call.
     */
    private Object convert(int i, Object raw) {
        if (raw == null) {
            return null;
        }
        Class<?> keep = unchanged[i];
        return keep == Object.class || raw.getClass() == keep ? raw : types[i].fromDb(raw);
    }

    private boolean allNull(Readable row) {
        for (int i = 0; i < fields.length; i++) {
            if (row.get(offset + i) != null) {
                return false;
            }
        }
        return true;
    }
}
