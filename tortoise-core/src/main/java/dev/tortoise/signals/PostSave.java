package dev.tortoise.signals;

import dev.tortoise.model.Model;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * Runs after an instance was inserted or updated by {@code save()}/{@code create()}.
 *
 * @param <T> the model
 */
@FunctionalInterface
public interface PostSave<T extends Model> {
    /**
     * @param sender the model class
     * @param instance the instance written
     * @param created whether it was inserted (rather than updated)
     * @param usingDb the connection name the save was asked to use, or null (routed)
     * @param updateFields the fields updated, empty for all
     * @return a publisher the save waits for (null: nothing to wait for)
     */
    Publisher<?> onPostSave(Class<T> sender, T instance, boolean created, String usingDb, List<String> updateFields);
}
