package dev.tortoise.demo.web;

import dev.tortoise.ModelManager;
import dev.tortoise.modelschema.ModelSchemas;
import dev.tortoise.demo.models.Event;
import dev.tortoise.demo.models.Team;
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

/** {@code /events}: CRUD, lookups, prefetch, and the participants many-to-many. */
@RestController
@RequestMapping("/events")
class EventController {
    private final ModelManager models;
    private final Crud<Event> crud;

    EventController(ModelManager models, ModelSchemas schemas) {
        this.models = models;
        this.crud = new Crud<>(models, schemas, Event.class, "/events");
    }

    @GetMapping
    Flux<Event> list(@RequestParam MultiValueMap<String, String> params) {
        return crud.list(params);
    }

    @GetMapping("/{id}")
    Mono<Event> get(@PathVariable int id, @RequestParam(required = false) String prefetch) {
        return crud.get(id, prefetch);
    }

    @PostMapping
    Mono<ResponseEntity<Event>> create(@RequestBody Event body) {
        return crud.create(body);
    }

    @PutMapping("/{id}")
    Mono<Event> update(@PathVariable int id, @RequestBody Map<String, Object> body) {
        return crud.update(id, body);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable int id) {
        return crud.delete(id);
    }

    @PostMapping("/{id}/participants/{teamId}")
    Mono<ResponseEntity<Void>> addParticipant(@PathVariable int id, @PathVariable int teamId) {
        return both(id, teamId).flatMap(p -> p.getT1().participants.add(p.getT2()))
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    @DeleteMapping("/{id}/participants/{teamId}")
    Mono<ResponseEntity<Void>> removeParticipant(@PathVariable int id, @PathVariable int teamId) {
        return both(id, teamId).flatMap(p -> p.getT1().participants.remove(p.getT2()))
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    private Mono<reactor.util.function.Tuple2<Event, Team>> both(int id, int teamId) {
        return models.of(Event.class).get("id", id).zipWith(models.of(Team.class).get("id", teamId));
    }
}
