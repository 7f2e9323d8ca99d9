package dev.tortoise.starterit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import dev.tortoise.starterit.models.Author;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Graceful shutdown with the starter: requests in flight when the application is asked to stop finish with 200 and
 * commit, on a pool that is still open; the runtime closes its pool after the web server has drained.
 */
class GracefulShutdownTest {
    static final int REQUESTS = 5;
    static final Duration HOLD = Duration.ofMillis(1500);

    /** A request that holds a connection in a transaction for a while, and says whether the pool was open. */
    @RestController
    static class SlowController {
        static volatile CountDownLatch arrived;
        private final ModelManager models;
        private final Tortoise tortoise;

        SlowController(ModelManager models, Tortoise tortoise) {
            this.models = models;
            this.tortoise = tortoise;
        }

        @PostMapping("/slow/{i}")
        Mono<String> slow(@PathVariable int i) {
            ConnectionPool pool = (ConnectionPool) tortoise.connections().get("default").pool();
            return models.atomic(() -> models.of(Author.class).create("name", "Slow " + i)
                    .doOnNext(a -> arrived.countDown())
                    .delayElement(HOLD)
                    .map(a -> a.name + (pool.isDisposed() ? ": pool closed" : ": pool open")));
        }
    }

    /** The library application without component scanning, plus the slow endpoint. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Library.class, LibraryController.class, SlowController.class})
    static class ShutdownApp {
    }

    /** The databases, named as the display names show them. */
    enum Kind {
        h2, postgres, mariadb
    }

    @ParameterizedTest(name = "[{0}] in-flight requests finish before the pool closes")
    @EnumSource(Kind.class)
    void inFlightRequestsFinishBeforeThePoolCloses(Kind kind) throws Exception {
        Databases.Fresh db = Databases.fresh(kind.name(), "gs");
        String url = db.url();
        try {
            SlowController.arrived = new CountDownLatch(REQUESTS);
            ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ShutdownApp.class)
                    .properties("server.port=0", "server.shutdown=graceful",
                            "spring.lifecycle.timeout-per-shutdown-phase=20s", "tortoise.db-url=" + url)
                    .run();
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            ConnectionPool pool = (ConnectionPool) ctx.getBean(Tortoise.class).connections().get("default").pool();
            // The client runs on its own event loop and connections: Boot's ReactorResourceFactory disposes Reactor
            // Netty's global resources when the context closes, and a client sharing them could lose a response
            // it has not read yet (a "prematurely closed" connection that is the test's, not the server's).
            LoopResources loops = LoopResources.create("shutdown-test-client", 1, true);
            WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                    .clientConnector(new ReactorClientHttpConnector(
                            HttpClient.create(ConnectionProvider.newConnection()).runOn(loops)))
                    .build();
            CompletableFuture<List<ResponseEntity<String>>> responses = Flux.range(0, REQUESTS)
                    .flatMap(i -> client.post().uri("/slow/{i}", i).retrieve().toEntity(String.class))
                    .collectList().toFuture();
            assertThat(SlowController.arrived.await(30, TimeUnit.SECONDS)).as("all requests in flight").isTrue();

            long start = System.nanoTime();
            ctx.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            List<ResponseEntity<String>> done;
            try {
                done = responses.get(30, TimeUnit.SECONDS);
            } finally {
                loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
            }
            assertThat(done).hasSize(REQUESTS).allSatisfy(r -> assertThat(r.getStatusCode().value()).isEqualTo(200));
            assertThat(done.stream().map(ResponseEntity::getBody).sorted())
                    .containsExactly("Slow 0: pool open", "Slow 1: pool open", "Slow 2: pool open",
                            "Slow 3: pool open", "Slow 4: pool open");
            assertThat(pool.isDisposed()).as("the pool is closed after the shutdown").isTrue();
            // close() waited for the requests, which still had most of their hold time to go
            assertThat(closeMillis).isGreaterThanOrEqualTo(HOLD.toMillis() / 2);
            assertThat(countAuthors(db)).as("every in-flight transaction committed").isEqualTo(REQUESTS);
        } finally {
            db.close();
        }
    }

    private static long countAuthors(Databases.Fresh db) {
        return Mono.usingWhen(Mono.from(ConnectionFactories.get(db.url()).create()),
                        (Connection c) -> Mono.from(c.createStatement("SELECT COUNT(*) FROM " + db.quoted("it_author"))
                                        .execute())
                                .flatMap(r -> Mono.from(r.map((row, m) -> row.get(0, Long.class)))),
                        Connection::close)
                .block(Duration.ofSeconds(20));
    }
}
