package dev.tortoise.model;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The runtime an instance was loaded or created through: it carries out the instance's own
 * methods ({@code save()}, {@code delete()}...). Implemented by {@code dev.tortoise.Tortoise}.
 */
public interface InstanceBinding {

    /** A service of the runtime by type (the relation layer, for relation holders), or null. */
    <S> S service(Class<S> type);

    /** The metadata of a model class known to this runtime, or null. */
    ModelMeta metaOrNull(Class<?> modelClass);

    Mono<Void> saveInstance(Model instance, SaveOptions options);

    Mono<Void> deleteInstance(Model instance, String connection);

    Mono<Void> refreshInstance(Model instance, List<String> fields);

    Mono<Void> fetchRelatedInstance(Model instance, List<String> relations);
}
