package dev.tortoise.internal.model;

import dev.tortoise.model.Model;

/**
 * A relation attribute of a model ({@code ForeignKey<T>}, {@code ManyToMany<T>}...): created
 * with its owner when the instance is constructed, so it is never null.
 */
public interface RelationHolder {

    /** Called once, right after construction, with the owning instance and the attribute's name. */
    void attach(Model owner, String fieldName);

    /**
     * What a fetch loaded into this relation, as a model's map and JSON show it: the related
     * instance of a forward key, the list of a reverse or many-to-many relation; null when nothing
     * was fetched (or the relation is not shown).
     */
    default Object fetchedContent() {
        return null;
    }
}
