package dev.tortoise.starterit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The starter as a user meets it, over HTTP: {@code @Transactional} methods and the ORM share one transaction with
 * nothing but the starter, WebFlux and the test starter on the class path (see the module's pom).
 */
@SpringBootTest(classes = LibraryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DisplayNameGeneration(Databases.Tagged.class)
abstract class LibraryTests {
    private static final ParameterizedTypeReference<List<String>> NAMES = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        deleteAll();
    }

    /** Each test starts with no rows; the tables are shared by the tests of one application context. */
    abstract void deleteAll();

    private List<String> authors() {
        return client.get().uri("/authors").exchange().expectStatus().isOk()
                .expectBody(NAMES).returnResult().getResponseBody();
    }

    @Test
    void anErrorAfterTwoCreatesInATransactionalMethodLeavesNoRow() {
        client.post().uri("/authors/pair?fail=true").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Le Guin", "second", "Tolkien"))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        assertThat(authors()).isEmpty();
    }

    @Test
    void aTransactionalMethodThatSucceedsCommits() {
        List<String> seenInside = client.post().uri("/authors/pair").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Le Guin", "second", "Tolkien"))
                .exchange().expectStatus().isOk().expectBody(NAMES).returnResult().getResponseBody();
        assertThat(seenInside).containsExactly("Le Guin", "Tolkien");
        assertThat(authors()).containsExactly("Le Guin", "Tolkien");
    }

    @Test
    void aValidatorFailingOnTheSecondCreateRollsBackTheFirst() {
        client.post().uri("/authors/pair").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Le Guin", "second", "X"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(authors()).isEmpty();
    }

    @Test
    void aNestedAtomicBlockJoinsTheTransactionAndRollsBackWithIt() {
        client.post().uri("/authors/nested?fail=outer").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Outer", "second", "Inner"))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        assertThat(authors()).isEmpty();
    }

    @Test
    void aFailedNestedAtomicBlockUndoesOnlyItself() {
        List<String> seenInside = client.post().uri("/authors/nested?fail=inner")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("first", "Outer", "second", "Inner"))
                .exchange().expectStatus().isOk().expectBody(NAMES).returnResult().getResponseBody();
        assertThat(seenInside).containsExactly("Outer");
        assertThat(authors()).containsExactly("Outer");
    }

    @Test
    void aNestedAtomicBlockThatSucceedsCommitsWithTheMethod() {
        client.post().uri("/authors/nested").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Outer", "second", "Inner"))
                .exchange().expectStatus().isOk();
        assertThat(authors()).containsExactly("Inner", "Outer");
    }

    @Test
    void aBookWithItsAuthorTagsAndJsonDetailsRoundTrips() {
        Map<String, Object> details = Map.of("pages", 387, "awards", List.of("Hugo", "Nebula"));
        LibraryController.BookBody created = client.post().uri("/books").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "The Dispossessed", "author", "Le Guin",
                        "tags", List.of("utopia", "anarchism"), "details", details))
                .exchange().expectStatus().isCreated()
                .expectBody(LibraryController.BookBody.class).returnResult().getResponseBody();
        assertThat(created.title()).isEqualTo("The Dispossessed");
        assertThat(created.author()).isEqualTo("Le Guin");
        assertThat(created.tags()).containsExactly("anarchism", "utopia");
        assertThat(created.details()).isEqualTo(details);
        client.get().uri("/books/" + created.id()).exchange().expectStatus().isOk()
                .expectBody(LibraryController.BookBody.class).isEqualTo(created);
    }

    // ------------------------------------------------------------------ errors, as the starter alone answers them

    private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .doesNotContain("SELECT", "INSERT", "it_author", "it_book"));
    }

    private String detail(WebTestClient.ResponseSpec response, int status) {
        Map<?, ?> body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("status")).isEqualTo(status);
        String detail = (String) body.get("detail");
        assertThat(detail).doesNotContain("SELECT", "INSERT", "it_author", "it_book");
        return detail;
    }

    @Test
    void lookupsFromTheQueryStringFilterAndOrder() {
        client.post().uri("/books").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "The Dispossessed", "author", "Le Guin", "tags", List.of()))
                .exchange().expectStatus().isCreated();
        client.post().uri("/books").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "The Lathe of Heaven", "author", "Le Guin", "tags", List.of()))
                .exchange().expectStatus().isCreated();
        assertThat(client.get().uri("/books?title__icontains=LATHE").exchange().expectStatus().isOk()
                .expectBody(NAMES).returnResult().getResponseBody()).containsExactly("The Lathe of Heaven");
        assertThat(client.get().uri("/books?author__name=Le Guin&order_by=-title").exchange().expectStatus().isOk()
                .expectBody(NAMES).returnResult().getResponseBody())
                .containsExactly("The Lathe of Heaven", "The Dispossessed");
    }

    @Test
    void anUnknownFieldInTheQueryStringIs400NamingItAndTheValidOnes() {
        assertThat(detail(client.get().uri("/books?colour=red").exchange(), 400)).isEqualTo(
                "Unknown filter param 'colour'. Allowed base values are [pk, id, title, author, tags, details, author_id]");
    }

    @Test
    void anUnknownLookupIs400NamingIt() {
        assertThat(detail(client.get().uri("/books?title__sounds_like=x").exchange(), 400))
                .contains("title__sounds_like");
    }

    @Test
    void aValueOfTheWrongTypeIs400NamingTheField() {
        assertThat(detail(client.get().uri("/books?id__gt=abc").exchange(), 400)).contains("id");
    }

    @Test
    void anUnknownOrderingKeyIs400NamingIt() {
        assertThat(detail(client.get().uri("/books?order_by=-bogus").exchange(), 400)).contains("bogus");
    }

    @Test
    void aMissingRowIs404() {
        problem(client.get().uri("/books/999999").exchange(), 404);
    }

    @Test
    void aDuplicateUniqueValueIs422WithoutSqlOrTheValue() {
        client.post().uri("/authors").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Secret Name"))
                .exchange().expectStatus().isCreated();
        assertThat(detail(client.post().uri("/authors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Secret Name")).exchange(), 422)).doesNotContain("Secret");
        assertThat(authors()).containsExactly("Secret Name");
    }

    @Test
    void anUnknownKeyInABodyIs400NamingIt() {
        assertThat(detail(client.post().uri("/authors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Ursula", "colour", "red")).exchange(), 400)).contains("\"colour\"");
        assertThat(authors()).isEmpty();
    }

    @Test
    void aValidatorFailureIs400() {
        assertThat(detail(client.post().uri("/authors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "X")).exchange(), 400)).contains("name");
        assertThat(authors()).isEmpty();
    }

    @Test
    void malformedJsonIs400WithoutTheParsersText() {
        String detail = detail(client.post().uri("/authors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": ").exchange(), 400);
        assertThat(detail).doesNotContain("tools.jackson", "Exception", "line:");
    }
}
