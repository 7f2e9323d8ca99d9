package dev.tortoise.model;

/** What a model field is: a column, or one side of a relation. */
public enum FieldKind {
    /** A plain column. */
    DATA,
    /** A foreign key (its column is the separate {@code <name>_id} data field). */
    FOREIGN_KEY,
    /** A one-to-one key (its column is the separate {@code <name>_id} data field). */
    ONE_TO_ONE,
    /** A many-to-many relation through a join table. */
    MANY_TO_MANY,
    /** The reverse side of a foreign key. */
    BACKWARD_FK,
    /** The reverse side of a one-to-one key. */
    BACKWARD_O2O;

    /** Whether the field is a relation of any kind. */
    public boolean isRelation() {
        return this != DATA;
    }

    /** Whether the field has no column of its own in the model's table. */
    public boolean isVirtual() {
        return this == MANY_TO_MANY || this == BACKWARD_FK || this == BACKWARD_O2O;
    }
}
