package dev.tortoise.internal.mapping;

import dev.tortoise.field.FieldType;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.Readable;

/** Reads one value column by index: through a field's type, or converted to a plain Java type. */
final class ValueReader {
    private final FieldType type;
    private final Class<?> readClass;
    /** The class of values the type's fromDb keeps as they are (Object: all), or null. */
    private final Class<?> unchanged;
    private final Class<?> valueType;
    private final boolean number;
    private final int index;

    ValueReader(ValueColumn column, int index) {
        this.type = column.field() != null ? column.field().type() : null;
        this.readClass = type != null ? type.readClass() : null;
        this.unchanged = type != null ? type.fromDbUnchanged() : null;
        this.valueType = column.valueType();
        this.number = valueType != null && Number.class.isAssignableFrom(valueType);
        this.index = index;
    }

    Object read(Readable row) {
        if (type != null) {
            Object raw = row.get(index, readClass);
            if (raw == null || unchanged == Object.class || raw.getClass() == unchanged) {
                // Skips the megamorphic fromDb for a value it would keep (RowReader.convert).
                return raw;
            }
            return type.fromDb(raw);
        }
        if (number) {
            Object raw = row.get(index);
            if (raw instanceof String text) {
                // An expression over untyped binds (CASE WHEN ... THEN ? on H2) comes back as text.
                raw = new java.math.BigDecimal(text.trim());
            }
            return raw == null ? null : ModelMeta.convertNumber(raw, valueType);
        }
        if (valueType != null) {
            return row.get(index, valueType);
        }
        return row.get(index);
    }
}
