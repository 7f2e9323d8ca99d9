package dev.tortoise.internal.query;

import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Called around instance saves and deletes (never around queryset updates, deletes or bulk
 * operations, as Tortoise); the signals layer implements it. Each returned Mono completes when
 * every listener has finished.
 */
public interface LifecycleHooks {
    LifecycleHooks NONE = new LifecycleHooks() {
    };

    default Mono<Void> preSave(ModelMeta meta, Model instance, List<String> updateFields, String connection) {
        return Mono.empty();
    }

    default Mono<Void> postSave(ModelMeta meta, Model instance, boolean created, List<String> updateFields,
                                String connection) {
        return Mono.empty();
    }

    default Mono<Void> preDelete(ModelMeta meta, Model instance, String connection) {
        return Mono.empty();
    }

    default Mono<Void> postDelete(ModelMeta meta, Model instance, String connection) {
        return Mono.empty();
    }
}
