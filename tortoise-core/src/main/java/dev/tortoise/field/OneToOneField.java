package dev.tortoise.field;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A one-to-one key to the model given by the field's generic type ({@code OneToOne<Place>}); unique, and may be the primary key. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@TortoiseField
public @interface OneToOneField {
    /** The related_name value that gives the relation no reverse accessor (Tortoise's {@code related_name=False}). */
    String NONE = "+";

    /** The name of the reverse accessor on the target model; empty for {@code <model>s}, {@link #NONE} for none. */
    String relatedName() default "";

    /** What deleting the referenced row does to this one. */
    OnDelete onDelete() default OnDelete.CASCADE;

    /** Whether the column accepts NULL (required for SET_NULL). */
    boolean nullable() default false;

    /** Whether schema generation creates a FOREIGN KEY constraint. */
    boolean dbConstraint() default true;

    /** The unique field of the target the key refers to; empty for its primary key. */
    String toField() default "";

    /** The column name; empty for {@code <name>_id}. */
    String sourceField() default "";

    /** Whether the key column is indexed. */
    boolean index() default false;

    /** Whether this key is also the model's primary key. */
    boolean primaryKey() default false;

    /** A description, used as the column comment. */
    String description() default "";
}
