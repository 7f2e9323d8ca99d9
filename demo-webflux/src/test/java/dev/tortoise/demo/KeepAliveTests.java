package dev.tortoise.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Error answers interleaved with successful ones on ONE kept-alive connection, to fresh demo applications: every
 * request gets its answer, on the same connection. Reactor Netty 1.3.6 left the request after such an error answer
 * unread (docs/reliability.md); {@code -Dkeepalive.guard=false} shows it (the starter's KeepAliveReadGuard off),
 * {@code -Dkeepalive.apps} and {@code -Dkeepalive.rounds} (14 requests each) set the sizes:
 * {@code ./mvnw -B -o -pl demo-webflux -am verify -Dtest=KeepAliveTests -Dsurefire.failIfNoSpecifiedTests=false
 * -Dkeepalive.guard=false}.
 */
class KeepAliveTests {
    private static final int APPS = Integer.getInteger("keepalive.apps", 1);
    private static final int ROUNDS = Integer.getInteger("keepalive.rounds", 30);
    private static final Duration ANSWER = Duration.ofSeconds(Integer.getInteger("keepalive.timeout", 15));
    /** {@code -Dkeepalive.guard=false} starts the demos without the starter's KeepAliveReadGuard (the old defect). */
    private static final String GUARD = System.getProperty("keepalive.guard", "true");

    private record Req(HttpMethod method, String uri, String contentType, String body, int status) {
        @Override
        public String toString() {
            return method + " " + uri + (body == null ? "" : " (" + contentType + ", " + body.length() + " chars)")
                    + " -> " + status;
        }
    }

    private static final String BIG = "{\"name\": \"" + "x".repeat(300 * 1024) + "\"}";

    /**
     * One round: each error answered on the spot (before any database work, some before the body is read) right
     * after an answer that needed the database (finished off the event loop), the order that made Reactor Netty
     * 1.3.6 stop reading the connection (see KeepAliveReadGuard).
     */
    private static List<Req> round(int i) {
        return List.of(
                new Req(HttpMethod.GET, "/tournaments", null, null, 200),
                new Req(HttpMethod.GET, "/events?colour=red", null, null, 400),
                new Req(HttpMethod.POST, "/tournaments", "application/json", "{\"name\": \"Cup " + i + "\"}", 201),
                new Req(HttpMethod.GET, "/nowhere", null, null, 404),
                new Req(HttpMethod.GET, "/teams", null, null, 200),
                new Req(HttpMethod.POST, "/tournaments", "text/plain", "name=x", 415),
                new Req(HttpMethod.GET, "/tournaments?limit=1", null, null, 200),
                new Req(HttpMethod.POST, "/tournaments", "application/json", BIG, 413),
                new Req(HttpMethod.GET, "/tournaments/999999", null, null, 404),
                new Req(HttpMethod.GET, "/events/abc", null, null, 400),
                new Req(HttpMethod.GET, "/events", null, null, 200),
                new Req(HttpMethod.POST, "/tournaments", "application/json", "{\"name\": ", 400),
                new Req(HttpMethod.GET, "/teams?limit=2", null, null, 200),
                new Req(HttpMethod.GET, "/events?order_by=-colour", null, null, 400));
    }

    @DatabaseTest
    void errorAnswersLeaveAKeptAliveConnectionAnswering(DatabaseKind db) {
        LoopResources loops = LoopResources.create("keepalive-client", 1, true);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        try {
            for (int app = 0; app < APPS; app++) {
                ConnectionProvider one = ConnectionProvider.builder("keepalive").maxConnections(1)
                        .pendingAcquireTimeout(Duration.ofSeconds(10)).build();
                Set<String> connections = ConcurrentHashMap.newKeySet();
                try (DemoApps.Running running = DemoApps.start(db, "--tortoise.web.resume-kept-alive-reads=" + GUARD)) {
                    HttpClient http = HttpClient.create(one).runOn(loops)
                            .baseUrl("http://127.0.0.1:" + running.port())
                            .doOnConnected(c -> connections.add(c.channel().id().asLongText()))
                            .responseTimeout(ANSWER);
                    int before = failures.size();
                    int n = 0;
                    for (int r = 0; r < ROUNDS && failures.size() == before; r++) {
                        for (Req req : round(r)) {
                            n++;
                            String failure = send(http, req);
                            if (failure != null) {
                                failures.add("app " + app + ", request " + n + " (" + req + "): " + failure);
                                break;
                            }
                        }
                    }
                    sent += n;
                    if (failures.size() == before && connections.size() != 1) {
                        failures.add("app " + app + ": " + connections.size() + " connections for " + n + " requests");
                    }
                } finally {
                    one.disposeLater().block(Duration.ofSeconds(10));
                }
            }
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
        assertThat(failures).as("%d apps, %d requests: requests without their answer on one connection", APPS, sent)
                .isEmpty();
    }

    /** Null when {@code req} got its status and a problem-details (or JSON) body; else what went wrong. */
    private static String send(HttpClient http, Req req) {
        HttpClient.RequestSender sender = http.headers(h -> {
            if (req.contentType() != null) {
                h.set("Content-Type", req.contentType());
            }
        }).request(io.netty.handler.codec.http.HttpMethod.valueOf(req.method().name())).uri(req.uri());
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
