package dev.tortoise.modelschema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A model's schema configuration (Tortoise's {@code class PydanticMeta}): what its JSON and OpenAPI schema
 * include. Programmatic {@link SchemaOptions} add to it. Names may be paths into relations
 * ({@code "tournament__description"}), which then apply to the nested schema.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ModelSchemaMeta {

    /** The only properties to show (empty: all); the raw key {@code <fk>_id} and relations are named as such. */
    String[] include() default {};

    /** Properties to leave out. */
    String[] exclude() default {};

    /**
     * Public no-argument methods whose result is shown as a read-only property named after the method
     * ({@code "fullName"} calls {@code fullName()} or {@code getFullName()}).
     */
    String[] computed() default {};

    /** How many levels of relations are nested below the model (Tortoise's default: 3). */
    int maxRecursion() default 3;

    /** Whether reverse relations (the other side of a foreign key or one-to-one) are shown. */
    boolean backwardRelations() default true;

    /** Whether a relation may lead back to a model already on the path from the root (otherwise it is left out). */
    boolean allowCycles() default false;

    /**
     * Whether the raw key properties ({@code tournament_id}) are hidden. Tortoise hides them by default; here
     * they are shown, since the key is how a request body sets a relation.
     */
    boolean excludeRawFields() default false;

    /** Whether only writable properties are shown: no generated key, auto-now field, relation or computed value. */
    boolean excludeReadonly() default false;

    /** Whether properties are sorted by name instead of declaration order. */
    boolean sortAlphabetically() default false;
}
