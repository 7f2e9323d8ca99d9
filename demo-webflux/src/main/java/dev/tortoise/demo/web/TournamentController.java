package dev.tortoise.demo.web;

import dev.tortoise.ModelManager;
import dev.tortoise.modelschema.ModelSchemas;
import dev.tortoise.demo.models.Event;
import dev.tortoise.demo.models.Tournament;
import dev.tortoise.expression.Functions;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /tournaments}: CRUD, lookups, the reverse relation to events, and event counts. */
@RestController
@RequestMapping("/tournaments")
class TournamentController {
    private final ModelManager models;
    private final Crud<Tournament> crud;

    TournamentController(ModelManager models, ModelSchemas schemas) {
        this.models = models;
        this.crud = new Crud<>(models, schemas, Tournament.class, "/tournaments");
    }

    @GetMapping
    Flux<Tournament> list(@RequestParam MultiValueMap<String, String> params) {
        return crud.list(params);
    }

    /** Each tournament's id, name and number of events (annotate with Count). */
    @GetMapping("/stats")
    Flux<Map<String, Object>> stats() {
        return Flux.defer(() -> models.of(Tournament.class)
                .annotate("events_count", Functions.count("events"))
                .orderBy("id")
                .values("id", "name", "events_count")
                .flux());
    }

    @GetMapping("/{id}")
    Mono<Tournament> get(@PathVariable int id, @RequestParam(required = false) String prefetch) {
        return crud.get(id, prefetch);
    }

    /** The tournament's events (the reverse side of Event.tournament), with the list endpoint's parameters. */
    @GetMapping("/{id}/events")
    Flux<Event> events(@PathVariable int id, @RequestParam MultiValueMap<String, String> params) {
        return models.of(Tournament.class).get("id", id)
                .flatMapMany(t -> QueryParams.apply(models.of(Event.class).filter("tournament_id", t.id), params));
    }

    @PostMapping
    Mono<ResponseEntity<Tournament>> create(@RequestBody Tournament body) {
        return crud.create(body);
    }

    @PutMapping("/{id}")
    Mono<Tournament> update(@PathVariable int id, @RequestBody Map<String, Object> body) {
        return crud.update(id, body);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable int id) {
        return crud.delete(id);
    }
}
