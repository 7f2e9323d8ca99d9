package dev.tortoise.internal.execution;

import dev.tortoise.internal.mapping.RelatedAttacher;
import dev.tortoise.internal.mapping.RelatedColumns;
import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.internal.mapping.RowMappers;
import dev.tortoise.internal.mapping.ValueColumn;
import dev.tortoise.internal.mapping.ValueKind;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
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

    /**
     * The base mapper last found for a keyed shape (an M2M prefetch's), by the identity of its parts, in a slot
     * chosen by its annotation list's identity hash. Each statement's keyed shape is a new object (it carries
     * that statement's sink), but one made from a kept shape shares its lists, so the lookup by value (column
     * lists built, a key record hashed and compared) is needed only once per kept shape.
     */
    private final KnownKeyed[] knownKeyed = new KnownKeyed[KNOWN_SLOTS];

    /** A keyed shape's parts, without its sink: an entry must not hold a finished statement's grouping state. */
    private record KnownKeyed(ModelMeta model, List<FieldMeta> fields, List<ResultShape.Slot> annotations,
                              List<ResultShape.RelatedSlice> related, boolean partial, RowMapper base) {
        boolean sameParts(ResultShape.Models m) {
            return annotations == m.annotations() && fields == m.fields() && related == m.related()
                    && model == m.model() && partial == m.partial();
        }
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
            return RowMappers.withKeySink(keyedBase(m), m.keySink());
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

    /** The base mapper of a keyed shape: found by its parts' identity where it can be, else by value. */
    RowMapper keyedBase(ResultShape.Models m) {
        int slot = System.identityHashCode(m.annotations()) & (KNOWN_SLOTS - 1);
        KnownKeyed k = knownKeyed[slot];
        if (k != null && k.sameParts(m)) {
            return k.base;
        }
        RowMapper base = mappers.keyedBase(m.model(), m.fields(), columns(m.annotations()), slices(m.related()),
                m.partial());
        knownKeyed[slot] = new KnownKeyed(m.model(), m.fields(), m.annotations(), m.related(), m.partial(), base);
        return base;
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
