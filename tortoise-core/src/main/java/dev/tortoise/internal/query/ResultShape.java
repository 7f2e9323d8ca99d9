package dev.tortoise.internal.query;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import java.util.List;

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
     */
    record Models(ModelMeta model, List<FieldMeta> fields, List<Slot> annotations, List<RelatedSlice> related,
                  boolean partial, List<PrefetchSpec> prefetch) implements ResultShape {
        public Models {
            fields = List.copyOf(fields);
            annotations = List.copyOf(annotations);
            related = List.copyOf(related);
            prefetch = List.copyOf(prefetch);
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
