package dev.tortoise.demo;

import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import reactor.core.publisher.Flux;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The demo under load: 200 concurrent clients send 10,000 mixed reads and writes (100,000 in the
 * long mode) to a pool of 10 connections; 200 clients saturate the pool from the first requests, and each
 * kind of request of the mix is sent hundreds of times. No answer may be a 5xx, every created row must be
 * readable afterwards, and the pool must be back to idle (on PostgreSQL, no session of the demo
 * left running a statement or in a transaction).
 */
class LoadTests {
    private static final int CLIENTS = 200;
    private static final int REQUESTS = Integer.getInteger("tortoise.reliability.requests", 10_000);

    @AfterAll
    static void stop() {
        ReliabilityApps.stopAll();
    }

    @DatabaseTest
    void twoHundredClientsGetNoServerErrorAndEveryCreatedRowIsReadable(DatabaseKind kind) {
        ReliabilityApps.App app = ReliabilityApps.start(kind);
        ConnectionProvider connections = ConnectionProvider.builder("load").maxConnections(CLIENTS)
                .pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + app.port())
                .responseTimeout(Duration.ofSeconds(60));
        try {
            List<Integer> tournaments = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tournaments.add(create(http, "/tournaments", "{\"name\": \"Load Cup " + i + "\"}"));
            }
            List<Integer> teams = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                teams.add(create(http, "/teams", "{\"name\": \"Team " + i + "\"}"));
            }
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            Created events = new Created();
            ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
            Random seeds = new Random(99);
            long[] seed = new long[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                seed[i] = seeds.nextLong();
            }
            Flux.range(0, REQUESTS)
                    .flatMap(i -> request(http, new Random(seed[i]), i, tournaments, teams, events)
                            .doOnNext(r -> {
                                statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                                if (r.status() >= 500) {
                                    serverErrors.add(r.what() + " -> " + r.status() + " " + r.body());
                                }
                            }), CLIENTS)
                    .then().block(Duration.ofMinutes(10));
            assertThat(serverErrors).as("5xx answers (statuses %s)", statuses).isEmpty();
            assertThat(events.all()).isNotEmpty();
            List<Integer> unreadable = Flux.fromIterable(events.all())
                    .flatMap(id -> http.get().uri("/events/" + id).response().map(r -> r.status().code() == 200 ? 0 : id),
                            CLIENTS)
                    .filter(id -> id != 0).collectList().block(Duration.ofMinutes(2));
            assertThat(unreadable).as("created events that cannot be read back").isEmpty();
            awaitIdle(app);
        } finally {
            connections.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private record Answer(String what, int status, String body) {
    }

    /** The ids of events created so far, for requests on a random one. */
    private static final class Created {
        private final AtomicInteger count = new AtomicInteger();
        private final Map<Integer, Integer> bySlot = new ConcurrentHashMap<>();

        void add(int id) {
            bySlot.put(count.getAndIncrement(), id);
        }

        Integer any(Random r) {
            int n = count.get();
            return n == 0 ? null : bySlot.get(r.nextInt(n));
        }

        List<Integer> all() {
            return List.copyOf(bySlot.values());
        }
    }

    /** One request of the mix: list/filter reads, reads by id, stats, creates, updates and M2M adds. */
    private static Mono<Answer> request(HttpClient http, Random r, int i, List<Integer> tournaments,
                                        List<Integer> teams, Created events) {
        int t = tournaments.get(r.nextInt(tournaments.size()));
        Integer someEvent = events.any(r);
        int pick = r.nextInt(100);
        if (pick < 30) {
            String body = "{\"name\": \"Event " + i + "\", \"tournament_id\": " + t + ", \"prize\": " + r.nextInt(1000)
                    + ".5}";
            return send(http, HttpMethod.POST, "/events", body).doOnNext(a -> {
                if (a.status() == 201) {
                    events.add(idOf(a.body()));
                }
            });
        }
        if (pick < 40) {
            return send(http, HttpMethod.GET, "/events?name__icontains=" + r.nextInt(10) + "&order_by=-prize&limit=20", null);
        }
        if (pick < 55) {
            return send(http, HttpMethod.GET, "/tournaments/" + t + "/events?order_by=-id&limit=10&prefetch=participants",
                    null);
        }
        if (pick < 75 && someEvent != null) {
            return send(http, HttpMethod.GET, "/events/" + someEvent + "?prefetch=tournament,participants", null);
        }
        if (pick < 80) {
            return send(http, HttpMethod.GET, "/tournaments/stats", null);
        }
        if (pick < 90 && someEvent != null) {
            return send(http, HttpMethod.POST, "/events/" + someEvent + "/participants/"
                    + teams.get(r.nextInt(teams.size())), "");
        }
        if (someEvent != null) {
            return send(http, HttpMethod.PUT, "/events/" + someEvent, "{\"prize\": " + r.nextInt(1000) + "}");
        }
        return send(http, HttpMethod.GET, "/teams?limit=5", null);
    }

    private static Mono<Answer> send(HttpClient http, HttpMethod method, String uri, String json) {
        HttpClient.RequestSender sender = http.headers(h -> h.set("Content-Type", "application/json"))
                .request(method).uri(uri);
        HttpClient.ResponseReceiver<?> receiver = json == null ? sender
                : sender.send(ByteBufFlux.fromString(Mono.just(json)));
        return receiver.responseSingle((res, body) -> body.asString().defaultIfEmpty("")
                .map(b -> new Answer(uri, res.status().code(), b)));
    }

    private static int create(HttpClient http, String path, String json) {
        Answer a = send(http, HttpMethod.POST, path, json).block(Duration.ofSeconds(30));
        assertThat(a.status()).as("%s %s", path, a.body()).isEqualTo(201);
        return idOf(a.body());
    }

    private static int idOf(String json) {
        int at = json.indexOf("\"id\":");
        int end = at + 5;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at + 5, end));
    }

    private static void awaitIdle(ReliabilityApps.App app) {
        Tortoise orm = app.context().getBean(Tortoise.class);
        PoolMetrics m = ((ConnectionPool) orm.connections().get("default").pool()).getMetrics().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (m.acquiredSize() == 0 && m.pendingAcquireSize() == 0 && app.busySessions().isEmpty()) {
                assertThat(m.allocatedSize()).isLessThanOrEqualTo(10);
                return;
            }
            ReliabilityApps.sleep(10);
        }
        throw new AssertionError("not idle after the load: acquired " + m.acquiredSize() + ", pending "
                + m.pendingAcquireSize() + ", busy sessions " + app.busySessions());
    }
}
