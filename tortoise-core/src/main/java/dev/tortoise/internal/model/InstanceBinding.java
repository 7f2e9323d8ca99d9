package dev.tortoise.internal.model;

import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.model.SaveOptions;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The runtime an instance was loaded or created through: it carries out the instance's own
 * methods ({@code save()}, {@code delete()}...). Implemented by a private object of {@code dev.tortoise.Tortoise}
 * (through {@code internal.relation.RelationBinding}, which adds the relation layer the holders use).
 */
public interface InstanceBinding {

    /** The models of this runtime. */
    ModelRegistry registry();

    /** The metadata of a model class known to this runtime, or null. */
    ModelMeta metaOrNull(Class<?> modelClass);

    Mono<Void> saveInstance(Model instance, SaveOptions options);

    Mono<Void> deleteInstance(Model instance, String connection);

    Mono<Void> refreshInstance(Model instance, List<String> fields);

    Mono<Void> fetchRelatedInstance(Model instance, List<String> relations);
}
