package dev.tortoise.field;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation as a model field declaration, so the registry can find fields of any kind.
 * A user's own field kind names the {@link FieldTypeFactory} that builds its type; the built-in
 * kinds need none.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface TortoiseField {

    /** The factory of the kind's {@link FieldType}; {@code FieldTypeFactory.class} itself for a built-in kind. */
    Class<? extends FieldTypeFactory> factory() default FieldTypeFactory.class;
}
