package dev.tortoise.starterit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The library application started by hand with some properties, on a random port, and a client for it. */
final class Apps {
    static final ParameterizedTypeReference<List<String>> NAMES = new ParameterizedTypeReference<>() {
    };

    private Apps() {
    }

    static ConfigurableApplicationContext start(String... properties) {
        String[] all = new String[properties.length + 1];
        all[0] = "server.port=0";
        System.arraycopy(properties, 0, all, 1, properties.length);
        return new SpringApplicationBuilder(LibraryApplication.class).properties(all).run();
    }

    static WebTestClient client(ConfigurableApplicationContext ctx) {
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Creates an author over HTTP. */
    static void createAuthor(WebTestClient client, String name) {
        client.post().uri("/authors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("name", name)).exchange().expectStatus().isCreated();
    }

    /** The authors' names over HTTP. */
    static List<String> authors(WebTestClient client) {
        return client.get().uri("/authors").exchange().expectStatus().isOk().expectBody(NAMES).returnResult()
                .getResponseBody();
    }
}
