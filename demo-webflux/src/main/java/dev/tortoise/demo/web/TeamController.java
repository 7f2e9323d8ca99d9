package dev.tortoise.demo.web;

import dev.tortoise.ModelManager;
import dev.tortoise.modelschema.ModelSchemas;
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

/** {@code /teams}: CRUD and lookups. */
@RestController
@RequestMapping("/teams")
class TeamController {
    private final Crud<Team> crud;

    TeamController(ModelManager models, ModelSchemas schemas) {
        this.crud = new Crud<>(models, schemas, Team.class, "/teams");
    }

    @GetMapping
    Flux<Team> list(@RequestParam MultiValueMap<String, String> params) {
        return crud.list(params);
    }

    @GetMapping("/{id}")
    Mono<Team> get(@PathVariable int id, @RequestParam(required = false) String prefetch) {
        return crud.get(id, prefetch);
    }

    @PostMapping
    Mono<ResponseEntity<Team>> create(@RequestBody Team body) {
        return crud.create(body);
    }

    @PutMapping("/{id}")
    Mono<Team> update(@PathVariable int id, @RequestBody Map<String, Object> body) {
        return crud.update(id, body);
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable int id) {
        return crud.delete(id);
    }
}
