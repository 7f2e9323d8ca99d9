package dev.tortoise.demo;

import dev.tortoise.test.TestDatabase;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The database goes away under load and comes back. PostgreSQL is reached through an in-test TCP proxy,
 * which the test cuts (every connection dropped, new ones refused) and restores; the shared server itself
 * is never stopped. During the outage every answer is a 503 with problem details and {@code Retry-After},
 * no request waits past the pool's acquire timeout, the application is answering normally within 5 s of the
 * proxy being back, and the log gets one line per failure kind per interval, not a stack trace per request.
 * [postgres] only: the demo's H2 database is embedded in the application's process, with no connection
 * that could be cut.
 */
class OutageTests {
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(2);
    private static final int CLIENTS = 16;

    private record Answer(long startNanos, long endNanos, String what, int status, String retryAfter,
                          String contentType, String body) {
    }

    @Test
    void postgresGoesAwayUnderLoadAndComesBack503sWithRetryAfterThenRecoveryWithinFiveSeconds() throws Exception {
        TestDatabase database = DatabaseKind.POSTGRES.fresh();
        String schema = database.schema();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = null;
        LoopResources loops = LoopResources.create("outage-client", 2, true);
        ConnectionProvider connections = ConnectionProvider.builder("outage").maxConnections(CLIENTS * 2)
                .pendingAcquireMaxCount(-1).build();
        try (TcpProxy proxy = new TcpProxy(database.host(), database.port());
             DemoApps.Running app = DemoApps.start("r2dbc:postgresql://" + database.user() + "@127.0.0.1:"
                             + proxy.port() + "/" + database.database() + "?schema=" + schema + "&applicationName="
                             + schema + "&connectTimeout=PT2S",
                     database, "--tortoise.pool.acquire-timeout=" + ACQUIRE_TIMEOUT.toSeconds() + "s",
                     "--tortoise.pool.max-size=10",
                     "--tortoise.web.error-log-interval=" + LOG_INTERVAL.toSeconds() + "s")) {
            // attached once the application runs: Spring Boot resets the logging system at start-up
            root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            log.start();
            root.addAppender(log);
            HttpClient http = HttpClient.create(connections).runOn(loops)
                    .baseUrl("http://127.0.0.1:" + app.port()).responseTimeout(Duration.ofSeconds(30));
            Answer t = send(http, HttpMethod.POST, "/tournaments", "{\"name\": \"Outage Cup\"}");
            assertThat(t.status()).as(t.body()).isEqualTo(201);
            int tournament = Integer.parseInt(t.body().replaceAll(".*\"id\":(\\d+).*", "$1"));

            long begin = System.nanoTime();
            long cutAt = begin + Duration.ofSeconds(2).toNanos();
            long restoreAt = begin + Duration.ofSeconds(7).toNanos();
            long end = begin + Duration.ofSeconds(15).toNanos();
            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            // when the cut really happened: the delay fires late on a loaded machine
            java.util.concurrent.atomic.AtomicLong cutDone = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            Mono<Void> load = Flux.range(0, Integer.MAX_VALUE)
                    .takeWhile(i -> System.nanoTime() < end)
                    .flatMap(i -> request(http, i, tournament), CLIENTS)
                    .doOnNext(answers::add)
                    .then();
            Mono<Void> outage = Mono.delay(Duration.ofNanos(cutAt - System.nanoTime()))
                    .doOnNext(x -> {
                        run(proxy::cut);
                        cutDone.set(System.nanoTime());
                    })
                    .then(Mono.delay(Duration.ofNanos(restoreAt - cutAt)))
                    .doOnNext(x -> run(proxy::restore))
                    .then();
            Mono.when(load, outage).block(Duration.ofMinutes(2));

            Map<Integer, Long> statuses = answers.stream()
                    .collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
            List<Answer> during = answers.stream()
                    .filter(a -> a.startNanos() > cutAt + Duration.ofMillis(200).toNanos() && a.endNanos() < restoreAt)
                    .toList();
            long maxMs = answers.stream().mapToLong(a -> (a.endNanos() - a.startNanos()) / 1_000_000).max().orElse(0);
            Answer firstOkAfter = answers.stream().filter(a -> a.startNanos() >= restoreAt && a.status() < 300)
                    .min((x, y) -> Long.compare(x.startNanos(), y.startNanos())).orElse(null);
            List<Answer> lateFailures = answers.stream()
                    .filter(a -> a.startNanos() > restoreAt + Duration.ofSeconds(5).toNanos() && a.status() >= 300)
                    .toList();
            List<ILoggingEvent> lines = List.copyOf(log.list).stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            Map<String, Long> linesByLogger = lines.stream()
                    .collect(Collectors.groupingBy(ILoggingEvent::getLoggerName, TreeMap::new, Collectors.counting()));
            System.out.println("[postgres] outage: " + answers.size() + " requests, statuses " + statuses
                    + ", during the outage " + during.size() + ", slowest " + maxMs + " ms, first success "
                    + (firstOkAfter == null ? "never" : (firstOkAfter.endNanos() - restoreAt) / 1_000_000 + " ms")
                    + " after the proxy was back, WARN+ log lines " + linesByLogger);

            // a response already streaming rows when the proxy is cut can only be broken off (its 200 is sent):
            // only requests in flight while the cut was being made may end without an answer
            assertThat(answers).filteredOn(a -> a.status() >= 500 && a.status() != 503
                            || a.status() < 0 && !(a.startNanos() < cutDone.get() && a.endNanos() >= cutAt))
                    .as("answers other than 2xx and 503").isEmpty();
            assertThat(during).as("answers while the database was away").isNotEmpty()
                    .allSatisfy(a -> assertThat(a.status()).as(a.what()).isEqualTo(503));
            assertThat(answers).filteredOn(a -> a.status() == 503).allSatisfy(a -> {
                assertThat(a.retryAfter()).as("Retry-After").isEqualTo("5");
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.body()).contains("\"status\":503",
                        "\"detail\":\"The database is unavailable; try again shortly\"");
            });
            assertThat(maxMs).as("slowest answer, ms").isLessThan(ACQUIRE_TIMEOUT.toMillis() + 2_000);
            assertThat(firstOkAfter).as("a success after the proxy is back").isNotNull();
            assertThat((firstOkAfter.endNanos() - restoreAt) / 1_000_000).as("recovery, ms").isLessThan(5_000);
            assertThat(lateFailures).as("failures later than 5 s after the proxy is back").isEmpty();
            // one line per failure kind per interval: the handler's lines over the ~10 s of failures
            long handlerLines = lines.stream()
                    .filter(e -> e.getLoggerName().endsWith("TortoiseExceptionHandler")).count();
            long kinds = lines.stream().filter(e -> e.getLoggerName().endsWith("TortoiseExceptionHandler"))
                    .map(e -> e.getFormattedMessage().replaceAll(" \\(\\d+ more like it.*", "")
                            .replaceAll("Answered \\S+ \\S+ with ", "").replaceAll(":.*", "")).distinct().count();
            assertThat(handlerLines).as("handler log lines (%s kinds) for %s failed requests", kinds,
                    statuses.getOrDefault(503, 0L)).isBetween(1L, kinds * 8);
            assertThat(lines.stream().filter(e -> e.getThrowableProxy() != null).count())
                    .as("stack traces logged").isLessThanOrEqualTo(kinds * 8);
            assertThat((long) lines.size()).as("WARN+ lines %s", linesByLogger).isLessThan(
                    statuses.getOrDefault(503, 0L) / 5 + 20);
        } finally {
            if (root != null) {
                root.detachAppender(log);
            }
            connections.disposeLater().block(Duration.ofSeconds(10));
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static void run(IoAction action) {
        try {
            action.run();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws java.io.IOException;
    }

    private static Mono<Answer> request(HttpClient http, int i, int tournament) {
        return switch (i % 4) {
            case 0 -> sendAsync(http, HttpMethod.GET, "/events?limit=5&order_by=-id", null);
            case 1 -> sendAsync(http, HttpMethod.GET, "/tournaments/" + tournament, null);
            case 2 -> sendAsync(http, HttpMethod.POST, "/events", "{\"name\": \"E" + i + "\", \"tournament_id\": "
                    + tournament + "}");
            default -> sendAsync(http, HttpMethod.GET, "/tournaments/stats", null);
        };
    }

    private static Answer send(HttpClient http, HttpMethod method, String uri, String json) {
        return sendAsync(http, method, uri, json).block(Duration.ofSeconds(30));
    }

    private static Mono<Answer> sendAsync(HttpClient http, HttpMethod method, String uri, String json) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            HttpClient.RequestSender sender = http.headers(h -> h.set("Content-Type", "application/json"))
                    .request(method).uri(uri);
            HttpClient.ResponseReceiver<?> receiver = json == null ? sender
                    : sender.send(ByteBufFlux.fromString(Mono.just(json)));
            return receiver.responseSingle((res, body) -> body.asString().defaultIfEmpty("")
                            .map(b -> new Answer(start, System.nanoTime(), method + " " + uri, res.status().code(),
                                    res.responseHeaders().get("Retry-After"), res.responseHeaders().get("Content-Type"),
                                    b)))
                    .onErrorResume(e -> Mono.just(new Answer(start, System.nanoTime(), method + " " + uri, -1, null,
                            null, e.toString())));
        });
    }
}
