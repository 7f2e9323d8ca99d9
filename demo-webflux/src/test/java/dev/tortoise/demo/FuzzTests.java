package dev.tortoise.demo;

import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.Lookups;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated requests against the demo ({@value #DEFAULT_INPUTS} inputs per database unless
 * {@code -Dtortoise.fuzz.inputs} says more, from a fixed seed unless {@code -Dtortoise.fuzz.seed=random} draws one;
 * the seed is printed and named in the failure message, and {@code -Dtortoise.fuzz.seed=...} replays a run's inputs): every query-parameter kind (filter keys
 * across relations, every lookup suffix, values for int, decimal, date and text fields, order_by, prefetch,
 * limit/offset, unknown keys, SQL metacharacters, {@code id__in} with 0 to 10,000 ids, unicode, NUL, long values), bad
 * path variables, unknown routes, wrong methods and media types, and bodies of wrong JSON types, with
 * many-to-many and reverse relation lists, malformed or too large. Every answer must be 2xx or 4xx, every
 * error problem details, and no body may carry SQL, a database or driver message, a stack trace or a Java
 * class name. No allow-list: a failure is fixed at its cause.
 */
class FuzzTests {
    /**
     * One seed for the run (every database gets the same inputs). Fixed by default, so that CI's verdict on a change
     * does not depend on the draw; {@code -Dtortoise.fuzz.seed=random} explores new inputs, a number replays them.
     */
    private static final long SEED = seed(System.getProperty("tortoise.fuzz.seed", "20261201"));
    /** Per database and run; 5,000 still hit the rarest generator branch (10,000 ids, 1 input in 700) about seven times. */
    private static final int DEFAULT_INPUTS = 5_000;
    private static final int INPUTS = Integer.getInteger("tortoise.fuzz.inputs", DEFAULT_INPUTS);
    private static final int CONCURRENCY = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What no body may contain: SQL, vendor and driver messages, stack frames, Java type names. */
    private static final List<Pattern> LEAKS = List.of(
            Pattern.compile("(?i)\\bselect\\s+[\"*]|\\binsert\\s+into\\b|\\bdelete\\s+from\\b|\\bupdate\\s+\"|"
                    + "\\bfrom\\s+\"|\\bwhere\\s+\"|\\$\\d+\\b"),
            Pattern.compile("(?i)sqlstate|syntax error|operator does not exist|invalid byte sequence|numeric field "
                    + "overflow|data conversion error|decfloat|character large object|invalid regular expression|"
                    + "regular expression is too complex|tsquery|tsvector|out of range for type|value too long for|"
                    + "violates (unique|foreign key|not-null|check)|duplicate key|referential integrity|unique index|"
                    + "scale \\(|h2 database|postgres"),
            Pattern.compile("(?i)\\b(java|javax|jdk|sun|org\\.h2|org\\.springframework|io\\.r2dbc|io\\.netty|reactor|"
                    + "tools\\.jackson|dev\\.tortoise)\\.[a-z]"),
            Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\tat |\\bat [a-z]+\\.[a-z]+\\.|\\.java:\\d+"),
            Pattern.compile("(?i)\"trace\"|\"exception\"|stack ?trace"));

    private record Req(HttpMethod method, String uri, String contentType, String body) {
        @Override
        public String toString() {
            String b = body == null ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
            return method + " " + (uri.length() > 200 ? uri.substring(0, 200) + "... (" + uri.length() + " chars)" : uri)
                    + b;
        }
    }

    private record Answer(Req req, int status, String contentType, String body, long ms) {
    }

    @DatabaseTest
    void generatedRequestsGetOnly2xxOr4xxAndProblemDetailsWithoutInternals(DatabaseKind db) {
        // a connection per request: an answer given before the request is read (413, 415) leaves nothing
        // behind that a reused keep-alive connection would trip on
        ConnectionProvider connections = ConnectionProvider.newConnection();
        // the client on event loops of its own, so that its timing never depends on the server's
        LoopResources loops = LoopResources.create("fuzz-client", 2, true);
        try (DemoApps.Running app = DemoApps.start(db)) {
            HttpClient http = HttpClient.create(connections).runOn(loops).baseUrl("http://127.0.0.1:" + app.port())
                    .responseTimeout(Duration.ofSeconds(20));
            Seed seed = seed(http);
            String replay = "seed " + SEED + ", replay with -Dtortoise.fuzz.seed=" + SEED;
            System.out.println("[" + db + "] fuzz: " + INPUTS + " inputs, " + replay);
            Random random = new Random(SEED);
            List<Req> requests = new ArrayList<>(INPUTS);
            for (int i = 0; i < INPUTS; i++) {
                requests.add(generate(random, seed));
            }
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            ConcurrentLinkedQueue<Answer> slow = new ConcurrentLinkedQueue<>();
            Flux.fromIterable(requests)
                    .flatMap(r -> send(http, r).doOnSubscribe(x -> watch(r)), CONCURRENCY)
                    .doOnNext(a -> {
                        IN_FLIGHT.remove(a.req());
                        if (a.ms() > 1_000) {
                            slow.add(a);
                        }
                        statuses.computeIfAbsent(a.status(), s -> new AtomicInteger()).incrementAndGet();
                        String problem = check(a);
                        if (problem != null) {
                            String kind = problem.length() > 60 ? problem.substring(0, 60) : problem;
                            AtomicInteger seen = kinds.computeIfAbsent(kind, k -> new AtomicInteger());
                            if (seen.incrementAndGet() <= 3) {
                                failures.add(problem + "\n    request: " + a.req() + "\n    answer: " + a.status()
                                        + " " + a.contentType() + " " + abbreviate(a.body()));
                            }
                        }
                    })
                    .then().block(Duration.ofMinutes(10));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[" + db + "] fuzz: " + requests.size() + " requests in " + ms + " ms, statuses "
                    + new TreeMap<>(statuses) + "; " + slow.size() + " took over 1 s");
            slow.stream().sorted((x, y) -> Long.compare(y.ms(), x.ms())).limit(10)
                    .forEach(a -> System.out.println("  slow " + a.ms() + " ms: " + a.req() + " -> " + a.status()));
            assertThat(failures).as("answers that break the rules (of %s, statuses %s; by kind %s; %s)",
                    requests.size(), new TreeMap<>(statuses), new TreeMap<>(kinds), replay).isEmpty();
            assertThat(requests).hasSizeGreaterThanOrEqualTo(DEFAULT_INPUTS);
            // the application still answers normally afterwards
            Answer after = send(http, new Req(HttpMethod.GET, "/events/" + seed.events().get(0), null, null))
                    .block(Duration.ofSeconds(30));
            assertThat(after.status()).as("a request after the fuzz inputs (%s)", replay).isEqualTo(200);
        } finally {
            connections.disposeLater().block(Duration.ofSeconds(10));
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean DUMPED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.Set<Req> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Dumps the threads once when a request has run 15 s, so that a hang shows where it waits. */
    private static void watch(Req r) {
        IN_FLIGHT.add(r);
        Mono.delay(Duration.ofSeconds(15)).subscribe(x -> {
            if (IN_FLIGHT.contains(r) && DUMPED.compareAndSet(false, true)) {
                StringBuilder sb = new StringBuilder("THREAD DUMP: request running 15 s: " + r + "\n");
                for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
                        .dumpAllThreads(false, false)) {
                    sb.append(t.toString());
                }
                System.out.println(sb);
            }
        });
    }

    /** Null when the answer keeps the rules, else what is wrong. */
    private static String check(Answer a) {
        if (a.status() < 200 || a.status() >= 500) {
            return a.status() < 0 ? "no answer: " + a.body() : "status " + a.status();
        }
        for (Pattern leak : LEAKS) {
            java.util.regex.Matcher m = leak.matcher(a.body());
            if (m.find()) {
                return "leak '" + m.group() + "'";
            }
        }
        if (a.status() >= 400) {
            if (a.contentType() == null || !a.contentType().startsWith("application/problem+json")) {
                return "error without problem details (" + a.contentType() + ")";
            }
            JsonNode node;
            try {
                node = JSON.readTree(a.body());
            } catch (RuntimeException e) {
                return "problem details that are not JSON";
            }
            if (node.path("status").asInt() != a.status() || node.path("title").asString("").isBlank()
                    || node.path("detail").asString("").isBlank()) {
                return "problem details without status, title or detail";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static Mono<Answer> send(HttpClient http, Req r) {
        long start = System.nanoTime();
        HttpClient.RequestSender sender = http.headers(h -> {
            if (r.contentType() != null) {
                h.set("Content-Type", r.contentType());
            }
        }).request(r.method()).uri(r.uri());
        HttpClient.ResponseReceiver<?> receiver = r.body() == null ? sender
                : sender.send(ByteBufFlux.fromString(Mono.just(r.body())));
        return receiver.responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .map(b -> new Answer(r, res.status().code(), res.responseHeaders().get("Content-Type"), b,
                        (System.nanoTime() - start) / 1_000_000)))
                // a request that fails on the client side (no answer in time, connection closed) is a finding too
                .onErrorResume(e -> Mono.just(new Answer(r, -1, null, e.toString(), (System.nanoTime() - start)
                        / 1_000_000)));
    }

    // ------------------------------------------------------------------ the data the requests work on

    private record Seed(List<Integer> tournaments, List<Integer> teams, List<Integer> events) {
    }

    private static long seed(String property) {
        return property.equals("random") ? new java.security.SecureRandom().nextLong() : Long.parseLong(property);
    }

    private static Seed seed(HttpClient http) {
        List<Integer> tournaments = new ArrayList<>();
        List<Integer> teams = new ArrayList<>();
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tournaments.add(create(http, "/tournaments", "{\"name\": \"Cup " + i + " é☃\", \"description\": "
                    + "\"the quick brown fox " + i + "\"}"));
            teams.add(create(http, "/teams", "{\"name\": \"Team " + i + "\"}"));
        }
        for (int i = 0; i < 30; i++) {
            int event = create(http, "/events", "{\"name\": \"Final " + i + "\", \"tournament_id\": "
                    + tournaments.get(i % 5) + ", \"prize\": " + (i * 1000) + ".25}");
            events.add(event);
            Answer a = send(http, new Req(HttpMethod.POST, "/events/" + event + "/participants/" + teams.get(i % 5),
                    null, "")).block(Duration.ofSeconds(30));
            assertThat(a.status()).as("%s", a.body()).isEqualTo(204);
        }
        return new Seed(tournaments, teams, events);
    }

    private static int create(HttpClient http, String path, String json) {
        Answer a = send(http, new Req(HttpMethod.POST, path, "application/json", json)).block(Duration.ofSeconds(30));
        assertThat(a.status()).as("%s %s", path, a.body()).isEqualTo(201);
        return JSON.readTree(a.body()).path("id").asInt();
    }

    // ------------------------------------------------------------------ generators

    private static final Map<String, List<String>> FIELDS = Map.of(
            "/events", List.of("id", "pk", "name", "tournament", "tournament_id", "participants", "modified", "prize",
                    "tournament__name", "tournament__created", "tournament__description", "tournament__id",
                    "participants__name", "participants__id", "tournament__events__prize"),
            "/tournaments", List.of("id", "pk", "name", "description", "created", "events", "events__prize",
                    "events__name", "events__modified", "events__participants__name", "events__tournament_id"),
            "/teams", List.of("id", "name", "events", "events__prize", "events__tournament__created",
                    "events__tournament__name", "events__participants__id"));

    private static final List<String> UNKNOWN_KEYS = List.of("nope", "tournament__nope", "events__nope__x",
            "name__icontains__x", "", "__", "id)", "name'", "name\"; DROP TABLE event; --", "NAME", "prize__",
            "order", "tournament__name__year__x", "participants__events__tournament__nope");

    private static final List<String> SUFFIXES;

    static {
        List<String> s = new ArrayList<>(Lookups.DATA_LOOKUPS);
        for (String part : List.of("year", "quarter", "month", "week", "day", "hour", "minute", "second")) {
            for (String cmp : List.of("gte", "lt", "in", "range", "not", "isnull")) {
                s.add(part + "__" + cmp);
            }
        }
        s.addAll(List.of("nosuch", "exact__exact", "filter", "contained_by", "year__icontains"));
        SUFFIXES = List.copyOf(s);
    }

    private static final List<String> INTS = List.of("1", "-1", "0", "7", " 7 ", "2147483647", "2147483648",
            "-2147483649", "99999999999999999999", "1e5", "1E+5", "1.5", "0x10", "", "abc", "+3", "1_000", "١٢");
    private static final List<String> DECIMALS = List.of("100.5", "1e5", "1e-5", "1E+400", "1e999999999",
            "1e-999999999", "-0.001", "12345678.99", "123456789.123", "NaN", "Infinity", "-Infinity",
            "12345678901234567890", "0.000000000000000000000000001", ".5", "5.", "--1", "1,5");
    private static final List<String> DATES = List.of("2026", "2026-01-01", "2026-01-01T10:00:00Z",
            "2026-01-01T10:00:00+05:30", "2026-01-01 10:00", "2026-13-45", "+100000-01-01", "-0001-01-01",
            "0000-01-01", "9999-12-31T23:59:59Z", "now", "1700000000", "10:00", "25:61", "2026-02-30");
    private static final List<String> TEXTS = List.of("cup", "Cup 1", "é☃😀", "a\u0000b", "\u0000",
            "' OR 1=1 --", "\"; DROP TABLE event; --", "%", "_", "\\", "\\%", "(a+)+$", "[", "(", "*", "a{99999}",
            "!&|:*", "fox & !quick | (", "\"quoted\" -not or", "\u202e\u0301", "\ud83d", "tab\there", "line\nbreak",
            "%00", "%zz", "' || pg_sleep(10) --");
    private static final List<String> ORDER = List.of("id", "-id", "name", "-name", "prize", "-prize", "modified",
            "tournament__name", "-tournament__created", "events__prize", "nope", "-", "--id", "events", "name;",
            "name desc", "participants", "pk", "tournament_id", "created");
    private static final List<String> PREFETCH = List.of("tournament", "participants", "events",
            "events__participants", "participants__events", "tournament__events", "nope", "name", "id",
            "tournament,participants", "events,events", "tournament__nope", ",", "events__tournament__events");
    private static final List<String> LIMITS = List.of("10", "0", "1", "-1", "abc", "99999999999", "2147483647",
            "1.5", "", " 5", "1e3");

    private static <T> T any(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String value(Random r, String key) {
        int kind = r.nextInt(10);
        if (kind < 2) {
            return any(r, INTS);
        }
        if (kind < 4) {
            return any(r, DECIMALS);
        }
        if (kind < 6) {
            return any(r, DATES);
        }
        if (kind < 8) {
            return any(r, TEXTS);
        }
        if (kind == 8) {
            return longValue(r);
        }
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(value(r, key));
        }
        return sb.toString();
    }

    private static String longValue(Random r) {
        int length = r.nextInt(20) == 0 ? any(r, List.of(20_000, 50_000)) : any(r, List.of(999, 1000, 1001, 5000));
        return switch (r.nextInt(4)) {
            case 0 -> "a".repeat(length);
            case 1 -> "(a|b)*".repeat(length / 6);
            case 2 -> randomUnicode(r, Math.min(length, 8000));
            default -> "9".repeat(length);
        };
    }

    private static String randomUnicode(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(128);
                case 1 -> 0x80 + r.nextInt(0x780);
                case 2 -> 0x800 + r.nextInt(0xD000);
                default -> 0x1F300 + r.nextInt(0x300);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String ids(Random r) {
        // 10,000 ids in one request in fifty: they are slow to send and to bind, and one in fifty covers them
        int n = r.nextInt(50) == 0 ? 10_000 : any(r, List.of(0, 1, 2, 10, 100, 1000));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(r.nextInt(20_000) - 100);
        }
        return sb.toString();
    }

    private static Req generate(Random r, Seed seed) {
        int pick = r.nextInt(100);
        if (pick < 55) {
            return query(r, seed);
        }
        if (pick < 62) {
            return idsQuery(r, seed);
        }
        if (pick < 70) {
            return pathAndMethod(r, seed);
        }
        return body(r, seed);
    }

    private static String listPath(Random r, Seed seed) {
        return switch (r.nextInt(4)) {
            case 0 -> "/events";
            case 1 -> "/tournaments";
            case 2 -> "/teams";
            default -> "/tournaments/" + any(r, seed.tournaments()) + "/events";
        };
    }

    private static Req query(Random r, Seed seed) {
        String path = listPath(r, seed);
        List<String> fields = FIELDS.get(path.startsWith("/tournaments/") ? "/events" : path);
        StringBuilder q = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String key;
            int k = r.nextInt(10);
            if (k == 0) {
                key = any(r, UNKNOWN_KEYS);
            } else {
                key = any(r, fields);
                if (k > 3) {
                    key = key + "__" + any(r, SUFFIXES);
                }
            }
            q.append(q.length() == 0 ? "?" : "&").append(enc(key)).append('=').append(enc(value(r, key)));
        }
        if (r.nextInt(3) == 0) {
            q.append("&order_by=").append(enc(any(r, ORDER) + (r.nextBoolean() ? "," + any(r, ORDER) : "")));
        }
        if (r.nextInt(4) == 0) {
            q.append("&prefetch=").append(enc(any(r, PREFETCH)));
        }
        if (r.nextInt(3) == 0) {
            q.append("&limit=").append(enc(any(r, LIMITS)));
        }
        if (r.nextInt(4) == 0) {
            q.append("&offset=").append(enc(any(r, LIMITS)));
        }
        if (r.nextInt(30) == 0) {
            q.append("&name=%zz&%=&&=x");
        }
        return new Req(HttpMethod.GET, path + q, null, null);
    }

    private static Req idsQuery(Random r, Seed seed) {
        String path = listPath(r, seed);
        String key = any(r, List.of("id__in", "id__not_in", "pk__in", "events__in", "participants__in",
                "tournament_id__in", "events__participants__in"));
        return new Req(HttpMethod.GET, path + "?" + key + "=" + enc(ids(r)) + "&limit=5", null, null);
    }

    private static Req pathAndMethod(Random r, Seed seed) {
        String resource = any(r, List.of("/events", "/tournaments", "/teams"));
        String id = any(r, List.of(String.valueOf(any(r, seed.events())), "1.5", "abc", "99999999999", "-1", "0",
                "%00", "1e3", "2147483648", "%201", "%E2%98%83", ""));
        return switch (r.nextInt(9)) {
            case 0 -> new Req(HttpMethod.GET, resource + "/" + id, null, null);
            case 1 -> new Req(HttpMethod.GET, resource + "/" + id + "?prefetch=" + enc(any(r, PREFETCH)), null, null);
            case 2 -> new Req(HttpMethod.GET, any(r, List.of("/nope", "/events/1/nope", "/events/1/2/3", "/",
                    "/tournaments/stats/x", "/tournaments/stats", "/actuator/nope", "/..%2f..%2fetc")), null, null);
            case 3 -> new Req(any(r, List.of(HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.PUT)), resource, null,
                    null);
            case 4 -> new Req(HttpMethod.DELETE, resource + "/" + (100_000_000 + r.nextInt(1000)), null, null);
            case 5 -> new Req(HttpMethod.POST, "/events/" + id + "/participants/" + any(r, List.of("1", "x", "1.5",
                    String.valueOf(any(r, seed.teams())), "99999")), null, "");
            case 6 -> new Req(HttpMethod.POST, resource, any(r, List.of("text/plain", "application/xml",
                    "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png")), "name=x");
            case 7 -> new Req(HttpMethod.POST, resource, "application/json", "{\"name\": \""
                    + "x".repeat(300_000) + "\"}");
            default -> new Req(HttpMethod.GET, resource + "/" + id + "/" + any(r, List.of("events", "participants")),
                    null, null);
        };
    }

    private static final List<String> BODY_VALUES = List.of("12345", "-1", "1.5", "1e400", "true", "null", "[]",
            "[1,2]", "{}", "{\"a\":1}", "\"\"", "\"x\"", "\"a\\u0000b\"", "\"é☃😀\"", "\"2026-01-01T00:00:00Z\"",
            "\"yesterday\"", "\"1e5\"", "\"abc\"", "99999999999999999999", "\"" + "n".repeat(300) + "\"",
            "\"' OR 1=1 --\"", "[{\"id\":1}]", "\"\\ud83d\"");

    private static Req body(Random r, Seed seed) {
        String resource = any(r, List.of("/events", "/tournaments", "/teams"));
        boolean put = r.nextInt(3) == 0;
        String uri = put ? resource + "/" + switch (resource) {
            case "/events" -> any(r, seed.events());
            case "/tournaments" -> any(r, seed.tournaments());
            default -> any(r, seed.teams());
        } : resource;
        String body;
        int shape = r.nextInt(10);
        if (shape == 0) {
            body = any(r, List.of("{", "{\"name\": }", "[1,2]", "null", "\"str\"", "", "{\"name\": \"x\",}", "}",
                    "{\"name\": 'x'}", "{\"name\": \"x\"} trailing", "\u0000", "{\"name\": \"x\"", "NaN", "123"));
        } else {
            List<String> keys = switch (resource) {
                case "/events" -> List.of("name", "tournament_id", "tournament", "prize", "modified", "participants",
                        "id", "tags", "nope");
                case "/tournaments" -> List.of("name", "description", "created", "events", "id", "nope");
                default -> List.of("name", "events", "id", "nope");
            };
            StringBuilder sb = new StringBuilder("{");
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String key = any(r, keys);
                String v;
                if (key.equals("name") && r.nextInt(3) == 0) {
                    v = "\"Fuzz " + r.nextInt(1_000_000) + "\"";
                } else if (key.equals("tournament_id") && r.nextBoolean()) {
                    v = String.valueOf(any(r, seed.tournaments()));
                } else if ((key.equals("participants") || key.equals("events")) && r.nextBoolean()) {
                    v = "[" + any(r, seed.teams()) + "]";
                } else {
                    v = any(r, BODY_VALUES);
                }
                sb.append(i == 0 ? "" : ",").append('"').append(key).append("\":").append(v);
            }
            body = sb.append('}').toString();
        }
        return new Req(put ? HttpMethod.PUT : HttpMethod.POST, uri, "application/json", body);
    }
}
