package dev.tortoise.internal.mapping;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;

/** Stores an instance read by select_related into its parent's relation (the relation layer knows how). */
@FunctionalInterface
public interface RelatedAttacher {
    /** Sets {@code relation} of {@code parent} to {@code child} (null: the row held no related instance). */
    void attach(Model parent, FieldMeta relation, Model child);
}
