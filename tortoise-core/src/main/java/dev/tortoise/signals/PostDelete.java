package dev.tortoise.signals;

import dev.tortoise.model.Model;
import org.reactivestreams.Publisher;

/**
 * Runs after an instance's row was deleted by {@code delete()}.
 *
 * @param <T> the model
 */
@FunctionalInterface
public interface PostDelete<T extends Model> {
    /** @return a publisher the delete waits for (null: nothing to wait for) */
    Publisher<?> onPostDelete(Class<T> sender, T instance, String usingDb);
}
