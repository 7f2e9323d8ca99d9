package dev.tortoise.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs workloads: first every contender once from the same starting state, their canonical
 * results (and, for writes, the table state) compared with raw's; then, for each concurrency,
 * each contender in turn: reset, warm-up batches, then measured batches of operations with a
 * fixed number in flight. Preparation (loading the rows an update needs, refilling rows to
 * delete) and, before a measured batch, a full garbage collection happen outside the timed region.
 */
public final class Runner {
    /**
     * How long and how often to measure.
     *
     * @param name quick, full or smoke
     * @param warmupMs warm-up time per contender and concurrency
     * @param iterationMs target duration of one measured batch
     * @param iterations measured rounds (one batch per candidate each)
     * @param heavyIterations measured rounds of heavy workloads (one operation takes 10 ms or more; their
     *                        batches are not grown during warm-up)
     * @param budgetMs measured rounds stop once they took this long (at least 2 rounds run)
     * @param inflights the concurrencies
     * @param timed whether to time at all (smoke: one batch of each concurrency, figures not meaningful)
     * @param warmupOps before a workload that is not heavy is measured at all, every contender runs at least this
     *                  many operations on it (or SQL statements, where its operations make several), at the highest
     *                  concurrency it is measured at; 0: no such priming
     */
    public record Settings(String name, long warmupMs, long iterationMs, int iterations, int heavyIterations,
                           long budgetMs, int[] inflights, boolean timed, int warmupOps) {
        public static final Settings QUICK = new Settings("quick", 300, 80, 5, 3, 1500, new int[] {1, 8}, true,
                WARMUP_OPS);
        public static final Settings FULL = new Settings("full", 1000, 300, 15, 8, 10_000, new int[] {1, 8}, true,
                WARMUP_OPS);
        public static final Settings SMOKE = new Settings("smoke", 0, 0, 1, 1, 0, new int[] {1, 8}, false, 0);

        /** Settings without the priming by operation count. */
        public Settings(String name, long warmupMs, long iterationMs, int iterations, int heavyIterations,
                        long budgetMs, int[] inflights, boolean timed) {
            this(name, warmupMs, iterationMs, iterations, heavyIterations, budgetMs, inflights, timed, 0);
        }

        boolean quick() {
            return name.equals("quick");
        }
    }

    /**
     * Operations (or statements) every contender runs on a workload before it is measured: code that one
     * contender alone runs once per operation (L's update, AG's grouping, H's tuples) is otherwise measured
     * interpreted or in C1 on slow workloads, where the time-based warm-up makes a few hundred operations. With
     * {@code -XX:CompileThresholdScaling=0.1} (benchmarks/run.sh) HotSpot's tier-4 (C2) invocation threshold is
     * 5,000 × 0.1 = 500, so a method called once per operation passes it within the priming (while the C2
     * queue is short; a long one raises the thresholds, which the time-based warm-up's stretch then waits out).
     * 1,000 operations at 0.2 cost ~110 s more per full run at ordinary load (C 1,000 rows and D wide ~25-30 s
     * each), 500 at 0.1 about half that, which the shorter time-based warm-up pays for.
     */
    public static final int WARMUP_OPS = 500;
    /** A contender still short of {@link Settings#warmupOps} after this long is measured anyway (logged). */
    private static final long PRIMING_LIMIT_NANOS = 60_000_000_000L;

    private static final int MAX_BATCH = 200_000;
    /**
     * Warm-up goes on past its nominal length while the JIT compiler threads take more than this share of a
     * warm-up round's CPU: code that is still interpreted or C1-compiled costs several times its steady-state CPU.
     */
    private static final double JIT_SETTLED = 0.10;
    /** ... but for at most this many times the nominal warm-up. */
    private static final int WARMUP_STRETCH = 3;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Ctx ctx;
    private final Settings settings;
    private final Consumer<String> log;
    private final CpuClock cpu = new CpuClock();

    /** How CPU time was read in this run, with its cross-check (for the report's environment table). */
    public String cpuClock() {
        return cpu.describe();
    }

    public Runner(Ctx ctx, Settings settings, Consumer<String> log) {
        this.ctx = ctx;
        this.settings = settings;
        this.log = log;
    }

    /**
     * What a run produced.
     *
     * @param measurements every contender's figures on every workload variant and concurrency
     * @param checks the fairness checks made before timing
     * @param notes how the contenders do each workload, by workload letter (only where there is something to say)
     */
    public record Results(List<Measurement> measurements, List<Fairness.Check> checks, Map<String, String> notes) {
    }

    public Results run(List<Workload> workloads) {
        List<Measurement> out = new ArrayList<>();
        List<Fairness.Check> checks = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        try {
            for (Workload w : workloads) {
                out.addAll(run(w, checks));
                String n = w.notes(ctx.sql());
                if (!n.isEmpty()) {
                    notes.putIfAbsent(w.id(), n);
                }
            }
        } finally {
            cpu.close();
        }
        log.accept("CPU time: " + cpu.describe());
        return new Results(out, checks, notes);
    }

    private record Candidate(Contender contender, String method, Workload.Impl impl) {
    }

    List<Measurement> run(Workload w, List<Fairness.Check> checks) {
        long start = System.nanoTime();
        List<Measurement> out = new ArrayList<>();
        w.setup(ctx);
        List<Candidate> ok = new ArrayList<>();
        Object expected = null;
        String expectedFrom = null;
        for (Contender c : Contender.values()) {
            Map<String, Workload.Impl> impls;
            try {
                impls = w.impls(c, ctx);
            } catch (Workload.NotAvailable e) {
                for (int k : settings.inflights()) {
                    out.add(Measurement.notRun(w, c, "", k, Measurement.Status.NOT_AVAILABLE, e.getMessage()));
                }
                continue;
            }
            for (Map.Entry<String, Workload.Impl> e : impls.entrySet()) {
                String failure;
                Measurement.Status status = Measurement.Status.FAILED;
                try {
                    Object result = check(w, e.getValue());
                    if (expectedFrom == null) {
                        expected = result;
                        expectedFrom = c.label() + (e.getKey().isEmpty() ? "" : " (" + e.getKey() + ")");
                        failure = null;
                    } else {
                        failure = Objects.equals(expected, result) ? null : "result differs from " + expectedFrom
                                + "'s: " + abbreviate(result) + " vs " + abbreviate(expected);
                    }
                } catch (Workload.NotAvailable ex) {
                    failure = ex.getMessage();
                    status = Measurement.Status.NOT_AVAILABLE;
                } catch (RuntimeException ex) {
                    failure = ex.toString();
                }
                if (failure != null) {
                    log.accept(String.format("  %-3s %-11s %-12s %s: %s", w.id(), w.variant(), c.label(), status,
                            failure));
                    for (int k : settings.inflights()) {
                        out.add(Measurement.notRun(w, c, e.getKey(), k, status, failure));
                    }
                } else {
                    ok.add(new Candidate(c, e.getKey(), e.getValue()));
                }
            }
        }
        checks.addAll(fairness(w));
        Map<Candidate, Long> warmedOps = new java.util.HashMap<>();
        boolean first = true;
        for (int k : settings.inflights()) {
            List<Measurement> measured = measure(w, ok, k, warmedOps, first);
            first = false;
            for (Measurement m : measured) {
                out.add(m);
                double cpuVsRaw = Report.cpuRatio(m, Report.leastCpu(measured, m, Contender.RAW));
                log.accept(String.format("  %-3s %-11s %-28s %-7s inflight=%d %10.1f ops/s ±%4.1f%% %9.1f us CPU/op "
                                + "(%5.2fx raw) %8.0f B/row %6.2f stmt/op %5.0f ms JIT %6d warm-up ops%s",
                        w.id(), w.variant(), m.contender().label(), m.method(), k, m.opsPerS(), m.errorPct(),
                        m.cpuUsPerOp(), cpuVsRaw, m.bytesPerRow(), m.statementsPerOp(), m.jitMs(), m.warmupOps(),
                        m.note().isEmpty() ? "" : " " + m.note()));
            }
        }
        log.accept(String.format("%s %s done in %.1f s", w.id(), w.variant(), (System.nanoTime() - start) / 1e9));
        return out;
    }

    /** The workload's fairness checks, each failure shouted in the log; a check that throws is a failure. */
    private List<Fairness.Check> fairness(Workload w) {
        List<Fairness.Check> checks;
        try {
            checks = w.fairness(ctx);
        } catch (RuntimeException e) {
            checks = List.of(new Fairness.Check(w.id(), "fairness check", false, "could not be made: " + e));
        }
        for (Fairness.Check c : checks) {
            if (c.ok()) {
                log.accept("  " + w.id() + " fairness, " + c.what() + ": same for every contender: " + c.detail());
            } else {
                log.accept("\n!!!!!!!!!! FAIRNESS CHECK FAILED on " + w.id() + " (" + c.what() + "): " + c.detail()
                        + "\n!!!!!!!!!! " + w.id() + " is measured anyway, but its figures do not compare like with "
                        + "like; the report flags them.\n");
            }
        }
        return checks;
    }

    /** Runs one operation from the reset state; returns its canonical result plus the written state. */
    private Object check(Workload w, Workload.Impl impl) {
        w.reset(ctx);
        impl.prepare(1, 1);
        Object result = impl.op(0, 0).block(BenchDb.TIMEOUT);
        Object canonical = impl.canonical(result);
        String stateQuery = w.stateQuery(ctx.sql());
        if (stateQuery != null) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("result", canonical);
            both.put("state", Canon.value(ctx.db.query(stateQuery)));
            return both;
        }
        return canonical;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Per-candidate state while a concurrency level is measured. */
    private static final class Track {
        final Candidate cand;
        int batch;
        double rate;
        String failure;
        final List<Double> rates = new ArrayList<>();
        long ops;
        long bytes;
        long cpuNanos;
        long jitNanos;
        boolean jitKnown = true;
        long statements;
        /** Operations run on the workload before this concurrency's first measured batch; -1 until then. */
        long warmupOps = -1;

        Track(Candidate cand, int inflight) {
            this.cand = cand;
            this.batch = inflight;
        }
    }

    /**
     * Measures every candidate at one concurrency, interleaved: warm-up rounds, then measured
     * rounds in which each candidate runs one batch (the order rotating every round), so load from
     * elsewhere on the machine falls on every contender alike.
     */
    private List<Measurement> measure(Workload w, List<Candidate> cands, int inflight, Map<Candidate, Long> warmedOps,
                                      boolean prime) {
        List<Track> tracks = new ArrayList<>();
        List<Measurement> out = new ArrayList<>();
        for (Candidate c : cands) {
            if (settings.quick() && w.skipInQuick(c.contender(), inflight)) {
                out.add(Measurement.notRun(w, c.contender(), c.method(), inflight, Measurement.Status.SKIPPED,
                        "skipped in quick mode (one batch takes tens of seconds); run --mode=full"));
            } else {
                tracks.add(new Track(c, inflight));
            }
        }
        w.reset(ctx);
        if (prime && settings.timed() && settings.warmupOps() > 0 && !w.heavy()) {
            prime(w, tracks, warmedOps);
        }
        if (settings.timed()) {
            long warmed = 0;
            long minimum = settings.warmupMs() * 1_000_000L * tracks.size();
            double jitShare;
            do {
                long roundStart = System.nanoTime();
                long roundCpu = 0;
                long roundJit = 0;
                for (Track t : tracks) {
                    if (t.failure != null) {
                        continue;
                    }
                    try {
                        BatchResult r = batch(t.cand.impl(), t.batch, inflight, false);
                        warmedOps.merge(t.cand, (long) t.batch, Long::sum);
                        long nanos = r.nanos;
                        roundCpu += r.cpuNanos;
                        roundJit += Math.max(0, r.jitNanos);
                        t.rate = t.batch / (nanos / 1e9);
                        if (!w.heavy() && nanos < settings.iterationMs() * 500_000L) {
                            t.batch = Math.min(t.batch * 2, MAX_BATCH);
                        }
                    } catch (RuntimeException e) {
                        t.failure = e.toString();
                    }
                }
                warmed += System.nanoTime() - roundStart;
                jitShare = roundJit / (double) Math.max(1, roundCpu + roundJit);
            } while (warmed < minimum || (jitShare > JIT_SETTLED && warmed < WARMUP_STRETCH * minimum));
            log.accept(String.format("  %-3s %-11s inflight=%d warm-up %.1f s, JIT compilers %.0f%% of the last "
                    + "warm-up round's CPU%s", w.id(), w.variant(), inflight, warmed / 1e9, 100 * jitShare,
                    jitShare > JIT_SETTLED ? " (still compiling: measured anyway)" : ""));
        }
        for (Track t : tracks) {
            int n = settings.timed() ? (int) Math.min(MAX_BATCH, Math.max(inflight,
                    Math.round(t.rate * settings.iterationMs() / 1000.0))) : inflight;
            t.batch = (n + inflight - 1) / inflight * inflight;
        }
        int rounds = w.heavy() ? settings.heavyIterations() : settings.iterations();
        long measureStart = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            if (round >= 2 && System.nanoTime() - measureStart > settings.budgetMs() * 1_000_000L) {
                break;
            }
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get((i + round) % tracks.size());
                if (t.failure != null) {
                    continue;
                }
                try {
                    BatchResult r = batch(t.cand.impl(), t.batch, inflight, settings.timed());
                    t.rates.add(t.batch / (r.nanos / 1e9));
                    t.ops += t.batch;
                    t.bytes += r.bytes;
                    t.cpuNanos += r.cpuNanos;
                    t.jitNanos += Math.max(0, r.jitNanos);
                    t.jitKnown &= r.jitNanos >= 0;
                    t.statements += r.statements(t.cand.contender());
                    if (t.warmupOps < 0) {
                        t.warmupOps = warmedOps.getOrDefault(t.cand, 0L);
                    }
                } catch (RuntimeException e) {
                    t.failure = e.toString();
                }
            }
        }
        for (Track t : tracks) {
            Contender c = t.cand.contender();
            if (t.failure != null) {
                log.accept("  " + w.id() + " " + c.label() + " failed: " + t.failure);
                out.add(Measurement.notRun(w, c, t.cand.method(), inflight, Measurement.Status.FAILED, t.failure));
                continue;
            }
            List<Double> sorted = new ArrayList<>(t.rates);
            sorted.sort(null);
            int m = sorted.size();
            double median = m % 2 == 1 ? sorted.get(m / 2) : (sorted.get(m / 2 - 1) + sorted.get(m / 2)) / 2;
            double mean = 0;
            for (double r : sorted) {
                mean += r / m;
            }
            double var = 0;
            for (double r : sorted) {
                var += (r - mean) * (r - mean) / Math.max(1, m - 1);
            }
            out.add(new Measurement(w.id(), w.variant(), w.title(), c, t.cand.method(), inflight,
                    Measurement.Status.OK, "", median, 100 * Math.sqrt(var) / mean,
                    (double) t.bytes / t.ops / w.rowsPerOp(ctx.sizes), t.cpuNanos / 1e3 / t.ops,
                    t.jitKnown ? t.jitNanos / 1e6 : Double.NaN,
                    (double) t.statements / t.ops, t.ops, Math.max(0, t.warmupOps),
                    List.copyOf(t.rates)));
        }
        return out;
    }

    /**
     * Primes a workload before its first concurrency is warmed up and measured: rounds in which every contender
     * runs one batch (the order rotating), at the highest concurrency it is measured at, until each has run
     * {@link Settings#warmupOps} operations, or as many SQL statements where its operations make several (the
     * per-statement code is what runs once per statement). Batches grow as in warm-up but not past what a
     * contender still lacks. The time-based warm-up follows unchanged, so compilations the priming triggered are
     * waited out by its JIT rule.
     */
    private void prime(Workload w, List<Track> tracks, Map<Candidate, Long> warmedOps) {
        int top = 0;
        for (int k : settings.inflights()) {
            top = Math.max(top, k);
        }
        long start = System.nanoTime();
        Map<Track, Integer> inflightOf = new LinkedHashMap<>();
        Map<Track, Integer> batchOf = new LinkedHashMap<>();
        Map<Track, Long> units = new LinkedHashMap<>();
        Map<Track, Long> spent = new LinkedHashMap<>();
        for (Track t : tracks) {
            int k = 0;
            for (int c : settings.inflights()) {
                if (c > k && !(settings.quick() && w.skipInQuick(t.cand.contender(), c))) {
                    k = c;
                }
            }
            inflightOf.put(t, Math.max(1, Math.min(k == 0 ? top : k, top)));
            batchOf.put(t, inflightOf.get(t));
            units.put(t, 0L);
            spent.put(t, 0L);
        }
        for (int round = 0; ; round++) {
            boolean any = false;
            for (int i = 0; i < tracks.size(); i++) {
                Track t = tracks.get((i + round) % tracks.size());
                long lacking = settings.warmupOps() - units.get(t);
                if (t.failure != null || lacking <= 0 || spent.get(t) > PRIMING_LIMIT_NANOS) {
                    continue;
                }
                any = true;
                int k = inflightOf.get(t);
                long done = warmedOps.getOrDefault(t.cand, 0L);
                // units per operation as seen so far (P1 and P2 make 2 statements per operation)
                long ops = done == 0 ? lacking : (long) Math.ceil(lacking / Math.max(1.0, units.get(t) / (double) done));
                int n = (int) Math.min(batchOf.get(t), (ops + k - 1) / k * k);
                try {
                    BatchResult r = batch(t.cand.impl(), n, k, false);
                    warmedOps.merge(t.cand, (long) n, Long::sum);
                    units.merge(t, Math.max(n, r.statements(t.cand.contender())), Long::sum);
                    spent.merge(t, r.nanos, Long::sum);
                    if (r.nanos < settings.iterationMs() * 500_000L) {
                        batchOf.put(t, Math.min(batchOf.get(t) * 2, MAX_BATCH));
                    }
                } catch (RuntimeException e) {
                    t.failure = e.toString();
                }
            }
            if (!any) {
                break;
            }
        }
        StringBuilder line = new StringBuilder(String.format("  %-3s %-11s priming %.1f s:", w.id(), w.variant(),
                (System.nanoTime() - start) / 1e9));
        for (Track t : tracks) {
            line.append(String.format(" %s%s %d ops (%d units) at inflight=%d%s;", t.cand.contender().label(),
                    t.cand.method().isEmpty() ? "" : " " + t.cand.method(), warmedOps.getOrDefault(t.cand, 0L),
                    units.get(t), inflightOf.get(t), units.get(t) < settings.warmupOps() && t.failure == null
                            ? " STILL SHORT after " + PRIMING_LIMIT_NANOS / 1_000_000_000L + " s" : ""));
        }
        log.accept(line.toString());
    }

    private final class BatchResult {
        long nanos;
        long bytes;
        long cpuNanos;
        long jitNanos;
        final Map<Contender, Long> statementsBefore = new LinkedHashMap<>();
        final Map<Contender, Long> statementsAfter = new LinkedHashMap<>();

        long statements(Contender c) {
            return statementsAfter.get(c) - statementsBefore.get(c);
        }
    }

    /** Statements the contender's pool has created so far (0 without a database). */
    private long statements(Contender c) {
        return ctx.db == null ? 0 : ctx.db.statements(c);
    }

    /**
     * Runs operations 0..n-1 of {@code impl}, {@code inflight} at a time, each holding a slot (0..inflight-1) that
     * no other running operation holds, as {@link Workload.Impl#op} promises; no preparation. To be subscribed
     * once (the slots are made here, so that a timed run starts with them ready).
     */
    static Mono<Void> slotted(Workload.Impl impl, int n, int inflight) {
        // a free-slot queue, not i % inflight: operations finish out of order, and operation i + inflight may
        // start while operation i still runs
        ConcurrentLinkedQueue<Integer> slots = new ConcurrentLinkedQueue<>();
        for (int s = 0; s < inflight; s++) {
            slots.add(s);
        }
        return Flux.range(0, n).flatMap(i -> {
            Integer slot = slots.poll();
            if (slot == null) {
                return Mono.error(new IllegalStateException("no free slot"));
            }
            return Mono.defer(() -> impl.op(i, slot)).doOnTerminate(() -> slots.add(slot));
        }, inflight).then();
    }

    /**
     * Runs ops 0..n-1 with {@code inflight} at a time, each holding a distinct slot; only the run is timed.
     * {@code collectFirst}: a full collection before the batch (untimed), so that the batch starts with an empty
     * young generation and no contender's batch pays for collecting another's garbage and live data (on C, with
     * 10,000-row operations 8 in flight, one young collection copies ~200 MB and costs ~100 ms of CPU).
     */
    private BatchResult batch(Workload.Impl impl, int n, int inflight, boolean collectFirst) {
        impl.prepare(n, inflight);
        if (collectFirst) {
            System.gc();
        }
        Mono<Void> run = slotted(impl, n, inflight);
        BatchResult r = new BatchResult();
        for (Contender c : Contender.values()) {
            r.statementsBefore.put(c, statements(c));
        }
        long bytes0 = THREADS.getTotalThreadAllocatedBytes();
        CpuClock.Reading cpu0 = cpu.start();
        long t0 = System.nanoTime();
        run.block(BenchDb.TIMEOUT);
        r.nanos = System.nanoTime() - t0;
        CpuClock.Spent spent = cpu.stop(cpu0);
        r.cpuNanos = spent.cpu();
        r.jitNanos = spent.jit();
        r.bytes = THREADS.getTotalThreadAllocatedBytes() - bytes0;
        for (Contender c : Contender.values()) {
            r.statementsAfter.put(c, statements(c));
        }
        return r;
    }
}
