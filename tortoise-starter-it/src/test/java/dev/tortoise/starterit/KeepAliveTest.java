package dev.tortoise.starterit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * With exactly the user's class path (starter + WebFlux), the starter's KeepAliveReadGuard is active: error
 * answers given on the spot (404, 400, 415), each right after an answer that needed the database, on ONE kept-alive
 * connection, and every request gets its answer on that same connection. Reactor Netty 1.3.6 stopped reading such a
 * connection after an on-the-spot answer (see KeepAliveReadGuard and docs/reliability.md); demo-webflux's
 * KeepAliveTests shows the defect with the guard off, and so does this test with {@code -Dkeepalive.guard=false}
 * ({@code -Dkeepalive.rounds} sets the rounds of 8 requests): {@code ./mvnw -B -o -pl tortoise-starter-it -am verify
 * -Dtest=KeepAliveTest -Dsurefire.failIfNoSpecifiedTests=false -Dstarterit.test=dev.tortoise.starterit.KeepAliveTest
 * -Dkeepalive.guard=false}. Each answer is bounded ({@link #ANSWER}), so a connection left unread fails the test.
 */
class KeepAliveTest {
    private static final int ROUNDS = Integer.getInteger("keepalive.rounds", 12);
    /** {@code -Dkeepalive.guard=false} starts the application with the guard off (the old defect, see above). */
    private static final boolean GUARD = Boolean.parseBoolean(System.getProperty("keepalive.guard", "true"));
    /** Bounds each answer, so that a connection left unread fails the test instead of hanging it. */
    private static final Duration ANSWER = Duration.ofSeconds(10);

    /** The databases, named as the display names show them. */
    enum Kind {
        h2, postgres, mariadb
    }

    private record Req(String method, String uri, String contentType, String body, int status) {
        @Override
        public String toString() {
            return method + " " + uri + (contentType == null ? "" : " (" + contentType + ")") + " -> " + status;
        }
    }

    /** One round: each error answered before any database work, right after an answer that needed the database. */
    private static List<Req> round(int i) {
        return List.of(
                new Req("GET", "/authors", null, null, 200),
                new Req("GET", "/nowhere", null, null, 404),
                new Req("POST", "/authors", "application/json", "{\"name\": \"Author " + i + "\"}", 201),
                new Req("POST", "/authors", "text/plain", "name=x", 415),
                new Req("GET", "/books", null, null, 200),
                new Req("GET", "/books/abc", null, null, 400),
                new Req("GET", "/authors", null, null, 200),
                new Req("POST", "/authors", "application/json", "{\"name\": ", 400));
    }

    @ParameterizedTest(name = "[{0}] error answers leave a kept-alive connection answering")
    @EnumSource(Kind.class)
    void errorAnswersLeaveAKeptAliveConnectionAnswering(Kind kind) {
        Databases.Fresh db = Databases.fresh(kind.name(), "ka");
        String url = db.url();
        // the client on an event loop and a connection pool of its own, one connection at most
        LoopResources loops = LoopResources.create("keepalive-client", 1, true);
        ConnectionProvider one = ConnectionProvider.builder("keepalive").maxConnections(1)
                .pendingAcquireTimeout(Duration.ofSeconds(10)).build();
        Set<String> connections = ConcurrentHashMap.newKeySet();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        try (ConfigurableApplicationContext ctx = Apps.start("tortoise.db-url=" + url,
                "tortoise.web.resume-kept-alive-reads=" + GUARD)) {
            List<String> decorators = ctx.getBeansOfType(HttpHandlerDecoratorFactory.class).values().stream()
                    .map(f -> f.getClass().getSimpleName()).toList();
            assertThat(decorators.contains("KeepAliveReadGuard")).as("the guard among the web decorators %s", decorators)
                    .isEqualTo(GUARD);
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpClient http = HttpClient.create(one).runOn(loops).baseUrl("http://127.0.0.1:" + port)
                    .doOnConnected(c -> connections.add(c.channel().id().asLongText()))
                    .responseTimeout(ANSWER);
            for (int r = 0; r < ROUNDS && failures.isEmpty(); r++) {
                for (Req req : round(r)) {
                    sent++;
                    String failure = send(http, req);
                    if (failure != null) {
                        failures.add("request " + sent + " (" + req + "): " + failure);
                        break;
                    }
                }
            }
        } finally {
            one.disposeLater().block(Duration.ofSeconds(10));
            loops.disposeLater().block(Duration.ofSeconds(10));
            db.close();
        }
        assertThat(failures).as("%d requests: requests without their answer", sent).isEmpty();
        assertThat(sent).isEqualTo(ROUNDS * round(0).size());
        assertThat(connections).as("connections the %d requests went over", sent).hasSize(1);
    }

    /** Null when {@code req} got its status; else what went wrong. */
    private static String send(HttpClient http, Req req) {
        HttpClient.RequestSender sender = http.headers(h -> {
            if (req.contentType() != null) {
                h.set("Content-Type", req.contentType());
            }
        }).request(io.netty.handler.codec.http.HttpMethod.valueOf(req.method())).uri(req.uri());
        HttpClient.ResponseReceiver<?> receiver = req.body() == null ? sender
                : sender.send(ByteBufFlux.fromString(Mono.just(req.body())));
        try {
            String answer = receiver.responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8)
                            .defaultIfEmpty("").map(b -> res.status().code() == req.status() ? ""
                                    : "answered " + res.status().code() + ": " + b))
                    .block(ANSWER.plusSeconds(5));
            return answer == null || answer.isEmpty() ? null : answer;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
