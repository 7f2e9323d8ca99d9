package dev.tortoise.demo.web;

import dev.tortoise.ModelManager;
import dev.tortoise.model.Model;
import dev.tortoise.modelschema.ModelSchemas;
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
    private final ModelSchemas schemas;
    private final Class<T> type;
    private final String path;

    Crud(ModelManager models, ModelSchemas schemas, Class<T> type, String path) {
        this.models = models;
        this.schemas = schemas;
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

    /** Sets the body's keys by the request body rule (read-only keys are refused) and saves: an UPDATE. */
    Mono<T> update(int id, Map<String, Object> body) {
        return manager().get("id", id).flatMap(existing -> schemas.update(existing, body).save().thenReturn(existing));
    }

    Mono<ResponseEntity<Void>> delete(int id) {
        return manager().get("id", id).flatMap(models::delete)
                .then(Mono.just(ResponseEntity.noContent().build()));
    }
}
