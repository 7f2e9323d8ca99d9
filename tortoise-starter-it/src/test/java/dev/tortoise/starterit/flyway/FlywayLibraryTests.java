package dev.tortoise.starterit.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.autoconfigure.TortoiseFlywayConnectionDetails;
import dev.tortoise.autoconfigure.TortoiseSchemaInitializer;
import dev.tortoise.starterit.Databases;
import dev.tortoise.starterit.LibraryApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Flyway as a Boot user has it: the README's dependencies for Flyway added to the library application, Spring
 * Boot's own Flyway auto-configuration migrating Tortoise's database from {@code classpath:db/migration/{vendor}},
 * a {@code FlywayMigrationStrategy} honoured, then schema generation creating the tables the migrations did not.
 */
@SpringBootTest(classes = {LibraryApplication.class, FlywayLibraryTests.Strategy.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.flyway.locations=classpath:db/migration/{vendor}")
@DisplayNameGeneration(Databases.Tagged.class)
abstract class FlywayLibraryTests {
    private static final ParameterizedTypeReference<List<String>> NAMES = new ParameterizedTypeReference<>() {
    };

    /** Records the strategy's call, then migrates as Boot would without one. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Strategy {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();

        @Bean
        FlywayMigrationStrategy recordingStrategy() {
            return flyway -> {
                CALLS.add("pending " + flyway.info().pending().length);
                flyway.migrate();
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    abstract String vendor();

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void bootsFlywayMigratesTheTortoiseDatabaseFromTheVendorFolder() {
        assertThat(context.getBeansOfType(TortoiseFlywayConnectionDetails.class)).hasSize(1);
        assertThat(context.getBeansOfType(FlywayMigrationInitializer.class)).hasSize(1);
        assertThat(context.getBeansOfType(javax.sql.DataSource.class)).isEmpty();
        Flyway flyway = context.getBean(Flyway.class);
        assertThat(flyway.info().applied()).extracting(m -> m.getVersion().getVersion() + " " + m.getDescription())
                .containsExactly("1 authors");
        assertThat(Strategy.CALLS).contains("pending 1");
        client.get().uri("/authors").exchange().expectStatus().isOk().expectBody(NAMES)
                .isEqualTo(List.of("Seeded by the " + vendor() + " migration"));
    }

    @Test
    void schemaGenerationRunsAfterTheMigrationsAndCreatesTheOtherTables() {
        assertThat(context.getBeansOfType(TortoiseSchemaInitializer.class)).hasSize(1);
        // it_book, it_tag and it_book_tag exist only if schema generation ran; it_author only if Flyway ran first
        client.post().uri("/books").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "A Wizard of Earthsea", "author", "Seeded by the " + vendor()
                        + " migration", "tags", List.of("magic")))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.author").isEqualTo("Seeded by the " + vendor() + " migration")
                .jsonPath("$.tags[0]").isEqualTo("magic");
    }
}
