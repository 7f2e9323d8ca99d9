package dev.tortoise.starterit.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.starterit.Databases;
import dev.tortoise.starterit.LibraryApplication;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * No {@code tortoise.db-url}: Spring Boot's R2DBC starter makes the application's {@code ConnectionFactory} from
 * {@code spring.r2dbc.url=r2dbc:mariadb://...}, and Tortoise takes it as its default connection (MariaDB's dialect
 * from the factory's metadata), sharing Spring's transactions on it.
 */
@SpringBootTest(classes = LibraryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(Databases.RequiresMariaDb.class)
@DisplayNameGeneration(Databases.Tagged.class)
class MariaDbSpringR2dbcUrlTest {
    private static final Databases.MariaDbDatabase DATABASE =
            new Databases.MariaDbDatabase("spring.r2dbc.url", "r2dbc:mariadb://root@127.0.0.1:3306/%s");
    private static final ParameterizedTypeReference<List<String>> NAMES = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @AfterAll
    static void drop() {
        DATABASE.drop();
    }

    @Test
    void tortoiseRunsOnTheConnectionFactoryOfSpringR2dbcUrl() throws ClassNotFoundException {
        assertThat(Class.forName("org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")).isNotNull();
        assertThatThrownBy(() -> Class.forName("org.flywaydb.core.Flyway")).isInstanceOf(ClassNotFoundException.class);
        Tortoise tortoise = context.getBean(Tortoise.class);
        assertThat(tortoise.connections().get("default").factory()).isSameAs(context.getBean(ConnectionFactory.class));
        assertThat(tortoise.connections().get("default").dialect().name()).isEqualTo("mariadb");

        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        // a @Transactional method on Spring's transaction manager over the same factory: all or nothing
        client.post().uri("/authors/pair?fail=true").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Le Guin", "second", "Tolkien")).exchange().expectStatus().isEqualTo(409);
        client.post().uri("/authors/pair").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first", "Le Guin", "second", "Tolkien")).exchange().expectStatus().isOk();
        client.post().uri("/books").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "The Dispossessed", "author", "Le Guin", "tags", List.of("utopia"),
                        "details", Map.of("pages", 387)))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.author").isEqualTo("Le Guin").jsonPath("$.details.pages").isEqualTo(387);
        assertThat(client.get().uri("/authors").exchange().expectStatus().isOk().expectBody(NAMES).returnResult()
                .getResponseBody()).containsExactly("Le Guin", "Tolkien");
    }
}
