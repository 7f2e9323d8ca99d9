package dev.tortoise.signals;

import dev.tortoise.model.Model;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a listener object as a signal receiver, Tortoise's {@code @pre_save(Model)}
 * decorators; register the object with {@link Signals#register(Object)}. The method takes the
 * signal's arguments in order (see {@link PreSave}, {@link PostSave}, {@link PreDelete},
 * {@link PostDelete}) and returns a {@code Publisher} to wait for, or void.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Receiver {
    /** The signal received. */
    Signal value();

    /** The model classes whose instances fire it (exact classes, as Tortoise registers per class). */
    Class<? extends Model>[] models();
}
