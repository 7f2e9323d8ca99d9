package dev.tortoise.model;

/**
 * A relation attribute of a model ({@code ForeignKey<T>}, {@code ManyToMany<T>}...): created
 * with its owner when the instance is constructed, so it is never null.
 */
public interface RelationHolder {

    /** Called once, right after construction, with the owning instance and the attribute's name. */
    void attach(Model owner, String fieldName);
}
