package dev.tortoise.internal.mapping;

import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelState;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.RowMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps the rows of a model query: the root instance's columns, then its annotations, then the
 * select_related slices in order. An instance comes out marked as read from its row and bound to
 * the runtime, without a {@link ModelState} unless it has annotations or was loaded partially. A
 * {@code keyed} mapper leaves the last annotation column out of the instance: {@link #key} reads it.
 */
final class ModelRowMapper implements RowMapper {
    private final RowReader root;
    private final ValueReader[] annotations;
    private final String[] annotationNames;
    /** The reader of the key column handed beside each instance (the last annotation's), or null. */
    private final ValueReader key;
    private final RowReader[] slices;
    private final int[] sliceParents;
    private final FieldMeta[] sliceRelations;
    /** The fields an {@code only()} query loads (shared by its instances, never changed), else null. */
    private final Set<String> loaded;
    private final InstanceBinding binding;
    private final RelatedAttacher attacher;

    ModelRowMapper(ModelMeta model, List<FieldMeta> fields, List<ValueColumn> annotationColumns,
                   List<RelatedColumns> related, boolean partial, boolean keyed, InstanceBinding binding,
                   RelatedAttacher attacher) {
        this.binding = binding;
        this.attacher = attacher;
        root = new RowReader(model, fields, 0);
        int offset = root.width();
        annotations = new ValueReader[annotationColumns.size() - (keyed ? 1 : 0)];
        annotationNames = new String[annotations.length];
        for (int i = 0; i < annotations.length; i++) {
            annotations[i] = new ValueReader(annotationColumns.get(i), offset++);
            annotationNames[i] = annotationColumns.get(i).key();
        }
        key = keyed ? new ValueReader(annotationColumns.get(annotations.length), offset++) : null;
        slices = new RowReader[related.size()];
        sliceParents = new int[slices.length];
        sliceRelations = new FieldMeta[slices.length];
        for (int i = 0; i < slices.length; i++) {
            RelatedColumns slice = related.get(i);
            slices[i] = new RowReader(slice.model(), slice.fields(), offset);
            sliceParents[i] = slice.parent();
            sliceRelations[i] = slice.relation();
            offset += slices[i].width();
        }
        if (partial) {
            Set<String> names = new HashSet<>();
            for (FieldMeta f : fields) {
                names.add(f.name());
            }
            loaded = Set.copyOf(names);
        } else {
            loaded = null;
        }
    }

    /** The key column's value in {@code row}: the last annotation's, for a mapper built {@code keyed}. */
    Object key(Readable row) {
        return key.read(row);
    }

    @Override
    public Object map(Readable row, RowMetadata metadata) {
        Model instance = root.read(row);
        Instances.loaded(instance, binding);
        if (loaded != null) {
            Instances.state(instance).loadedFields(loaded);
        }
        if (annotations.length > 0) {
            ModelState st = Instances.state(instance);
            for (int i = 0; i < annotations.length; i++) {
                st.annotate(annotationNames[i], annotations[i].read(row));
            }
        }
        if (slices.length == 1) {
            Model child = slices[0].readIfPresent(row);
            if (child != null) {
                Instances.loaded(child, binding);
            }
            attacher.attach(instance, sliceRelations[0], child);
        } else if (slices.length > 1) {
            Model[] read = new Model[slices.length];
            for (int i = 0; i < slices.length; i++) {
                Model parent = sliceParents[i] < 0 ? instance : read[sliceParents[i]];
                Model child = null;
                if (parent != null) {
                    child = slices[i].readIfPresent(row);
                    if (child != null) {
                        Instances.loaded(child, binding);
                    }
                    attacher.attach(parent, sliceRelations[i], child);
                }
                read[i] = child;
            }
        }
        return instance;
    }
}
