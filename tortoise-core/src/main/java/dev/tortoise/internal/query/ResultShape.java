package dev.tortoise.internal.query;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import java.util.List;
import java.util.function.BiConsumer;

/** How the rows of a compiled query become results. */
public sealed interface ResultShape {

    /**
     * A value read from a column: converted through {@code field}'s type when there is one, else
     * to {@code valueType} (may be null: as the driver returns it).
     */
    record Slot(String key, FieldMeta field, Class<?> valueType) {
    }

    /**
     * Model instances: the model's selected fields in column order, then annotations, then the
     * columns of select_related models; prefetching runs after the rows are read.
     *
     * @param partial whether only some fields were selected ({@code only()})
     * @param keySink null, or what takes each row's last annotation: that value is then a key handed with
     *     its instance to the sink, row by row in row order, and not stored on the instance (the join key of
     *     an M2M prefetch, so the rows cost no per-instance state for it)
     */
    record Models(ModelMeta model, List<FieldMeta> fields, List<Slot> annotations, List<RelatedSlice> related,
                  boolean partial, List<PrefetchSpec> prefetch, BiConsumer<Model, Object> keySink)
            implements ResultShape {
        public Models {
            fields = List.copyOf(fields);
            annotations = List.copyOf(annotations);
            related = List.copyOf(related);
            prefetch = List.copyOf(prefetch);
            if (keySink != null && annotations.isEmpty()) {
                throw new IllegalArgumentException("A key sink needs the key as the last annotation");
            }
        }

        /** A shape whose every annotation is stored on its instance. */
        public Models(ModelMeta model, List<FieldMeta> fields, List<Slot> annotations, List<RelatedSlice> related,
                      boolean partial, List<PrefetchSpec> prefetch) {
            this(model, fields, annotations, related, partial, prefetch, null);
        }

        /** This shape with its last annotation handed to {@code sink} beside each instance instead of stored. */
        public Models withKeySink(BiConsumer<Model, Object> sink) {
            return new Models(model, fields, annotations, related, partial, prefetch, sink);
        }
    }

    /**
     * The columns of a select_related model, following the root's (or a parent slice's) columns.
     *
     * @param parent the index of the parent slice, or -1 for the root model
     * @param relation the relation field on the parent's model
     */
    record RelatedSlice(int parent, FieldMeta relation, ModelMeta model, List<FieldMeta> fields) {
        public RelatedSlice {
            fields = List.copyOf(fields);
        }
    }

    /** Rows as maps (values), lists (values_list) or single values (flat values_list, scalars). */
    record Values(List<Slot> slots, Kind kind) implements ResultShape {
        /** The container each row becomes. */
        public enum Kind {
            MAP, LIST, FLAT
        }

        public Values {
            slots = List.copyOf(slots);
        }
    }

    /** Instances mapped by column name from application SQL ({@code raw()}). */
    record Raw(ModelMeta model) implements ResultShape {
    }

    /** Rows of the returned columns, as Object[] converted through the fields' types. */
    record Returning(List<FieldMeta> fields) implements ResultShape {
        public Returning {
            fields = List.copyOf(fields);
        }
    }

    /** One Long: the number of rows the statement changed. */
    record RowCount() implements ResultShape {
    }

    /** The text of every row of every column, one String per row (explain). */
    record Text() implements ResultShape {
    }
}
