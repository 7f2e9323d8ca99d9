package dev.tortoise.demo;

import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.tortoise.ModelManager;
import dev.tortoise.demo.models.Event;
import dev.tortoise.demo.models.Team;
import dev.tortoise.demo.models.Tournament;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies and JSON over HTTP, on H2 and PostgreSQL: what POST answers is what a later GET returns, the
 * request body rule refuses read-only keys and values of the wrong JSON type, and PUT updates the row.
 */
class ModelJsonTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterAll
    static void stop() {
        DemoDatabases.stopAll();
    }

    private static WebTestClient client(DatabaseKind db) {
        DemoDatabases.Running r = DemoDatabases.start(db);
        ModelManager models = r.context().getBean(ModelManager.class);
        models.of(Event.class).all().delete().block(TIMEOUT);
        models.of(Team.class).all().delete().block(TIMEOUT);
        models.of(Tournament.class).all().delete().block(TIMEOUT);
        return r.client();
    }

    private static ModelManager models(DatabaseKind db) {
        return DemoDatabases.start(db).context().getBean(ModelManager.class);
    }

    private static String post(WebTestClient http, String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
    }

    private static String get(WebTestClient http, String path) {
        return http.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(String json) {
        return JSON.readValue(json, Map.class);
    }

    private static void refused(WebTestClient http, String method, String path, String body, String... detail) {
        var spec = (method.equals("PUT") ? http.put() : http.post()).uri(path)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
        for (String part : detail) {
            spec.jsonPath("$.detail").value(containsString(part));
        }
    }

    @DatabaseTest
    void whatPostAnswersIsWhatALaterGetReturns(DatabaseKind db) {
        WebTestClient http = client(db);
        String cup = post(http, "/tournaments", "{\"name\": \"Cup\", \"description\": \"d\"}");
        int cupId = ((Number) tree(cup).get("id")).intValue();
        assertThat(cup).isEqualTo(get(http, "/tournaments/" + cupId));
        String event = post(http, "/events", "{\"name\": \"Final\", \"tournament_id\": " + cupId
                + ", \"prize\": 100.5}");
        int eventId = ((Number) tree(event).get("id")).intValue();
        assertThat(event).isEqualTo(get(http, "/events/" + eventId)).contains("\"prize\":100.50")
                .startsWith("{\"id\":" + eventId + ",\"name\":\"Final\",\"tournament_id\":" + cupId + ",");
        assertThat(tree(event)).containsOnlyKeys("id", "name", "tournament_id", "modified", "prize");
        String updated = http.put().uri("/events/{id}", eventId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"prize\": 7.125}").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        assertThat(updated).isEqualTo(get(http, "/events/" + eventId)).contains("\"prize\":7.13");
        assertThat(models(db).of(Event.class).count().block(TIMEOUT)).isEqualTo(1L);
    }

    @DatabaseTest
    void readOnlyKeysInABodyAre400NamingTheFieldAndNothingIsWritten(DatabaseKind db) {
        WebTestClient http = client(db);
        int cupId = ((Number) tree(post(http, "/tournaments", "{\"name\": \"Cup\"}")).get("id")).intValue();
        refused(http, "POST", "/events", "{\"id\": 5, \"name\": \"Final\", \"tournament_id\": " + cupId + "}",
                "Field 'id' of Event is read-only: the database generates it");
        refused(http, "POST", "/events", "{\"name\": \"Final\", \"tournament_id\": " + cupId
                + ", \"modified\": \"2026-01-01T00:00:00Z\"}", "Field 'modified' of Event is read-only");
        refused(http, "POST", "/events", "{\"name\": \"Final\", \"tournament\": {\"id\": " + cupId + "}}",
                "Field 'tournament' of Event is read-only: a relation is set through its key 'tournament_id'");
        refused(http, "POST", "/events", "{\"name\": \"Final\", \"tournament_id\": " + cupId
                + ", \"participants\": [1]}", "Field 'participants' of Event is read-only");
        refused(http, "POST", "/tournaments", "{\"name\": \"Other\", \"events\": []}",
                "Field 'events' of Tournament is read-only");
        refused(http, "PUT", "/tournaments/" + cupId, "{\"created\": \"2026-01-01T00:00:00Z\"}",
                "Field 'created' of Tournament is read-only: it is set when the row is created");
        refused(http, "PUT", "/tournaments/" + cupId, "{\"id\": " + cupId + "}",
                "Field 'id' of Tournament is read-only");
        assertThat(models(db).of(Event.class).count().block(TIMEOUT)).isZero();
        assertThat(models(db).of(Tournament.class).count().block(TIMEOUT)).isEqualTo(1L);
    }

    @DatabaseTest
    void valuesOfTheWrongJsonTypeAre400NamingTheField(DatabaseKind db) {
        WebTestClient http = client(db);
        refused(http, "POST", "/tournaments", "{\"name\": 12345}", "name: expected a JSON string, got the number");
        refused(http, "POST", "/tournaments", "{\"name\": \"Cup\", \"description\": false}",
                "description: expected a JSON string, got the boolean");
        int cupId = ((Number) tree(post(http, "/tournaments", "{\"name\": \"Cup\"}")).get("id")).intValue();
        refused(http, "POST", "/events", "{\"name\": \"F\", \"tournament_id\": " + cupId + ", \"prize\": true}",
                "prize: expected a JSON number, got the boolean");
        refused(http, "POST", "/events", "{\"name\": \"F\", \"tournament_id\": \"" + cupId + "\"}",
                "tournament_id: expected a JSON integer, got the string");
        refused(http, "PUT", "/tournaments/" + cupId, "{\"name\": 1}", "name: expected a JSON string");
        assertThat(get(http, "/tournaments/" + cupId)).contains("\"name\":\"Cup\"");
    }
}
