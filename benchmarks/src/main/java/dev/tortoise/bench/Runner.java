package dev.tortoise.bench;

import dev.tortoise.exception.BaseORMException;
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
 * delete) happens before each batch, outside the timed region.
 */
public final class Runner {
    /**
     * How long and how often to measure.
     *
     * @param name quick, full or smoke
     * @param warmupMs warm-up time per contender and concurrency
     * @param iterationMs target duration of one measured batch
     * @param iterations measured batches
     * @param inflights the concurrencies
     * @param timed whether to time at all (smoke: one batch of each concurrency, figures not meaningful)
     */
    public record Settings(String name, long warmupMs, long iterationMs, int iterations, int[] inflights,
                           boolean timed) {
        public static final Settings QUICK = new Settings("quick", 250, 200, 3, new int[] {1, 8}, true);
        public static final Settings FULL = new Settings("full", 2000, 1000, 5, new int[] {1, 8}, true);
        public static final Settings SMOKE = new Settings("smoke", 0, 0, 1, new int[] {1, 8}, false);
    }

    private static final int MAX_BATCH = 200_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Ctx ctx;
    private final Settings settings;
    private final Consumer<String> log;

    public Runner(Ctx ctx, Settings settings, Consumer<String> log) {
        this.ctx = ctx;
        this.settings = settings;
        this.log = log;
    }

    public List<Measurement> run(List<Workload> workloads) {
        List<Measurement> out = new ArrayList<>();
        for (Workload w : workloads) {
            out.addAll(run(w));
        }
        return out;
    }

    private record Candidate(Contender contender, String method, Workload.Impl impl) {
    }

    List<Measurement> run(Workload w) {
        long start = System.nanoTime();
        List<Measurement> out = new ArrayList<>();
        w.setup(ctx);
        List<Candidate> ok = new ArrayList<>();
        Object expected = null;
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
                    if (expected == null) {
                        expected = result;
                        failure = null;
                    } else {
                        failure = Objects.equals(expected, result) ? null
                                : "result differs from raw's: " + abbreviate(result) + " vs " + abbreviate(expected);
                    }
                } catch (Workload.NotAvailable | BaseORMException ex) {
                    failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                    if (c == Contender.TORTOISE) {
                        status = Measurement.Status.NOT_AVAILABLE;
                    }
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
        for (int k : settings.inflights()) {
            for (Candidate cand : ok) {
                Measurement m = measure(w, cand, k);
                out.add(m);
                log.accept(String.format("  %-3s %-11s %-12s %-7s inflight=%d %10.1f ops/s ±%4.1f%% %8.0f B/row %6.2f stmt/op",
                        w.id(), w.variant(), cand.contender().label(), cand.method(), k, m.opsPerS(), m.errorPct(),
                        m.bytesPerRow(), m.statementsPerOp()));
            }
        }
        log.accept(String.format("%s %s done in %.1f s", w.id(), w.variant(), (System.nanoTime() - start) / 1e9));
        return out;
    }

    /** Runs one operation from the reset state; returns its canonical result plus the written state. */
    private Object check(Workload w, Workload.Impl impl) {
        w.reset(ctx);
        impl.prepare(1, 1);
        Object result = impl.op(0, 0).block(BenchDb.TIMEOUT);
        Object canonical = impl.canonical(result);
        if (w.stateQuery() != null) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("result", canonical);
            both.put("state", Canon.value(ctx.db.query(w.stateQuery())));
            return both;
        }
        return canonical;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private Measurement measure(Workload w, Candidate cand, int inflight) {
        Workload.Impl impl = cand.impl();
        Contender c = cand.contender();
        try {
            w.reset(ctx);
            int batch = inflight;
            long warmed = 0;
            double rate = 0;
            if (settings.timed()) {
                do {
                    long t = batch(impl, batch, inflight).nanos;
                    warmed += t;
                    rate = batch / (t / 1e9);
                    if (!w.heavy() && t < settings.iterationMs() * 500_000L) {
                        batch = Math.min(batch * 2, MAX_BATCH);
                    }
                } while (warmed < settings.warmupMs() * 1_000_000L && !(w.heavy() && warmed > 0));
            }
            int n = settings.timed() ? (int) Math.min(MAX_BATCH, Math.max(inflight,
                    Math.round(rate * settings.iterationMs() / 1000.0))) : inflight;
            n = (n + inflight - 1) / inflight * inflight;
            double[] rates = new double[settings.iterations()];
            long ops = 0;
            long bytes = 0;
            long statements = 0;
            for (int i = 0; i < rates.length; i++) {
                BatchResult r = batch(impl, n, inflight);
                rates[i] = n / (r.nanos / 1e9);
                ops += n;
                bytes += r.bytes;
                statements += r.statements(c);
            }
            double mean = 0;
            for (double r : rates) {
                mean += r / rates.length;
            }
            double var = 0;
            for (double r : rates) {
                var += (r - mean) * (r - mean) / Math.max(1, rates.length - 1);
            }
            return new Measurement(w.id(), w.variant(), w.title(), c, cand.method(), inflight, Measurement.Status.OK,
                    "", mean, 100 * Math.sqrt(var) / mean, (double) bytes / ops / w.rowsPerOp(ctx.sizes),
                    (double) statements / ops, ops);
        } catch (RuntimeException e) {
            log.accept("  " + w.id() + " " + c.label() + " failed: " + e);
            return Measurement.notRun(w, c, cand.method(), inflight, Measurement.Status.FAILED, e.toString());
        }
    }

    private final class BatchResult {
        long nanos;
        long bytes;
        final Map<Contender, Long> statementsBefore = new LinkedHashMap<>();
        final Map<Contender, Long> statementsAfter = new LinkedHashMap<>();

        long statements(Contender c) {
            return statementsAfter.get(c) - statementsBefore.get(c);
        }
    }

    /** Runs ops 0..n-1 with {@code inflight} at a time, each holding a distinct slot; only the run is timed. */
    private BatchResult batch(Workload.Impl impl, int n, int inflight) {
        impl.prepare(n, inflight);
        ConcurrentLinkedQueue<Integer> slots = new ConcurrentLinkedQueue<>();
        for (int s = 0; s < inflight; s++) {
            slots.add(s);
        }
        BatchResult r = new BatchResult();
        for (Contender c : Contender.values()) {
            r.statementsBefore.put(c, ctx.db.statements(c));
        }
        long bytes0 = THREADS.getTotalThreadAllocatedBytes();
        long t0 = System.nanoTime();
        Flux.range(0, n).flatMap(i -> {
            Integer slot = slots.poll();
            if (slot == null) {
                return Mono.error(new IllegalStateException("no free slot"));
            }
            return Mono.defer(() -> impl.op(i, slot)).doOnTerminate(() -> slots.add(slot));
        }, inflight).then().block(BenchDb.TIMEOUT);
        r.nanos = System.nanoTime() - t0;
        r.bytes = THREADS.getTotalThreadAllocatedBytes() - bytes0;
        for (Contender c : Contender.values()) {
            r.statementsAfter.put(c, ctx.db.statements(c));
        }
        return r;
    }
}
