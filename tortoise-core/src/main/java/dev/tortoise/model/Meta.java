package dev.tortoise.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A model's options, Tortoise's {@code class Meta}. Every attribute is optional. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Meta {

    /** The table name; by default the class's simple name in lower case. */
    String table() default "";

    /** The database schema the table lives in; empty for the connection's default. */
    String schema() default "";

    /** The table comment. */
    String tableDescription() default "";

    /** Whether this class only contributes fields to subclasses and has no table (a Java abstract class is too). */
    boolean isAbstract() default false;

    /** The app label the model belongs to, overriding the app whose package it was found in. */
    String app() default "";

    /** Groups of fields that are unique together, each as comma-separated field names: {@code "name,tournament"}. */
    String[] uniqueTogether() default {};

    /** Groups of fields that get a (non-unique) index, each as comma-separated field names. */
    String[] indexes() default {};

    /** The default ordering of queries, e.g. {@code {"name", "-score"}}; dropped when a query is annotated or grouped. */
    String[] ordering() default {};

    /**
     * SQL check constraints (ormar's CheckColumns), written by the application: {@code "price >= 0"}; a
     * field written {@code {price}} becomes its column in the database's own quotes, so that one check
     * reads the same on every database ({@code "{price} >= 0"}).
     */
    String[] checks() default {};

    /** What construction and updateFromDict do with keys that are not fields. */
    Extra extra() default Extra.FORBID;

    /** A custom manager class (a subclass of {@code dev.tortoise.query.Manager}); Object for the default. */
    Class<?> manager() default Object.class;

    /** A custom QuerySet class (a subclass of {@code dev.tortoise.query.QuerySet}); Object for the default. */
    Class<?> queryset() default Object.class;
}
