package dev.tortoise.demo.web;

import dev.tortoise.ModelManager;
import dev.tortoise.model.Model;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.Manager;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The CRUD endpoints every resource shares; a missing id is the ORM's DoesNotExist (404 by the starter). */
final class Crud<T extends Model> {
    private final ModelManager models;
    private final Class<T> type;
    private final String path;

    Crud(ModelManager models, Class<T> type, String path) {
        this.models = models;
        this.type = type;
        this.path = path;
    }

    Manager<T> manager() {
        return models.of(type);
    }

    Flux<T> list(MultiValueMap<String, String> params) {
        return Flux.defer(() -> QueryParams.apply(manager().all(), params).flux());
    }

    Mono<T> get(int id, String prefetch) {
        return Mono.defer(() -> QueryParams.prefetch(manager().filter("id", id), prefetch).get());
    }

    Mono<ResponseEntity<T>> create(T body) {
        return models.create(body)
                .map(saved -> ResponseEntity.created(URI.create(path + "/" + saved.pk())).body(saved));
    }

    Mono<T> update(int id, Map<String, Object> body) {
        return manager().get("id", id).flatMap(existing -> {
            Map<String, Object> values = new java.util.LinkedHashMap<>(body);
            values.remove("id");
            existing.updateFromDict(values);
            // updateFromDict marks the instance unsaved in the core, so say explicitly that this is an UPDATE
            return models.save(existing, SaveOptions.updating());
        });
    }

    Mono<ResponseEntity<Void>> delete(int id) {
        return manager().get("id", id).flatMap(models::delete)
                .then(Mono.just(ResponseEntity.noContent().build()));
    }
}
