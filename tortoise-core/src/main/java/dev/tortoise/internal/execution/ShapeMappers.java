package dev.tortoise.internal.execution;

import dev.tortoise.internal.mapping.RelatedAttacher;
import dev.tortoise.internal.mapping.RelatedColumns;
import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.internal.mapping.RowMappers;
import dev.tortoise.internal.mapping.ValueColumn;
import dev.tortoise.internal.mapping.ValueKind;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.query.ResultShape;
import java.util.List;

/** Picks the row mapper of each result shape the query layer asks for (model instances, values, RETURNING, raw, text). */
final class ShapeMappers {
    /** The row mappers, one per result shape (see {@link RowMappers}). */
    private final RowMappers mappers;

    ShapeMappers(InstanceBinding binding, RelatedAttacher attacher) {
        this.mappers = new RowMappers(binding, attacher);
    }

    /** The mapper of a result shape: cached per shape, except raw SQL's, planned from each result's columns. */
    RowMapper mapperFor(ResultShape shape) {
        if (shape instanceof ResultShape.Models m && m.keySink() != null) {
            return mappers.keyedModels(m.model(), m.fields(), columns(m.annotations()), slices(m.related()),
                    m.partial(), m.keySink());
        }
        if (shape instanceof ResultShape.Models m) {
            return mappers.models(m.model(), m.fields(), columns(m.annotations()), slices(m.related()), m.partial());
        }
        if (shape instanceof ResultShape.Values v) {
            ValueKind kind = switch (v.kind()) {
                case MAP -> ValueKind.MAP;
                case LIST -> ValueKind.LIST;
                case FLAT -> ValueKind.FLAT;
            };
            return mappers.values(columns(v.slots()), kind);
        }
        if (shape instanceof ResultShape.Returning r) {
            return mappers.returning(r.fields());
        }
        if (shape instanceof ResultShape.Raw raw) {
            return mappers.raw(raw.model());
        }
        if (shape instanceof ResultShape.Text) {
            return mappers.text();
        }
        throw new IllegalStateException("Unknown result shape " + shape);
    }

    private static List<ValueColumn> columns(List<ResultShape.Slot> slots) {
        if (slots.isEmpty()) {
            return List.of();
        }
        ValueColumn[] out = new ValueColumn[slots.size()];
        for (int i = 0; i < out.length; i++) {
            ResultShape.Slot slot = slots.get(i);
            out[i] = new ValueColumn(slot.key(), slot.field(), slot.valueType());
        }
        return List.of(out);
    }

    private static List<RelatedColumns> slices(List<ResultShape.RelatedSlice> related) {
        if (related.isEmpty()) {
            return List.of();
        }
        RelatedColumns[] out = new RelatedColumns[related.size()];
        for (int i = 0; i < out.length; i++) {
            ResultShape.RelatedSlice slice = related.get(i);
            out[i] = new RelatedColumns(slice.parent(), slice.relation(), slice.model(), slice.fields());
        }
        return List.of(out);
    }
}
