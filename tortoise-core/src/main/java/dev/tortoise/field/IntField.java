package dev.tortoise.field;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A 32-bit integer column (INT); as the primary key it is database-generated unless {@code generated = false}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@TortoiseField
public @interface IntField {
    /** Whether the database generates the value when this field is the primary key. */
    boolean generated() default true;

    /** Whether this field is the model's primary key. */
    boolean primaryKey() default false;

    /** Alias of {@link #primaryKey()}, as Tortoise's {@code pk=}. */
    boolean pk() default false;

    /** Whether the column accepts NULL. */
    boolean nullable() default false;

    /** A default value in its text form (ISO for dates), applied when the value is null at insert; empty for none. */
    String[] defaultValue() default {};

    /** A supplier class (with a no-argument constructor) called for a default value at insert. */
    @SuppressWarnings("rawtypes")
    Class<? extends java.util.function.Supplier> defaultSupplier() default NoDefault.class;

    /** Whether the column has a unique constraint. */
    boolean unique() default false;

    /** Whether the column is indexed (Tortoise's {@code db_index}). */
    boolean index() default false;

    /** A description, used as the column comment and in describe(). */
    String description() default "";

    /** The database column name when it differs from the field name (Tortoise's {@code source_field}). */
    String sourceField() default "";

    /** Validators (classes with a no-argument constructor) run on every write and on filter values. */
    Class<? extends Validator>[] validators() default {};
}
