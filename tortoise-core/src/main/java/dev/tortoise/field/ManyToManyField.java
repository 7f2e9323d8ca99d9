package dev.tortoise.field;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A many-to-many relation to the model given by the field's generic type
 * ({@code ManyToMany<Team>}), through a join table.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@TortoiseField
public @interface ManyToManyField {
    /** The related_name value that gives the relation no reverse accessor. */
    String NONE = "+";

    /** The name of the reverse accessor on the target; empty for {@code <model>s}, {@link #NONE} for none. */
    String relatedName() default "";

    /** The join table name; empty for {@code <table>_<targettable>}. */
    String through() default "";

    /** A model that owns the join table (then schema generation does not create it); Object for none. */
    Class<?> throughModel() default Object.class;

    /** The join table's column referring to the target; empty for {@code <targettable>_id}. */
    String forwardKey() default "";

    /** The join table's column referring to this model; empty for {@code <table>_id} ({@code <table>_rel_id} for a self-relation). */
    String backwardKey() default "";

    /** What deleting either side does to the join rows. */
    OnDelete onDelete() default OnDelete.CASCADE;

    /** Whether schema generation creates FOREIGN KEY constraints on the join table. */
    boolean dbConstraint() default true;

    /** Whether schema generation creates a unique index on the pair of keys. */
    boolean createUniqueIndex() default true;

    /** A description. */
    String description() default "";
}
