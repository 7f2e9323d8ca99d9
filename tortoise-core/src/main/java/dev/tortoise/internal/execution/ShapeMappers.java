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

    /**
     * The mapper last found for a shape instance, by identity, in a slot chosen by its identity
     * hash: a compiled template or a kept query shape hands the same {@code ResultShape} to every
     * statement, and {@link RowMappers}' lookup by value (a key record built, hashed and compared
     * field list by field list) cost ~2% of a get by primary key's client CPU. A shape is
     * immutable, so the mapper found for it once stays right; a slot another shape takes over is
     * only a miss. Entries are immutable, so racing writers need no lock.
     */
    private final Known[] known = new Known[KNOWN_SLOTS];

    private static final int KNOWN_SLOTS = 64;

    private record Known(ResultShape shape, RowMapper mapper) {
    }

    ShapeMappers(InstanceBinding binding, RelatedAttacher attacher) {
        this.mappers = new RowMappers(binding, attacher);
    }

    /** The mapper of a result shape: cached per shape, except raw SQL's, planned from each result's columns. */
    RowMapper mapperFor(ResultShape shape) {
        if (shape instanceof ResultShape.Models m && m.keySink() == null || shape instanceof ResultShape.Values
                || shape instanceof ResultShape.Returning) {
            int slot = System.identityHashCode(shape) & (KNOWN_SLOTS - 1);
            Known k = known[slot];
            if (k != null && k.shape == shape) {
                return k.mapper;
            }
            RowMapper mapper = lookUp(shape);
            known[slot] = new Known(shape, mapper);
            return mapper;
        }
        return lookUp(shape);
    }

    private RowMapper lookUp(ResultShape shape) {
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
