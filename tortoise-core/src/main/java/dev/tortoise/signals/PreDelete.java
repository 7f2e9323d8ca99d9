package dev.tortoise.signals;

import dev.tortoise.model.Model;
import org.reactivestreams.Publisher;

/**
 * Runs before an instance's row is deleted by {@code delete()}.
 *
 * @param <T> the model
 */
@FunctionalInterface
public interface PreDelete<T extends Model> {
    /** @return a publisher the delete waits for (null: nothing to wait for) */
    Publisher<?> onPreDelete(Class<T> sender, T instance, String usingDb);
}
