package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The two profiling modes of {@link BenchmarkMain}: {@code --profile=W:contender:N[:inflight]} runs whole batches of
 * 1000 operations of one contender, {@code --profile=W:a+b/method:N[:inflight]} runs batches of 100 of each contender in
 * turn inside {@code bench.ProfileBatch} JFR events; both with {@code inflight} operations at a time, each on a slot
 * of its own, both dropping the run's namespace; a bad spec is rejected before anything connects, naming the valid
 * values. On each database of {@code benchmarks/run.sh --db=...} (the harness has no H2 database); a database that is
 * not reachable is skipped loudly, or failed under {@code -Dtortoise.test.require-<db>=true}.
 */
class ProfileModeTest {
    /** Fails the test if a rejected spec reaches the database. */
    private static final Supplier<BenchDb> NO_DB = () -> {
        throw new AssertionError("connected for a spec that should have been rejected");
    };

    // ---- specs rejected before anything connects (no database) ----

    private static void rejects(String spec, String message) {
        assertThatThrownBy(() -> BenchmarkMain.profile(spec, NO_DB, Sizes.SMOKE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void unknownWorkloadIsRejectedNamingTheWorkloads() {
        rejects("Z:tortoise:1", "--profile=Z:tortoise:1: unknown workload 'Z': one of A, B, C, D, E, F, G, H, I, J, K, "
                + "L, P1, P2, S, AG, ST");
    }

    @Test
    void unknownContenderIsRejectedNamingTheContenders() {
        rejects("F:orm:1", "--profile=F:orm:1: unknown contender 'orm': raw, spring-data, spring-client or tortoise");
        rejects("C:tortoise+jdbc/values:1", "--profile=C:tortoise+jdbc/values:1: unknown contender 'jdbc': raw, "
                + "spring-data, spring-client or tortoise");
        rejects("C:raw/:1", "--profile=C:raw/:1: 'raw/' is not contender or contender/method");
        rejects("F:tortoise+tortoise:1", "--profile=F:tortoise+tortoise:1: a contender is named twice in "
                + "'tortoise+tortoise'");
    }

    @Test
    void missingPartsAreRejectedWithTheForm() {
        String form = "expected W:contender:seconds[:inflight] or W:contender+contender/method:seconds[:inflight]";
        rejects("F:tortoise", "--profile=F:tortoise: " + form);
        rejects("F", "--profile=F: " + form);
        rejects("F:tortoise:1:2:3", "--profile=F:tortoise:1:2:3: " + form);
    }

    @Test
    void secondsAndInflightMustBeWholeNumbersAboveZero() {
        String form = " (W:contender:seconds[:inflight] or W:contender+contender/method:seconds[:inflight])";
        rejects("F:tortoise:ten", "--profile=F:tortoise:ten: seconds must be a whole number above 0, got 'ten'" + form);
        rejects("F:tortoise:", "--profile=F:tortoise:: seconds must be a whole number above 0, got ''" + form);
        rejects("F:tortoise:0", "--profile=F:tortoise:0: seconds must be a whole number above 0, got '0'" + form);
        rejects("F:tortoise:1:x", "--profile=F:tortoise:1:x: inflight must be a whole number above 0, got 'x'" + form);
        rejects("F:tortoise+raw:1:0", "--profile=F:tortoise+raw:1:0: inflight must be a whole number above 0, got '0'"
                + form);
        rejects("F:tortoise:1:-2", "--profile=F:tortoise:1:-2: inflight must be a whole number above 0, got '-2'"
                + form);
    }

    @Test
    void specsParseToTheWorkloadContendersSecondsAndInflight() {
        BenchmarkMain.ProfileSpec one = BenchmarkMain.ProfileSpec.parse("f:spring-client:25");
        assertThat(one.workload().id()).isEqualTo("F");
        assertThat(one.contenders()).containsExactly("spring-client");
        assertThat(one.seconds()).isEqualTo(25);
        assertThat(one.inflight()).isEqualTo(1);
        assertThat(one.alternating()).isFalse();

        BenchmarkMain.ProfileSpec two = BenchmarkMain.ProfileSpec.parse("C:tortoise+raw/unnest:100:8");
        assertThat(two.workload().id()).isEqualTo("C");
        assertThat(two.workload().variant()).as("C's first variant").isEqualTo("1000 rows");
        assertThat(two.contenders()).containsExactly("tortoise", "raw/unnest");
        assertThat(two.seconds()).isEqualTo(100);
        assertThat(two.inflight()).isEqualTo(8);
        assertThat(two.alternating()).isTrue();
        assertThat(BenchmarkMain.ProfileSpec.parse("C:raw/copy:1").alternating()).as("a raw method alone").isTrue();
    }

    /**
     * The slots the loops hand out, with operation 0 of each batch held 30 ms so that later operations overtake
     * it: with slots taken as {@code i % inflight}, operation {@code inflight} would then share operation 0's slot.
     */
    @Test
    void slottedRunsEveryOperationOnceOnASlotNoRunningOperationHolds() {
        Observer observer = new Observer(true);
        Workload.Impl counting = observer.apply("x", (seq, slot) -> Mono.delay(Duration.ofMillis(1)));
        Runner.slotted(counting, 200, 4).block(Duration.ofSeconds(30));
        Observer.Stats s = observer.stats("x");
        assertThat(s.ops.get()).isEqualTo(200);
        assertThat(s.seqs).hasSize(200);
        assertThat(s.maxActive.get()).isEqualTo(4);
        assertThat(s.slotsSeen).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(s.collisions.get()).as("operations started on a slot another running operation held").isZero();
    }

    /** An operation that waits 0.1 ms (so that operations overlap), counting its batches' preparations. */
    static final class Idle implements Workload.Impl {
        final List<String> prepared = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void prepare(int ops, int slots) {
            prepared.add(ops + "x" + slots);
        }

        @Override
        public Mono<?> op(int seq, int slot) {
            return Mono.delay(Duration.ofNanos(100_000)).thenReturn(seq);
        }
    }

    @Test
    void loopRunsWholeBatchesOf1000PreparedOneByOneUntilTheSecondsHavePassed() {
        Idle idle = new Idle();
        Observer observer = new Observer(true);
        List<String> out = new ArrayList<>();
        long t0 = System.nanoTime();
        BenchmarkMain.loop("X idle", observer.apply("idle", idle), 1, 4, out::add);
        long elapsed = System.nanoTime() - t0;

        Observer.Stats s = observer.stats("idle");
        int batches = idle.prepared.size();
        assertThat(batches).isGreaterThan(1);
        assertThat(idle.prepared).containsOnly("1000x4");
        assertThat(s.ops.get()).isEqualTo(1000 * batches);
        assertThat(s.seqs).hasSize(1000);
        assertThat(s.maxActive.get()).isEqualTo(4);
        assertThat(s.slotsSeen).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(s.collisions.get()).as("operations started on a slot another running operation held").isZero();
        assertThat(elapsed).as("ran for the seconds given").isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).matches("X idle: \\d+\\.\\d ops/s, " + 1000 * batches + " ops");
    }

    @Test
    void alternatingLoopRunsTheContendersInTurnAndLeavesTheFirst3RoundsOutOfItsFigures() throws Exception {
        Map<String, Idle> idle = new java.util.LinkedHashMap<>();
        Map<String, Workload.Impl> impls = new java.util.LinkedHashMap<>();
        Observer observer = new Observer(false);
        for (String name : List.of("b", "raw/unnest", "a")) {
            idle.put(name, new Idle());
            impls.put(name, observer.apply(name, idle.get(name)));
        }
        List<String> out = new ArrayList<>();
        List<RecordedEvent> events = recording(() -> BenchmarkMain.alternatingLoop("X", impls, 2, 3, out::add));

        int rounds = events.size() / 3;
        assertThat(rounds).as("rounds in 2 s").isGreaterThan(BenchmarkMain.WARMUP_ROUNDS);
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            expected.addAll(List.of("b", "raw/unnest", "a"));
        }
        assertThat(events).extracting(e -> e.getString("contender")).containsExactlyElementsOf(expected);
        assertThat(events).allSatisfy(e -> assertThat(e.getInt("ops")).isEqualTo(100));
        for (String name : impls.keySet()) {
            assertThat(idle.get(name).prepared).hasSize(rounds).containsOnly("100x3");
            assertThat(observer.stats(name).ops.get()).isEqualTo(100 * rounds);
            assertThat(observer.stats(name).maxActive.get()).isEqualTo(3);
            assertThat(observer.stats(name).collisions.get()).isZero();
        }
        assertThat(out).hasSize(4);
        assertThat(out.subList(1, 4)).satisfiesExactly(
                l -> assertThat(l).matches("X b: " + 100 * (rounds - 3) + " ops, process CPU \\d+ us/op"),
                l -> assertThat(l).matches("X raw/unnest: " + 100 * (rounds - 3) + " ops, process CPU \\d+ us/op"),
                l -> assertThat(l).matches("X a: " + 100 * (rounds - 3) + " ops, process CPU \\d+ us/op"));
    }

    // ---- the loops, on each database ----

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"postgres", "mariadb"})
    void profileRunsWholeBatchesOf1000OfOneContenderAtTheInflightAndDropsItsNamespace(String database) {
        Db db = Db.of(database);
        Observer observer = new Observer(true);
        List<String> out = new ArrayList<>();
        AtomicReference<BenchDb> bench = new AtomicReference<>();
        BenchmarkMain.ProfileSpec spec = BenchmarkMain.ProfileSpec.parse("F:tortoise:1:4");
        BenchmarkMain.profile(spec, db.connect(bench), Sizes.SMOKE, out::add, observer);
        out.forEach(System.out::println);

        Observer.Stats s = observer.stats("tortoise");
        assertThat(observer.names()).containsExactly("tortoise");
        long ops = s.ops.get();
        assertThat(ops).as("operations run").isPositive();
        assertThat(ops % 1000).as("whole batches of 1000").isZero();
        assertThat(s.maxActive.get()).as("operations in flight at most").isEqualTo(4);
        assertThat(s.slotsSeen).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(s.collisions.get()).as("operations started on a slot another running operation held").isZero();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).matches("loop from \\d{13} ms \\(epoch\\)");
        assertThat(out.get(1)).matches("F tortoise: \\d+\\.\\d ops/s, " + ops + " ops");
        // one get, one statement, all on tortoise's pool: no other contender ran
        assertThat(statements(bench.get())).containsExactly(Map.entry(Contender.RAW, 0L),
                Map.entry(Contender.SPRING, 0L), Map.entry(Contender.SPRING_CLIENT, 0L),
                Map.entry(Contender.TORTOISE, ops));
        assertThat(db.namespaceExists(bench.get().scratch())).as("namespace left behind").isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"postgres", "mariadb"})
    void profileAlternatingRunsBatchesOf100InTurnEachInAJfrEventNamingItsContender(String database) throws Exception {
        Db db = Db.of(database);
        Observer observer = new Observer(true);
        List<String> out = new ArrayList<>();
        AtomicReference<BenchDb> bench = new AtomicReference<>();
        BenchmarkMain.ProfileSpec spec = BenchmarkMain.ProfileSpec.parse("F:spring-data+tortoise+raw:2:2");
        List<RecordedEvent> events = recording(() -> BenchmarkMain.profileAlternating(spec, db.connect(bench),
                Sizes.SMOKE, out::add, observer));
        out.forEach(System.out::println);

        List<String> order = List.of("spring-data", "tortoise", "raw");
        assertThat(events).isNotEmpty();
        assertThat(events.size() % 3).as("whole rounds").isZero();
        int rounds = events.size() / 3;
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            expected.addAll(order);
        }
        assertThat(events).extracting(e -> e.getString("contender")).as("batches in turn, in the order named")
                .containsExactlyElementsOf(expected);
        assertThat(events).allSatisfy(e -> assertThat(e.getInt("ops")).isEqualTo(100));
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getStartTime()).as("batch %d starts after batch %d ends", i, i - 1)
                    .isAfterOrEqualTo(events.get(i - 1).getEndTime());
        }
        assertThat(observer.names()).containsExactlyElementsOf(order);
        for (String name : order) {
            Observer.Stats s = observer.stats(name);
            assertThat(s.ops.get()).as(name + " operations").isEqualTo(100L * rounds);
            assertThat(s.maxActive.get()).as(name + " in flight at most").isEqualTo(2);
            assertThat(s.collisions.get()).as(name + ": slot held twice").isZero();
        }
        assertThat(out).hasSize(4);
        assertThat(out.get(0)).matches("loop from \\d{13} ms \\(epoch\\)");
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(i + 1)).matches(rounds > BenchmarkMain.WARMUP_ROUNDS
                    ? "F " + order.get(i) + ": " + 100 * (rounds - 3) + " ops, process CPU \\d+ us/op"
                    : "F " + order.get(i) + ": " + 100 * rounds + " ops, all in the first 3 rounds \\(JIT warm-up\\): "
                    + "no CPU figure");
        }
        assertThat(statements(bench.get())).containsExactly(Map.entry(Contender.RAW, 100L * rounds),
                Map.entry(Contender.SPRING, 100L * rounds), Map.entry(Contender.SPRING_CLIENT, 0L),
                Map.entry(Contender.TORTOISE, 100L * rounds));
        assertThat(db.namespaceExists(bench.get().scratch())).as("namespace left behind").isFalse();
    }

    @Test
    void profileAlternatingRunsTheNamedRawMethod() throws Exception {
        Db db = Db.of("postgres");
        Observer observer = new Observer(false);
        List<String> out = new ArrayList<>();
        AtomicReference<BenchDb> bench = new AtomicReference<>();
        BenchmarkMain.ProfileSpec spec = BenchmarkMain.ProfileSpec.parse("C:raw/unnest+tortoise:1");
        List<RecordedEvent> events = recording(() -> BenchmarkMain.profileAlternating(spec, db.connect(bench),
                Sizes.SMOKE, out::add, observer));
        out.forEach(System.out::println);

        assertThat(events).isNotEmpty();
        assertThat(events).extracting(e -> e.getString("contender")).containsOnly("raw/unnest", "tortoise");
        assertThat(events.get(0).getString("contender")).isEqualTo("raw/unnest");
        int rounds = events.size() / 2;
        assertThat(observer.stats("raw/unnest").ops.get()).isEqualTo(100L * rounds);
        assertThat(out.get(1)).startsWith("C raw/unnest: ");
        // the bulk insert is one statement per operation
        assertThat(bench.get().statements(Contender.RAW)).isEqualTo(100L * rounds);
        assertThat(db.namespaceExists(bench.get().scratch())).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"postgres", "mariadb"})
    void aMethodOrRowTheWorkloadLacksIsRejectedNamingWhatItHasAndTheNamespaceIsDropped(String database) {
        Db db = Db.of(database);
        AtomicReference<BenchDb> bench = new AtomicReference<>();
        String methods = database.equals("postgres") ? "values, unnest, copy" : "values";
        assertThatThrownBy(() -> BenchmarkMain.profile("C:tortoise+raw/nope:1", db.connect(bench), Sizes.SMOKE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--profile=C:tortoise+raw/nope:1: raw has no method 'nope' on C: one of " + methods);
        assertThat(db.namespaceExists(bench.get().scratch())).isFalse();

        assertThatThrownBy(() -> BenchmarkMain.profile("F:raw/values:1", db.connect(bench), Sizes.SMOKE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--profile=F:raw/values:1: raw has no method 'values' on F: it has one, named 'raw' alone");
        assertThat(db.namespaceExists(bench.get().scratch())).isFalse();

        assertThatThrownBy(() -> BenchmarkMain.profile("F:spring-client:1", db.connect(bench), Sizes.SMOKE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--profile=F:spring-client:1: spring-client has no row on F");
        assertThat(db.namespaceExists(bench.get().scratch())).isFalse();
    }

    // ---- helpers ----

    private static Map<Contender, Long> statements(BenchDb bench) {
        Map<Contender, Long> out = new java.util.EnumMap<>(Contender.class);
        for (Contender c : Contender.values()) {
            out.put(c, bench.statements(c));
        }
        return out;
    }

    /** The {@code bench.ProfileBatch} events recorded while {@code run} ran, by start time. */
    private static List<RecordedEvent> recording(Runnable run) throws Exception {
        Path file = Files.createTempFile("profile-batches", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("bench.ProfileBatch");
            r.start();
            run.run();
            r.stop();
            r.dump(file);
            List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("bench.ProfileBatch")).toList());
            events.sort(Comparator.comparing(RecordedEvent::getStartTime));
            return events;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A database of the suite, reachable or the test skipped (failed when required). */
    record Db(String name, String url) {
        static Db of(String name) {
            BenchDatabase bench = BenchDatabase.named(name);
            String url = name.equals("postgres") ? "r2dbc:postgresql://postgres@" + BenchmarkSmokeTest.PG_HOST
                    + ":5432/test" : "r2dbc:mariadb://root@" + BenchmarkSmokeTest.MARIADB_HOST + ":3306";
            if (!BenchDb.reachable(url)) {
                System.err.println("\n!!!!!!!!!! " + bench.title() + " at " + url + " is NOT reachable: the profile "
                        + "mode test is SKIPPED for it.\n");
                if (Boolean.getBoolean("tortoise.test.require-" + name)) {
                    Assertions.fail(bench.title() + " at " + url + " is required (-Dtortoise.test.require-" + name
                            + "=true)");
                }
                Assumptions.abort(bench.title() + " at " + url + " is not reachable");
            }
            return new Db(name, url);
        }

        /** Connects as {@code benchmarks/run.sh} does (pool of 4), keeping the connection for the test. */
        Supplier<BenchDb> connect(AtomicReference<BenchDb> into) {
            return () -> {
                BenchDb b = new BenchDb(BenchDatabase.named(name), url, 4, false);
                into.set(b);
                return b;
            };
        }

        /** Whether the schema (PostgreSQL) or database (MariaDB) still exists. */
        boolean namespaceExists(String scratch) {
            Long n = Mono.usingWhen(Mono.from(ConnectionFactories.get(url).create()),
                    c -> Flux.from(c.createStatement("SELECT COUNT(*) FROM information_schema.schemata WHERE "
                            + "schema_name = '" + scratch + "'").execute())
                            .concatMap(r -> r.map((row, md) -> ((Number) row.get(0)).longValue())).next(),
                    Connection::close).block(Duration.ofSeconds(30));
            return n != null && n > 0;
        }
    }

    /**
     * Wraps each contender's implementation: counts its operations, the most running at once, and operations
     * started on a slot a running operation held; with {@code holdFirst}, operation 0 of each batch waits 30 ms
     * first, so that the batch's later operations overtake it.
     */
    static final class Observer implements BiFunction<String, Workload.Impl, Workload.Impl> {
        static final class Stats {
            final AtomicInteger ops = new AtomicInteger();
            final AtomicInteger active = new AtomicInteger();
            final AtomicInteger maxActive = new AtomicInteger();
            final AtomicInteger collisions = new AtomicInteger();
            final Map<Integer, AtomicInteger> holders = new ConcurrentHashMap<>();
            final java.util.Set<Integer> slotsSeen = ConcurrentHashMap.newKeySet();
            final java.util.Set<Integer> seqs = ConcurrentHashMap.newKeySet();
        }

        private final boolean holdFirst;
        private final Map<String, Stats> stats = Collections.synchronizedMap(new java.util.LinkedHashMap<>());

        Observer(boolean holdFirst) {
            this.holdFirst = holdFirst;
        }

        Stats stats(String name) {
            return stats.get(name);
        }

        List<String> names() {
            synchronized (stats) {
                return List.copyOf(stats.keySet());
            }
        }

        @Override
        public Workload.Impl apply(String name, Workload.Impl impl) {
            Stats s = new Stats();
            stats.put(name, s);
            return new Workload.Impl() {
                @Override
                public void prepare(int ops, int slots) {
                    impl.prepare(ops, slots);
                }

                @Override
                public Mono<?> op(int seq, int slot) {
                    return Mono.defer(() -> {
                        s.ops.incrementAndGet();
                        s.seqs.add(seq);
                        s.slotsSeen.add(slot);
                        s.maxActive.accumulateAndGet(s.active.incrementAndGet(), Math::max);
                        if (s.holders.computeIfAbsent(slot, k -> new AtomicInteger()).incrementAndGet() > 1) {
                            s.collisions.incrementAndGet();
                        }
                        Mono<?> op = holdFirst && seq == 0 ? Mono.delay(Duration.ofMillis(30))
                                .then(Mono.defer(() -> impl.op(seq, slot)))
                                : impl.op(seq, slot);
                        // released before the end signal travels on (doFinally would run after flatMap has
                        // started the next operation)
                        Runnable release = () -> {
                            s.holders.get(slot).decrementAndGet();
                            s.active.decrementAndGet();
                        };
                        return op.doOnTerminate(release).doOnCancel(release);
                    });
                }

                @Override
                public Object canonical(Object result) {
                    return impl.canonical(result);
                }
            };
        }
    }
}
