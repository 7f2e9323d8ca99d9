package dev.tortoise.demo;

import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's OpenAPI 3.1 document (springdoc at {@code /v3/api-docs}) against its models: one component per model
 * schema and nested schema, exactly as the model schemas say, and the endpoints referring to them.
 */
class OpenApiTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Map<String, Object> doc;
    private static WebTestClient http;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        http = DemoDatabases.start(DatabaseKind.H2).client();
        String text = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        doc = JSON.readValue(text, Map.class);
    }

    @AfterAll
    static void stop() {
        DemoDatabases.stopAll();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Object v = m;
        for (String p : path) {
            v = ((Map<String, Object>) v).get(p);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return JSON.readValue(text, Map.class);
    }

    private static Map<String, Object> component(String name) {
        return at(doc, "components", "schemas", name);
    }

    private static final String ID = "{\"type\": \"integer\", \"format\": \"int32\", \"readOnly\": true}";
    private static final String NAME = "{\"type\": \"string\", \"maxLength\": 255}";
    private static final String TOURNAMENT_ID = "{\"type\": \"integer\", \"format\": \"int32\"}";
    private static final String MODIFIED = "{\"type\": \"string\", \"format\": \"date-time\", \"readOnly\": true}";
    private static final String PRIZE = "{\"type\": [\"number\", \"null\"]}";
    private static final String TOURNAMENT_FIELDS = "\"id\": " + ID + ", \"name\": " + NAME + ", "
            + "\"description\": {\"type\": [\"string\", \"null\"]}, "
            + "\"created\": {\"type\": \"string\", \"format\": \"date-time\", \"readOnly\": true}";

    private static String ref(String name) {
        return "{\"$ref\": \"#/components/schemas/" + name + "\"}";
    }

    private static String one(String name) {
        return "{\"readOnly\": true, \"allOf\": [" + ref(name) + "]}";
    }

    private static String many(String name) {
        return "{\"type\": \"array\", \"readOnly\": true, \"items\": " + ref(name) + "}";
    }

    @Test
    void everyModelSchemaAndNestedSchemaIsAComponent() {
        // and springdoc's own description of the list endpoints' @RequestParam MultiValueMap
        assertThat(at(doc, "components", "schemas")).containsOnlyKeys("Event", "Event.tournament",
                "Event.participants", "Tournament", "Tournament.events", "Tournament.events.participants", "Team",
                "Team.events", "Team.events.tournament", "MultiValueMapStringString");
    }

    @Test
    void eventShowsItsKeyAnOptionalNestedTournamentAndItsParticipantsAsAnArray() {
        assertThat(component("Event")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"id\", \"modified\", \"name\", \"tournament_id\"], \"properties\": {"
                + "\"id\": " + ID + ", \"name\": " + NAME + ", \"tournament\": " + one("Event.tournament") + ", "
                + "\"tournament_id\": " + TOURNAMENT_ID + ", \"participants\": " + many("Event.participants") + ", "
                + "\"modified\": " + MODIFIED + ", \"prize\": " + PRIZE + "}}"));
        assertThat(component("Event.tournament")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"created\", \"id\", \"name\"], \"properties\": {" + TOURNAMENT_FIELDS + "}}"));
        assertThat(component("Event.participants")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"id\", \"name\"], \"properties\": {\"id\": " + ID + ", \"name\": " + NAME + "}}"));
    }

    @Test
    void tournamentShowsItsEventsAsAnArrayNestedTwoLevels() {
        assertThat(component("Tournament")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"created\", \"id\", \"name\"], \"properties\": {" + TOURNAMENT_FIELDS + ", "
                + "\"events\": " + many("Tournament.events") + "}}"));
        assertThat(component("Tournament.events")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"id\", \"modified\", \"name\", \"tournament_id\"], \"properties\": {"
                + "\"id\": " + ID + ", \"name\": " + NAME + ", \"tournament_id\": " + TOURNAMENT_ID + ", "
                + "\"participants\": " + many("Tournament.events.participants") + ", "
                + "\"modified\": " + MODIFIED + ", \"prize\": " + PRIZE + "}}"));
        assertThat(component("Tournament.events.participants")).isEqualTo(component("Event.participants"));
    }

    @Test
    void teamShowsItsEventsWithTheirTournament() {
        assertThat(component("Team")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"id\", \"name\"], \"properties\": {\"id\": " + ID + ", \"name\": " + NAME + ", "
                + "\"events\": " + many("Team.events") + "}}"));
        assertThat(component("Team.events")).isEqualTo(json("{\"type\": \"object\", "
                + "\"required\": [\"id\", \"modified\", \"name\", \"tournament_id\"], \"properties\": {"
                + "\"id\": " + ID + ", \"name\": " + NAME + ", \"tournament\": " + one("Team.events.tournament") + ", "
                + "\"tournament_id\": " + TOURNAMENT_ID + ", \"modified\": " + MODIFIED + ", \"prize\": " + PRIZE
                + "}}"));
        assertThat(component("Team.events.tournament")).isEqualTo(component("Event.tournament"));
    }

    @Test
    void theEndpointsReadAndAnswerTheModelComponents() {
        assertThat(at(doc, "paths", "/events", "post", "requestBody", "content", "application/json", "schema"))
                .isEqualTo(json(ref("Event")));
        assertThat(at(doc, "paths", "/events", "post", "responses", "200", "content", "*/*", "schema"))
                .isEqualTo(json(ref("Event")));
        assertThat(at(doc, "paths", "/events", "get", "responses", "200", "content", "*/*", "schema"))
                .isEqualTo(json("{\"type\": \"array\", \"items\": " + ref("Event") + "}"));
        assertThat(at(doc, "paths", "/tournaments/{id}", "get", "responses", "200", "content", "*/*", "schema"))
                .isEqualTo(json(ref("Tournament")));
    }

    @Test
    void swaggerUiIsServed() {
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection()
                .expectHeader().valueEquals("Location", "/swagger-ui/index.html");
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("Swagger UI"));
    }
}
