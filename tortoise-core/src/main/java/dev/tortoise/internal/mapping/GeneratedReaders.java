package dev.tortoise.internal.mapping;

import dev.tortoise.field.FieldType;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.Readable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Row readers per model and column set, each a hidden class of its own defined from {@link ConstantRowReader}'s
 * bytes with the columns' accessors and types as its constants. {@link RowReader}'s loop sets every model's
 * attributes through one call site, which sees every model's accessor classes and so calls them through the
 * interface; a generated reader stores each column through a site of its own that the JIT compiles to the
 * plain store. Where none can be made (more columns than the template's slots, or its bytes not readable),
 * {@link #of} returns null and the loop reads the row: the same results, slower.
 */
final class GeneratedReaders {
    private static final byte[] TEMPLATE = template();

    /** Reads one model's columns of a row into a new instance, as {@link RowReader#read} does. */
    interface ColumnReader {
        Model read(Readable row);

        Model readIfPresent(Readable row);
    }

    private GeneratedReaders() {
    }

    /**
     * A reader of {@code fields} of {@code model} from column {@code offset}, with the key at {@code pkIndex}
     * of them (-1: none), or null when no hidden class can be made for them.
     */
    static ColumnReader of(ModelMeta model, FieldMeta[] fields, int offset, int pkIndex) {
        if (TEMPLATE == null || fields.length > ConstantRowReader.SLOTS) {
            return null;
        }
        Object[] data = new Object[ConstantRowReader.HEAD + fields.length * ConstantRowReader.PER_SLOT];
        data[0] = Instances.factory(model);
        data[1] = model.name();
        data[2] = fields.length;
        data[3] = offset;
        data[4] = pkIndex;
        for (int i = 0; i < fields.length; i++) {
            FieldType type = fields[i].type();
            int at = ConstantRowReader.HEAD + i * ConstantRowReader.PER_SLOT;
            data[at] = Instances.accessor(fields[i]);
            data[at + 1] = type;
            data[at + 2] = type.readClass();
            data[at + 3] = type.fromDbUnchanged();
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(TEMPLATE, data, true);
            return (ColumnReader) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Cannot define a row reader: " + t, t);
        }
    }

    /** Whether readers can be generated (false: the template's bytes were not found). */
    static boolean available() {
        return TEMPLATE != null;
    }

    private static byte[] template() {
        try (InputStream in = GeneratedReaders.class.getResourceAsStream("ConstantRowReader.class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
