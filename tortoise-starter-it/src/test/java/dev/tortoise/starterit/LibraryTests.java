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
}
