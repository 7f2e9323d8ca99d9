package dev.tortoise.signals;

import dev.tortoise.model.Model;
import java.util.List;
import org.reactivestreams.Publisher;

/**
 * Runs before an instance is inserted or updated by {@code save()}/{@code create()}.
 *
 * @param <T> the model
 */
@FunctionalInterface
public interface PreSave<T extends Model> {
    /**
     * @param sender the model class
     * @param instance the instance about to be written
     * @param usingDb the connection name the save was asked to use, or null (routed)
     * @param updateFields the fields to update, empty for all
     * @return a publisher the save waits for (null: nothing to wait for)
     */
    Publisher<?> onPreSave(Class<T> sender, T instance, String usingDb, List<String> updateFields);
}
