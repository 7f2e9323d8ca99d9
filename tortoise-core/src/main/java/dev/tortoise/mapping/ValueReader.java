package dev.tortoise.mapping;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.Readable;

/** Reads one value column by index: through a field's type, or converted to a plain Java type. */
public final class ValueReader {
    private final FieldMeta field;
    private final Class<?> valueType;
    private final int index;

    public ValueReader(FieldMeta field, Class<?> valueType, int index) {
        this.field = field;
        this.valueType = valueType;
        this.index = index;
    }

    public Object read(Readable row) {
        if (field != null && field.type() != null) {
            Object raw = row.get(index, field.type().readClass());
            return raw == null ? null : field.type().fromDb(raw);
        }
        if (valueType != null && Number.class.isAssignableFrom(valueType)) {
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
