package dev.tortoise.demo;

import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.tortoise.ModelManager;
import dev.tortoise.demo.models.Event;
import dev.tortoise.demo.models.Team;
import dev.tortoise.demo.models.Tournament;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every endpoint of the demo over HTTP, on H2 and on PostgreSQL. */
class DemoApiTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @AfterAll
    static void stop() {
        DemoDatabases.stopAll();
    }

    /** The running demo on a database, with its tables emptied. */
    private static WebTestClient client(DatabaseKind kind) {
        DemoDatabases.Running r = DemoDatabases.start(kind);
        ModelManager models = r.context().getBean(ModelManager.class);
        models.of(Event.class).all().delete().block(TIMEOUT);
        models.of(Team.class).all().delete().block(TIMEOUT);
        models.of(Tournament.class).all().delete().block(TIMEOUT);
        return r.client();
    }

    private static int create(WebTestClient http, String path, String json) {
        Map<?, ?> body = http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) body.get("id")).intValue();
    }

    private static void problem(WebTestClient http, String uri, int status, String... detailParts) {
        WebTestClient.BodyContentSpec body = http.get().uri(uri).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status);
        for (String part : detailParts) {
            body.jsonPath("$.detail").value(containsString(part));
        }
    }

    // ------------------------------------------------------------------ tournaments

    @DatabaseTest
    void createTournamentAnswers201WithLocationAndBody(DatabaseKind db) {
        WebTestClient http = client(db);
        var result = http.post().uri("/tournaments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"World Cup\", \"description\": \"Every four years\"}").exchange()
                .expectStatus().isCreated()
                .expectHeader().value("Location", loc -> assertThat(loc).matches("/tournaments/\\d+"))
                .expectBody()
                .jsonPath("$.name").isEqualTo("World Cup")
                .jsonPath("$.description").isEqualTo("Every four years")
                .jsonPath("$.created").isNotEmpty()
                .jsonPath("$.id").isNumber()
                .jsonPath("$.events").doesNotExist()
                .returnResult();
        assertThat(result.getResponseHeaders().getLocation()).isNotNull();
        http.get().uri(result.getResponseHeaders().getLocation().toString()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("World Cup");
    }

    @DatabaseTest
    void getUpdateAndDeleteTournament(DatabaseKind db) {
        WebTestClient http = client(db);
        int id = create(http, "/tournaments", "{\"name\": \"Cup\"}");
        http.get().uri("/tournaments/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.description").isEmpty();
        http.put().uri("/tournaments/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Cup 2\", \"description\": \"renamed\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Cup 2");
        http.get().uri("/tournaments/{id}", id).exchange().expectBody()
                .jsonPath("$.name").isEqualTo("Cup 2").jsonPath("$.description").isEqualTo("renamed");
        http.delete().uri("/tournaments/{id}", id).exchange().expectStatus().isNoContent();
        problem(http, "/tournaments/" + id, 404, "Tournament");
        http.delete().uri("/tournaments/{id}", id).exchange().expectStatus().isNotFound();
        http.put().uri("/tournaments/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"x\"}").exchange().expectStatus().isNotFound();
    }

    @DatabaseTest
    void duplicateNameIs422WithoutSqlOrValues(DatabaseKind db) {
        WebTestClient http = client(db);
        create(http, "/tournaments", "{\"name\": \"Secret Cup\"}");
        http.post().uri("/tournaments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Secret Cup\"}").exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.detail").value(not(containsString("Secret")))
                .jsonPath("$.detail").value(not(containsString("INSERT")))
                .jsonPath("$.detail").value(not(containsString("tournament")));
    }

    @DatabaseTest
    void unknownKeyInABodyIs400NamingIt(DatabaseKind db) {
        WebTestClient http = client(db);
        http.post().uri("/tournaments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Cup\", \"colour\": \"red\"}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(containsString("\"colour\""));
        int id = create(http, "/tournaments", "{\"name\": \"Cup\"}");
        http.put().uri("/tournaments/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"colour\": \"red\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(containsString("\"colour\""));
    }

    @DatabaseTest
    void listTournamentsWithLookupsOrderingAndPaging(DatabaseKind db) {
        WebTestClient http = client(db);
        create(http, "/tournaments", "{\"name\": \"World Cup\"}");
        create(http, "/tournaments", "{\"name\": \"Euro Cup\"}");
        create(http, "/tournaments", "{\"name\": \"League\"}");
        http.get().uri("/tournaments?name__icontains=cup&order_by=name").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Euro Cup", "World Cup"));
        http.get().uri("/tournaments?order_by=-name&limit=2&offset=1").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("League", "Euro Cup"));
        http.get().uri("/tournaments?name__in=League,Euro Cup&order_by=name").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Euro Cup", "League"));
        http.get().uri("/tournaments?name__not_in=League,Euro Cup").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("World Cup"));
        http.get().uri("/tournaments?description__isnull=true&name__startswith=W").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("World Cup"));
    }

    // ------------------------------------------------------------------ teams

    @DatabaseTest
    void teamCrud(DatabaseKind db) {
        WebTestClient http = client(db);
        int id = create(http, "/teams", "{\"name\": \"Alpha\"}");
        create(http, "/teams", "{\"name\": \"Beta\"}");
        http.get().uri("/teams/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Alpha").jsonPath("$.events").doesNotExist();
        http.get().uri("/teams?order_by=-name").exchange().expectBody()
                .jsonPath("$[*].name").isEqualTo(List.of("Beta", "Alpha"));
        http.put().uri("/teams/{id}", id).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"Gamma\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Gamma");
        http.delete().uri("/teams/{id}", id).exchange().expectStatus().isNoContent();
        problem(http, "/teams/" + id, 404, "Team");
    }

    // ------------------------------------------------------------------ events

    @DatabaseTest
    void eventCrudWithTheForeignKeyAsItsKey(DatabaseKind db) {
        WebTestClient http = client(db);
        int cup = create(http, "/tournaments", "{\"name\": \"Cup\"}");
        int other = create(http, "/tournaments", "{\"name\": \"Other\"}");
        var created = http.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Final\", \"tournament_id\": " + cup + ", \"prize\": \"100.50\"}").exchange()
                .expectStatus().isCreated()
                .expectHeader().value("Location", loc -> assertThat(loc).matches("/events/\\d+"))
                .expectBody()
                .jsonPath("$.tournament_id").isEqualTo(cup)
                .jsonPath("$.tournament").doesNotExist()
                .jsonPath("$.participants").doesNotExist()
                .jsonPath("$.prize").isEqualTo(100.5)
                .jsonPath("$.modified").isNotEmpty()
                .returnResult().getResponseBody();
        int id = ((Number) tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(created, Map.class).get("id")).intValue();
        http.get().uri("/events/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Final").jsonPath("$.tournament_id").isEqualTo(cup);
        http.get().uri("/events/{id}?prefetch=tournament", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.tournament.name").isEqualTo("Cup");
        http.put().uri("/events/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"prize\": 20, \"tournament_id\": " + other + "}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.tournament_id").isEqualTo(other);
        http.get().uri("/events/{id}", id).exchange().expectBody()
                .jsonPath("$.prize").isEqualTo(20).jsonPath("$.tournament_id").isEqualTo(other);
        http.delete().uri("/events/{id}", id).exchange().expectStatus().isNoContent();
        problem(http, "/events/" + id, 404, "Event");
    }

    @DatabaseTest
    void eventOfAMissingTournamentIs422(DatabaseKind db) {
        WebTestClient http = client(db);
        http.post().uri("/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Orphan\", \"tournament_id\": 999999}").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(not(containsString("999999")));
    }

    private record Fixture(int cup, int league, int finalId, int semi, int round, int alpha, int beta) {
    }

    private static Fixture fixture(WebTestClient http) {
        int cup = create(http, "/tournaments", "{\"name\": \"World Cup\"}");
        int league = create(http, "/tournaments", "{\"name\": \"League\"}");
        int fin = create(http, "/events", "{\"name\": \"Final\", \"tournament_id\": " + cup + ", \"prize\": 100}");
        int semi = create(http, "/events", "{\"name\": \"Semi final\", \"tournament_id\": " + cup + ", \"prize\": 50}");
        int round = create(http, "/events", "{\"name\": \"Round 1\", \"tournament_id\": " + league + "}");
        int alpha = create(http, "/teams", "{\"name\": \"Alpha\"}");
        int beta = create(http, "/teams", "{\"name\": \"Beta\"}");
        return new Fixture(cup, league, fin, semi, round, alpha, beta);
    }

    @DatabaseTest
    void listEventsWithLookupsAcrossRelations(DatabaseKind db) {
        WebTestClient http = client(db);
        Fixture f = fixture(http);
        http.get().uri("/events?name__icontains=fin&prize__gte=10&order_by=-prize,name").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[*].name").isEqualTo(List.of("Final", "Semi final"));
        http.get().uri("/events?prize__range=40,60").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Semi final"));
        http.get().uri("/events?id__in=" + f.finalId() + "," + f.round() + "&order_by=name").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Final", "Round 1"));
        http.get().uri("/events?tournament__name=League").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Round 1"));
        http.get().uri("/events?prize__isnull=true").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Round 1"));
        http.get().uri("/events?order_by=name&limit=1&offset=1").exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Round 1"));
    }

    @DatabaseTest
    @SuppressWarnings("unchecked")
    void participantsAreAddedRemovedAndPrefetched(DatabaseKind db) {
        WebTestClient http = client(db);
        Fixture f = fixture(http);
        http.post().uri("/events/{id}/participants/{team}", f.finalId(), f.alpha()).exchange()
                .expectStatus().isNoContent();
        http.post().uri("/events/{id}/participants/{team}", f.finalId(), f.beta()).exchange()
                .expectStatus().isNoContent();
        http.get().uri("/events?name=Final&prefetch=tournament,participants").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].tournament.name").isEqualTo("World Cup")
                .jsonPath("$[0].tournament.id").isEqualTo(f.cup())
                .jsonPath("$[0].tournament_id").isEqualTo(f.cup())
                .jsonPath("$[0].participants[*].name").value(names ->
                        assertThat((List<Object>) names).containsExactlyInAnyOrder("Alpha", "Beta"));
        http.get().uri("/events/{id}?prefetch=participants", f.finalId()).exchange().expectBody()
                .jsonPath("$.participants.length()").isEqualTo(2)
                .jsonPath("$.tournament").doesNotExist();
        http.get().uri("/events?participants__name=Beta").exchange().expectBody()
                .jsonPath("$[*].name").isEqualTo(List.of("Final"));
        http.delete().uri("/events/{id}/participants/{team}", f.finalId(), f.alpha()).exchange()
                .expectStatus().isNoContent();
        http.get().uri("/events/{id}?prefetch=participants", f.finalId()).exchange().expectBody()
                .jsonPath("$.participants[*].name").isEqualTo(List.of("Beta"));
        http.post().uri("/events/{id}/participants/{team}", f.finalId(), 999999).exchange()
                .expectStatus().isNotFound();
        http.post().uri("/events/{id}/participants/{team}", 999999, f.alpha()).exchange()
                .expectStatus().isNotFound();
    }

    @DatabaseTest
    void tournamentEventsIsTheReverseRelation(DatabaseKind db) {
        WebTestClient http = client(db);
        Fixture f = fixture(http);
        http.get().uri("/tournaments/{id}/events?order_by=name", f.cup()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Final", "Semi final"));
        http.get().uri("/tournaments/{id}/events?prize__lt=60", f.cup()).exchange()
                .expectBody().jsonPath("$[*].name").isEqualTo(List.of("Semi final"));
        problem(http, "/tournaments/999999/events", 404, "Tournament");
    }

    @DatabaseTest
    void badLookupsValuesAndOrderingAre400NamingTheKey(DatabaseKind db) {
        WebTestClient http = client(db);
        fixture(http);
        problem(http, "/events?colour=red", 400, "'colour'");
        problem(http, "/events?name__sounds_like=x", 400, "name__sounds_like");
        problem(http, "/events?id__gt=abc", 400, "id");
        problem(http, "/events?order_by=-colour", 400, "colour");
        problem(http, "/tournaments?order_by=bogus", 400, "bogus");
        problem(http, "/teams?limit=many", 400, "'limit'");
        problem(http, "/events?prize__range=1", 400, "'prize__range'");
        problem(http, "/events?prefetch=nothing", 400, "nothing");
    }

    @DatabaseTest
    void statsCountsEventsPerTournament(DatabaseKind db) {
        WebTestClient http = client(db);
        Fixture f = fixture(http);
        int empty = create(http, "/tournaments", "{\"name\": \"Empty\"}");
        http.get().uri("/tournaments/stats").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].id").isEqualTo(f.cup())
                .jsonPath("$[0].name").isEqualTo("World Cup")
                .jsonPath("$[0].events_count").isEqualTo(2)
                .jsonPath("$[1].events_count").isEqualTo(1)
                .jsonPath("$[2].id").isEqualTo(empty)
                .jsonPath("$[2].events_count").isEqualTo(0);
    }

    // ------------------------------------------------------------------ actuator

    @DatabaseTest
    void healthAndMetricsAreExposed(DatabaseKind db) {
        WebTestClient http = client(db);
        create(http, "/teams", "{\"name\": \"Alpha\"}");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.tortoise.status").isEqualTo("UP")
                .jsonPath("$.components.tortoise.components.default.details.database")
                .isEqualTo(db.label());
        http.get().uri("/actuator/metrics/tortoise.statements?tag=operation:insert&tag=model:Team").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("tortoise.statements")
                .jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").value(v ->
                        assertThat(((Number) ((List<?>) v).get(0)).doubleValue()).isGreaterThanOrEqualTo(1.0));
    }
}
