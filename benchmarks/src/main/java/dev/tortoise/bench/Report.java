package dev.tortoise.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes the measurements as {@code docs/benchmarks.md} and {@code benchmarks/results/latest.json}. */
public final class Report {
    private static final int[] INFLIGHTS = {1, 8};

    private Report() {
    }

    /** The contender's OK measurement of m's variant and concurrency that is best by {@code key} (lowest). */
    private static Measurement best(List<Measurement> all, Measurement m, Contender c,
                                    ToDoubleFunction<Measurement> key) {
        Measurement best = null;
        for (Measurement x : all) {
            if (x.contender() == c && x.status() == Measurement.Status.OK && x.workload().equals(m.workload())
                    && x.dataVariant().equals(m.dataVariant()) && x.inflight() == m.inflight()
                    && !Double.isNaN(key.applyAsDouble(x))
                    && (best == null || key.applyAsDouble(x) < key.applyAsDouble(best))) {
                best = x;
            }
        }
        return best;
    }

    /** The contender's fastest method (raw's best method for time). */
    static Measurement fastest(List<Measurement> all, Measurement m, Contender c) {
        return best(all, m, c, x -> -x.opsPerS());
    }

    /** The contender's method with the least CPU per operation. */
    static Measurement leastCpu(List<Measurement> all, Measurement m, Contender c) {
        return best(all, m, c, Measurement::cpuUsPerOp);
    }

    /** The contender's method with the fewest bytes per row. */
    static Measurement leastBytes(List<Measurement> all, Measurement m, Contender c) {
        return best(all, m, c, Measurement::bytesPerRow);
    }

    /**
     * Time per operation relative to {@code base}'s (above 1: slower): the median over measured
     * rounds of the paired ratio (round i of both ran back to back), which cancels most of the
     * load that drifts from round to round; the ratio of medians when the rounds do not pair up.
     */
    static double ratio(Measurement m, Measurement base) {
        if (base == null || m.status() != Measurement.Status.OK) {
            return Double.NaN;
        }
        if (m == base) {
            return 1.0;
        }
        int n = Math.min(m.rates().size(), base.rates().size());
        if (n == 0 || m.rates().size() != base.rates().size()) {
            return base.opsPerS() / m.opsPerS();
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = base.rates().get(i) / m.rates().get(i);
        }
        java.util.Arrays.sort(r);
        return n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    /** CPU per operation relative to {@code base}'s, over all measured batches of both. */
    static double cpuRatio(Measurement m, Measurement base) {
        if (base == null || m.status() != Measurement.Status.OK || !(base.cpuUsPerOp() > 0)) {
            return Double.NaN;
        }
        return m.cpuUsPerOp() / base.cpuUsPerOp();
    }

    /** Bytes per row relative to {@code base}'s. */
    static double bytesRatio(Measurement m, Measurement base) {
        if (base == null || m.status() != Measurement.Status.OK || !(base.bytesPerRow() > 0)) {
            return Double.NaN;
        }
        return m.bytesPerRow() / base.bytesPerRow();
    }

    /** The workloads with a failed fairness check. */
    static Set<String> unfair(List<Fairness.Check> checks) {
        Set<String> out = new LinkedHashSet<>();
        for (Fairness.Check c : checks) {
            if (!c.ok()) {
                out.add(c.workload());
            }
        }
        return out;
    }

    public static String json(Runner.Results results, Map<String, String> env, String command, String mode) {
        List<Measurement> all = results.measurements();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("commit", env.get("commit"));
        doc.put("date", env.get("date"));
        doc.put("mode", mode);
        doc.put("database", String.valueOf(env.get("database (--db)")).split(" ")[0]);
        doc.put("command", command);
        doc.put("environment", env);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Fairness.Check c : results.checks()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", c.workload());
            r.put("check", c.what());
            r.put("ok", c.ok());
            r.put("detail", c.detail());
            checks.add(r);
        }
        doc.put("fairness_checks", checks);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Targets.Outcome o : Targets.evaluate(all, INFLIGHTS, unfair(results.checks()))) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("target", o.target().group());
            r.put("workload", o.workload());
            r.put("variant", o.variant());
            r.put("measure", o.target().kind().name().toLowerCase(Locale.ROOT));
            r.put("limit", (o.target().strict() ? "< " : "<= ") + o.target().limit());
            o.values().forEach((k, v) -> r.put("inflight_" + k, num(v, 3)));
            r.put("status", o.status().name().toLowerCase(Locale.ROOT));
            targets.add(r);
        }
        doc.put("targets", targets);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Measurement m : all) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("workload", m.workload());
            r.put("contender", m.contender().label());
            r.put("variant", m.variant());
            r.put("ops_per_s", num(m.opsPerS(), 1));
            r.put("ratio_to_raw", num(ratio(m, fastest(all, m, Contender.RAW)), 3));
            r.put("ratio_to_spring_data", num(ratio(m, fastest(all, m, Contender.SPRING)), 3));
            r.put("cpu_us_per_op", num(m.cpuUsPerOp(), 1));
            r.put("cpu_ratio_to_raw", num(cpuRatio(m, leastCpu(all, m, Contender.RAW)), 3));
            r.put("cpu_ratio_to_spring_data", num(cpuRatio(m, leastCpu(all, m, Contender.SPRING)), 3));
            r.put("bytes_per_row", num(m.bytesPerRow(), 0));
            r.put("bytes_ratio_to_raw", num(bytesRatio(m, leastBytes(all, m, Contender.RAW)), 3));
            r.put("statements_per_op", num(m.statementsPerOp(), 2));
            r.put("error_pct", num(m.errorPct(), 1));
            r.put("jit_cpu_ms", num(m.jitMs(), 0));
            r.put("warmup_ops", m.status() == Measurement.Status.OK ? m.warmupOps() : null);
            r.put("status", m.status().name().toLowerCase(Locale.ROOT));
            if (!m.note().isEmpty()) {
                r.put("note", m.note());
            }
            out.add(r);
        }
        doc.put("results", out);
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(doc) + "\n";
    }

    private static Object num(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP);
    }

    private static String label(Measurement.Status s) {
        return switch (s) {
            case NOT_AVAILABLE -> "not available yet";
            case SKIPPED -> "skipped (quick mode)";
            case FAILED -> "FAILED";
            case OK -> "ok";
        };
    }

    private static String fmt(double v, String pattern) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, pattern, v);
    }

    /** CPU time per operation in µs, with fewer decimals as it grows. */
    static String cpu(double us) {
        if (Double.isNaN(us)) {
            return "–";
        }
        return us >= 1000 ? String.format(Locale.ROOT, "%,.0f", us) : us >= 100 ? fmt(us, "%.0f") : fmt(us, "%.1f");
    }

    private static String mark(Targets.Status s) {
        return switch (s) {
            case MET -> " ✅";
            case MISSED -> " ❌";
            case NOT_COMPARABLE -> " ⚠️";
            case NOT_MEASURED -> "";
        };
    }

    public static String markdown(Runner.Results results, Map<String, String> env, String command, String mode,
                                  String profileNotes) {
        List<Measurement> all = results.measurements();
        Set<String> unfair = unfair(results.checks());
        List<Targets.Outcome> outcomes = Targets.evaluate(all, INFLIGHTS, unfair);
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmarks: tortoise against raw R2DBC and Spring Data R2DBC\n\n");
        sb.append("Generated by the `benchmarks` module (`dev.tortoise.bench.BenchmarkMain`); do not edit by hand, "
                + "re-run the command instead.\n\n");
        sb.append("```sh\n").append(command).append("\n```\n\n");
        modeBanner(sb, mode, env);
        fairness(sb, results.checks());
        method(sb);
        sb.append("## Environment\n\n| | |\n|---|---|\n");
        env.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        targets(sb, outcomes, mode);
        summary(sb, all, outcomes, unfair);
        perWorkload(sb, all, results.checks(), results.notes());
        if (profileNotes != null && !profileNotes.isBlank()) {
            sb.append("\n").append(profileNotes.strip()).append("\n");
        }
        return sb.toString();
    }

    private static void modeBanner(StringBuilder sb, String mode, Map<String, String> env) {
        String load = env.getOrDefault("load average (1, 5, 15 min) at start / end", "?");
        if (mode.equals("full")) {
            sb.append("**Full mode** (priming of " + String.format(Locale.ROOT, "%,d", Runner.WARMUP_OPS)
                    + " operations per contender on workloads that are not heavy, warm-up ~1 s per contender, then up to 15 measured rounds of ~300 ms batches "
                    + "per workload and concurrency), on a 2-core machine shared with other builds (load average at "
                    + "start / end: " + load + "). The targets below are judged on this run.\n\n");
        } else if (mode.equals("quick")) {
            sb.append("> **This is a quick-mode run on a machine shared with other builds.** Quick mode primes each "
                    + "contender as full mode does, warms it up for ~300 ms and measures up to 5 rounds of ~80 ms batches, on 2 cores that "
                    + "the database servers (PostgreSQL and MariaDB) and other agents' builds and tests were using at "
                    + "the same time (load average at "
                    + "start / end: " + load + "). Its time ratios are hints, not results: read CPU/op, B/row and "
                    + "stmt/op. The targets are judged on a full-mode run (`benchmarks/run.sh --mode=full`); the "
                    + "target marks below only say where this run stood.\n\n");
        } else {
            sb.append("Mode: **").append(mode).append("** (figures not meaningful).\n\n");
        }
    }

    private static void fairness(StringBuilder sb, List<Fairness.Check> checks) {
        sb.append("## Fairness checks\n\n");
        if (checks.isEmpty()) {
            sb.append("None made in this run (no workload that has one was selected).\n\n");
            return;
        }
        boolean failed = checks.stream().anyMatch(c -> !c.ok());
        if (failed) {
            sb.append("> ⚠️ **A FAIRNESS CHECK FAILED**: the workloads below were measured, but their contenders did "
                    + "not do the same work; their figures are marked ⚠️ and their targets are not judged.\n\n");
        }
        sb.append("Made before timing, from the SQL each contender sends.\n\n| workload | check | same for every "
                + "contender | what each contender does |\n|---|---|---|---|\n");
        for (Fairness.Check c : checks) {
            sb.append("| ").append(c.workload()).append(" | ").append(c.what()).append(" | ")
                    .append(c.ok() ? "✅ yes" : "⚠️ **NO**").append(" | ").append(c.detail().replace("|", "\\|"))
                    .append(" |\n");
        }
        sb.append('\n');
    }

    private static void method(StringBuilder sb) {
        sb.append("## Method\n\n");
        sb.append("""
                Each workload is first run once by every contender from the same starting state, and the results \
                (plus, for writes, a digest of the written table) are checked equal to raw's before anything is \
                timed. Then, unless the workload is heavy (B, C 10,000, I, J, K, ST: 10 ms or more per operation), \
                every contender is primed: rounds in which each runs one batch at 8 in flight, until each has run \
                at least {WARMUP_OPS} operations on it, or as many SQL statements where its operations make several \
                (latest.json's settings and each result's `warmup_ops` say how many it ran). The same rule holds \
                for every contender, so that code one contender alone runs once per operation (L's update, AG's \
                grouping, H's tuples) is compiled by C2 before it is measured: the time-based warm-up alone made \
                only a few hundred operations of a slow workload (L: ~70 per contender), and a per-call probe of \
                L's query build in a fresh JVM cost 97 µs per call over calls 10–100 and 0.4 µs warm. The JVM \
                runs with `-XX:CompileThresholdScaling=0.1` (benchmarks/run.sh), which puts HotSpot's C2 \
                invocation threshold at 500 instead of 5,000 for every contender alike (5,000 operations of \
                every slow workload would have doubled the full run); the full-mode time-based warm-up went from \
                ~1.5 s to ~1 s per contender to pay for the priming. Then, for 1 and for 8 operations in flight: \
                warm-up rounds, then measured rounds in which \
                every contender runs one batch of operations, in an order rotating every round, so load from \
                elsewhere on the machine falls on all contenders alike; the batches of different contenders never \
                overlap. ops/s is the median over the measured batches (± is the relative standard deviation between \
                them). Untimed preparation (rows to update or delete) happens before each batch. Every contender has \
                its own pool, built by the same code with the same settings over the same connection options, on \
                the same data, at the same concurrency, in one JVM.

                Contenders: **raw** (the R2DBC driver, hand-written SQL, rows mapped by hand), **spring-data** \
                (Spring Data R2DBC as its users write it: `R2dbcEntityTemplate`, repositories, entity mapping; where \
                Spring Data has no API for the work, what its row does instead is said under the workload), \
                **spring-data (DatabaseClient)** (a separate row where the spring-data row uses Spring Data's \
                entity mapping and Spring's `DatabaseClient` can do the same work by hand: hand-written SQL, rows \
                mapped by hand; S, P2 and ST) and **tortoise**.

                - **ops/s**: operations per second; what one operation is, is stated per workload.
                - **time × raw / × spring**: time per operation relative to raw's best method (and to \
                spring-data's), as the median over rounds of the paired per-round ratio; below 1 is faster.
                - **CPU µs/op**: CPU time of the client JVM per operation, every thread but the JIT compilers, \
                over the contender's measured batches (see below). **CPU × raw**: relative to raw's method with the \
                least CPU/op, over all measured batches.
                - **B/row**: bytes allocated per row read or written, by *every* thread of the JVM (the Netty \
                event loops included), from `ThreadMXBean.getTotalThreadAllocatedBytes`.
                - **stmt/op**: SQL statements created per operation, counted by a wrapper below each pool \
                (COPY counts as one; BEGIN/COMMIT through the R2DBC SPI are not counted).
                - **latest.json** holds the same figures: `commit`, `date`, `mode`, `database`, `command`, \
                `environment`, `fairness_checks` (workload, check, ok, detail), `targets` (target, workload, variant, \
                measure, limit, `inflight_1`/`inflight_8`, status) and `results`, one entry per contender, \
                variant and concurrency: `ops_per_s`, `ratio_to_raw`, `ratio_to_spring_data` (time), \
                `cpu_us_per_op`, `cpu_ratio_to_raw`, `cpu_ratio_to_spring_data`, `bytes_per_row`, \
                `bytes_ratio_to_raw`, `statements_per_op`, `error_pct`, `jit_cpu_ms`, `warmup_ops` (operations the \
                contender had run on the workload before that concurrency was measured), `status` and, when not ok, \
                `note`; a figure that was not measured is null.

                **Which columns to trust on this machine.** Wall time per operation adds up the client's work, the \
                server's work and the time spent waiting for one of the 2 cores that the database server, this JVM and \
                other agents' builds share, and that wait changes from second to second. A quick-mode run under \
                load gave tortoise A 1.26–1.44×, D 1.31× and F 1.28–1.53× raw's time where a full run gave 1.15×, \
                1.04× and 1.12×: the time ratios of one run cannot tell progress from noise. Rotating and pairing \
                rounds cancels load that drifts slowly, not load that comes and goes within a batch. **CPU/op** and \
                **B/row** count the work the client code does per operation: a thread waiting for a core or for \
                the server accrues no CPU time and allocates nothing, so neither depends on how much of the machine \
                others leave us. They are the columns to compare across runs and to judge a change by; time ratios \
                are for a full-mode run on a quiet machine. B/row is the steadiest (within a few per cent between \
                runs). CPU/op is steadier than time but not immune: heavy load costs cache misses and context \
                switches, and code the JIT has not compiled yet costs several times its steady-state CPU, so in \
                quick mode under heavy load it still moves by ~15% between runs (while harness development ran \
                at load averages 7–15, three quick runs gave tortoise F 1.42–1.75× raw's CPU, 1.02–3.42× raw's \
                time and 1.24–1.30× raw's bytes). `jit_cpu_ms` in latest.json says how much the compilers were \
                still working during a contender's measured batches.

                **CPU × raw is a stricter ratio than time × raw.** CPU/op counts the client alone, while time also \
                holds the server's work and the round trip, which are the same for raw and tortoise wherever \
                stmt/op is; so the same extra client work shows as a larger CPU ratio than time ratio (on F, ~100 µs \
                more CPU per get is ~1.5× raw's CPU but ~1.15× its time). The targets ask for both. To tell \
                progress from noise between two runs: a time ratio that moves while CPU × raw, B/row and stmt/op \
                stay put is load; a change in the client's work shows in CPU × raw (and usually B/row) first.

                **How CPU/op is measured.** The batches of different contenders never overlap and nothing else runs \
                in the JVM meanwhile (the other pools sit idle), so the process's CPU over a batch is that \
                contender's: its event-loop work, the batch's own thread and the garbage collection its \
                allocation causes. It is read just before and just after each batch, as the sum of every \
                thread's own CPU time, from the kernel's per-thread counters (`/proc/self/task/*/schedstat`, in \
                nanoseconds; the thread that reads them measures itself with `ThreadMXBean#getCurrentThreadCpuTime`, \
                so the reading stays outside the interval). Not `OperatingSystemMXBean#getProcessCpuTime`: on \
                Linux the JDK reads it through `times(2)` in 10 ms clock ticks, too coarse for a quick-mode batch \
                of ~80 ms (a heavy workload's whole quick-mode total can be a few ticks). Not the sum of \
                `ThreadMXBean#getThreadCpuTime` either: the thread bean sees Java threads only (on this JDK neither \
                the GC workers nor the JIT compilers), so it would leave out the garbage collection a contender's \
                allocation costs. The JIT compiler threads are kept out of CPU/op: in quick mode they are still \
                busy after warm-up (in one quick run at load 12 they used 9.2 s of the 22.6 s of CPU spent in \
                batches), and they compile what any contender made hot whenever they get to it, so their CPU \
                cannot be charged to the batch it falls in. Warm-up goes on past its nominal length, up to 3×, \
                while they take more than 10% of a warm-up round's CPU. If a thread other than a compiler exits \
                during a batch, its counter goes with it and that batch falls back to `getProcessCpuTime` (the \
                environment table says how often, and cross-checks the two over the run). Before each measured \
                batch, untimed, the harness runs a full collection, so that every batch starts with an empty young \
                generation and a collection during a batch collects that contender's own garbage and live data \
                (without it, on C at 8 in flight, a young collection copying ~200 MB of in-flight rows landed in \
                whichever batch filled the heap, and moved a contender's CPU/op by 2–5× between runs). The \
                harness's own per-operation work (starting each operation, handing out its slot) is \
                in every contender's CPU alike, which pulls CPU ratios slightly towards 1. The accounting is \
                tested (`CpuAccountingTest`): on contenders that burn a known CPU time per operation, on the \
                batch's own thread or on a scheduler's threads, the harness reports that time per operation \
                (within a few per cent), a contender that only waits shows next to no CPU, and no operation of one \
                contender runs while another contender's is running.

                **Why not JMH.** The harness is our own, for three reasons: all contenders run interleaved in one \
                JVM against the same data, round by round, which on a machine whose load changes from second to \
                second is fairer than one fork per contender; the work happens on Netty event-loop threads, so \
                allocation and CPU are counted for the whole process (JMH's `-prof gc` counts the benchmark \
                threads); and write workloads need untimed preparation per batch (rows to update or delete). What \
                JMH would give and this does not: forks (one JVM here, so later workloads run on warmer shared \
                code: driver, Reactor, Netty) and its dead-code safeguards (not needed: every operation's result is \
                consumed).

                """.replace("{WARMUP_OPS}", String.format(Locale.ROOT, "%,d", Runner.WARMUP_OPS)));
        sb.append("**Noise.** This machine has 2 cores shared with several other agents building and testing at the "
                + "same time, and the database servers run on the same 2 cores. Time differences under ~15% between runs are "
                + "noise; compare contenders within one run, not across runs.\n\n");
    }

    private static void targets(StringBuilder sb, List<Targets.Outcome> outcomes, String mode) {
        sb.append("\n## Targets (issue 10)\n\n");
        sb.append("""
                Tortoise against the others, judged per workload variant on the worse of 1 and 8 in flight, in one \
                run of `benchmarks/run.sh --mode=full`: A, D, E, F, G, H ≤ 1.05× raw's time; P1 and P2 ≤ 1.15× the \
                hand-written two-query version; S ≤ 1.10× raw; C ≤ 1.10× raw's best method (of multi-row VALUES, \
                unnest arrays, COPY) and ≥ 10× faster than spring-data; faster than spring-data on every \
                workload; bytes per row ≤ 1.2× raw's on every workload but C (≤ 2×); CPU per operation within the \
                same ratios as time. Missed values are the worse of 1 / 8 in flight.

                """);
        if (!mode.equals("full")) {
            sb.append("*This is not a full-mode run: the marks say where this run stood, they do not decide the "
                    + "targets.*\n\n");
        }
        sb.append("| target | measure | limit | met | missed (worst of 1 / 8 in flight) | not judged |\n");
        sb.append("|---|---|---|---|---|---|\n");
        Map<Targets.Target, List<Targets.Outcome>> byTarget = new LinkedHashMap<>();
        for (Targets.Outcome o : outcomes) {
            byTarget.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
        }
        int met = 0;
        int judged = 0;
        for (Map.Entry<Targets.Target, List<Targets.Outcome>> e : byTarget.entrySet()) {
            Targets.Target t = e.getKey();
            List<String> ok = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            List<String> other = new ArrayList<>();
            for (Targets.Outcome o : e.getValue()) {
                String name = variantName(o.workload(), o.variant(), e.getValue());
                switch (o.status()) {
                    case MET -> ok.add(name);
                    case MISSED -> missed.add(name + " " + fmt(o.worst(), "%.2f"));
                    case NOT_COMPARABLE -> other.add(name + " ⚠️ not comparable (fairness check failed)");
                    case NOT_MEASURED -> other.add(name + " not measured");
                }
            }
            met += ok.size();
            judged += ok.size() + missed.size();
            sb.append("| ").append(t.group()).append(" | ").append(t.kind().label()).append(" | ")
                    .append(t.limitText()).append(" | ").append(ok.isEmpty() ? "–" : "✅ " + String.join(", ", ok))
                    .append(" | ").append(missed.isEmpty() ? "–" : "❌ " + String.join(", ", missed)).append(" | ")
                    .append(other.isEmpty() ? "–" : String.join(", ", other)).append(" |\n");
        }
        sb.append("\nMet ").append(met).append(" of ").append(judged).append(" judged target checks in this run.\n");
    }

    private static String variantName(String workload, String variant, List<Targets.Outcome> siblings) {
        long n = siblings.stream().filter(o -> o.workload().equals(workload)).count();
        return n > 1 ? workload + " " + variant : workload;
    }

    private static void summary(StringBuilder sb, List<Measurement> all, List<Targets.Outcome> outcomes,
                                Set<String> unfair) {
        sb.append("\n## Summary: tortoise relative to raw and to spring-data\n\n");
        sb.append("Each cell is inflight 1 / inflight 8; ✅ / ❌ mark a cell that has a target (met / missed), ⚠️ one "
                + "whose fairness check failed.\n\n");
        sb.append("| workload | variant | time × raw | CPU × raw | B/row × raw | time × spring-data | CPU × spring-data |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (List<Measurement> g : groups(all).values()) {
            Measurement first = g.get(0);
            sb.append("| ").append(first.workload()).append(unfair.contains(first.workload()) ? " ⚠️" : "")
                    .append(" | ").append(first.dataVariant());
            for (Targets.Kind kind : Targets.Kind.values()) {
                String[] cells = new String[INFLIGHTS.length];
                for (int i = 0; i < INFLIGHTS.length; i++) {
                    cells[i] = "–";
                    for (Measurement m : g) {
                        if (m.contender() == Contender.TORTOISE && m.inflight() == INFLIGHTS[i]) {
                            cells[i] = m.status() == Measurement.Status.OK
                                    ? fmt(Targets.value(kind, m, all), "%.2f") : label(m.status());
                        }
                    }
                }
                Targets.Status status = Targets.Status.NOT_MEASURED;
                for (Targets.Outcome o : outcomes) {
                    if (o.target().kind() == kind && o.workload().equals(first.workload())
                            && o.variant().equals(first.dataVariant())) {
                        status = o.status();
                    }
                }
                sb.append(" | ").append(String.join(" / ", cells)).append(mark(status));
            }
            sb.append(" |\n");
        }
    }

    private static Map<String, List<Measurement>> groups(List<Measurement> all) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : all) {
            groups.computeIfAbsent(m.workload() + "|" + m.dataVariant(), k -> new ArrayList<>()).add(m);
        }
        return groups;
    }

    private static void perWorkload(StringBuilder sb, List<Measurement> all, List<Fairness.Check> checks,
                                    Map<String, String> workloadNotes) {
        sb.append("\n## Results per workload\n");
        String last = null;
        for (List<Measurement> g : groups(all).values()) {
            Measurement first = g.get(0);
            if (!first.workload().equals(last)) {
                sb.append("\n### ").append(first.workload()).append(": ").append(first.title()).append("\n");
                last = first.workload();
                String notes = workloadNotes.getOrDefault(first.workload(), "");
                if (!notes.isEmpty()) {
                    sb.append("\n").append(notes).append("\n");
                }
                for (Fairness.Check c : checks) {
                    if (c.workload().equals(first.workload())) {
                        sb.append("\n").append(c.ok() ? "Fairness check (" + c.what() + "): ✅ the same for every "
                                + "contender." : "> ⚠️ **Fairness check failed (" + c.what() + ")**: " + c.detail()
                                + ". The figures below do not compare like with like.").append("\n");
                    }
                }
            }
            sb.append("\n*").append(first.dataVariant()).append("*\n\n");
            sb.append("| inflight | contender | ops/s | ± | time × raw | time × spring | CPU µs/op | CPU × raw "
                    + "| B/row | stmt/op |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
            List<Measurement> sorted = new ArrayList<>(g);
            sorted.sort(Comparator.comparingInt(Measurement::inflight));
            List<String> notes = new ArrayList<>();
            for (Measurement m : sorted) {
                String who = m.contender().label() + (m.method().isEmpty() ? "" : " (" + m.method() + ")");
                sb.append("| ").append(m.inflight()).append(" | ").append(who).append(" | ");
                if (m.status() == Measurement.Status.OK) {
                    sb.append(fmt(m.opsPerS(), "%.1f")).append(" | ").append(fmt(m.errorPct(), "%.0f%%")).append(" | ")
                            .append(fmt(ratio(m, fastest(all, m, Contender.RAW)), "%.2f")).append(" | ")
                            .append(fmt(ratio(m, fastest(all, m, Contender.SPRING)), "%.2f")).append(" | ")
                            .append(cpu(m.cpuUsPerOp())).append(" | ")
                            .append(fmt(cpuRatio(m, leastCpu(all, m, Contender.RAW)), "%.2f")).append(" | ")
                            .append(fmt(m.bytesPerRow(), "%.0f")).append(" | ")
                            .append(fmt(m.statementsPerOp(), "%.2f")).append(" |\n");
                } else {
                    String what = label(m.status());
                    sb.append(what).append(" | | | | | | | |\n");
                    String note = what + " (" + who + "): " + m.note().replace('\n', ' ');
                    if (!notes.contains(note)) {
                        notes.add(note);
                    }
                }
            }
            for (String n : notes) {
                sb.append("\n> ").append(n.length() > 400 ? n.substring(0, 400) + "…" : n).append("\n");
            }
        }
    }
}
