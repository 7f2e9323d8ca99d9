package dev.tortoise.internal.mapping;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.ModelMeta;
import java.util.List;

/**
 * The columns of one select_related instance in a row: {@code fields} of {@code model}, stored
 * into {@code relation} of the root instance ({@code parent} -1) or of the instance of an
 * earlier slice (its index).
 */
public record RelatedColumns(int parent, FieldMeta relation, ModelMeta model, List<FieldMeta> fields) {
    public RelatedColumns {
        fields = List.copyOf(fields);
    }
}
