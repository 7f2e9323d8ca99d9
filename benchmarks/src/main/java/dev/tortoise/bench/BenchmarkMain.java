package dev.tortoise.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the benchmark suite against one database and writes the report.
 *
 * <pre>
 * benchmarks/run.sh [--mode=quick|full] [--only=D,E] [--db=postgres|mariadb] [--url=r2dbc:postgresql://postgres@127.0.0.1:5432/test]
 *                   [--pool=8] [--force-binary] [--md=docs/benchmarks.md] [--json=benchmarks/results/latest.json]
 * </pre>
 *
 * {@code --db} picks the {@link BenchDatabase} (its default URL, the raw contender's SQL dialect, the settings
 * shown in the report); {@code --url} points it at another server. On PostgreSQL the report goes to
 * {@code docs/benchmarks.md} and {@code benchmarks/results/latest.json}, on another database to
 * {@code docs/benchmarks-<db>.md} and {@code benchmarks/results/latest-<db>.json}. {@code --profile=...} runs one
 * workload's contenders in a loop for a profiler instead ({@link ProfileSpec}); {@code --alternate=...} times them in
 * turn ({@link #alternate}); neither writes a report.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    /** Every workload, in report order. */
    public static List<Workload> workloads() {
        return List.of(
                new WriteWorkloads.InsertOne(),
                new WriteWorkloads.InsertTx(),
                new WriteWorkloads.BulkInsert(false),
                new WriteWorkloads.BulkInsert(true),
                new ReadWorkloads.FetchAll(false),
                new ReadWorkloads.FetchAll(true),
                new ReadWorkloads.Paginate(),
                new ReadWorkloads.GetByPk(),
                new ReadWorkloads.Values(),
                new ReadWorkloads.ValuesList(),
                new WriteWorkloads.UpdateRows(false),
                new WriteWorkloads.UpdateRows(true),
                new WriteWorkloads.DeleteRows(),
                new WriteWorkloads.BulkUpdate(),
                new RelationWorkloads.PrefetchFk(),
                new RelationWorkloads.PrefetchM2m(),
                new RelationWorkloads.SelectRelated(),
                new ScanWorkloads.Aggregate(),
                new ScanWorkloads.StreamScan());
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            }
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        String mode = opts.getOrDefault("mode", "quick");
        Runner.Settings settings = switch (mode) {
            case "quick" -> Runner.Settings.QUICK;
            case "full" -> Runner.Settings.FULL;
            case "smoke" -> Runner.Settings.SMOKE;
            default -> throw new IllegalArgumentException("--mode must be quick, full or smoke");
        };
        Sizes sizes = mode.equals("smoke") ? Sizes.SMOKE : mode.equals("quick") ? Sizes.QUICK : Sizes.FULL;
        int pool = Integer.parseInt(opts.getOrDefault("pool", "8"));
        boolean forceBinary = Boolean.parseBoolean(opts.getOrDefault("force-binary", "false"));
        BenchDatabase database = BenchDatabase.named(opts.getOrDefault("db", "postgres"));
        String url = opts.getOrDefault("url", database.defaultUrl());
        String suffix = database.name().equals("postgres") ? "" : "-" + database.name();
        Path md = Path.of(opts.getOrDefault("md", "docs/benchmarks" + suffix + ".md"));
        Path json = Path.of(opts.getOrDefault("json", "benchmarks/results/latest" + suffix + ".json"));
        List<Workload> selected = select(opts.get("only"));
        Supplier<BenchDb> connect = () -> new BenchDb(database, url, pool, forceBinary);

        if (opts.containsKey("alternate")) {
            alternate(opts.get("alternate"), connect, sizes);
            return;
        }
        if (opts.containsKey("profile")) {
            profile(opts.get("profile"), connect, sizes);
            return;
        }
        String loadStart = loadAverage();
        long start = System.nanoTime();
        Runner.Results results;
        Map<String, String> env;
        try (BenchDb bench = connect.get(); Ctx ctx = new Ctx(bench, sizes)) {
            env = environment(bench, settings, sizes);
            Runner runner = new Runner(ctx, settings, System.out::println);
            results = runner.run(selected);
            env.put("CPU time (per batch)", runner.cpuClock());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        env.put("run time", String.format("%.0f s", seconds));
        env.put("load average (1, 5, 15 min) at start / end", loadStart + " / " + loadAverage());
        String command = opts.getOrDefault("command", "benchmarks/run.sh " + String.join(" ", args)).strip();
        Path notes = Path.of("benchmarks/profile-notes.md");
        // the profiling notes are PostgreSQL runs' (they cite its figures)
        String extra = database.name().equals("postgres") && Files.exists(notes) ? Files.readString(notes) : null;
        String report = Report.markdown(results, env, command, mode, extra);
        Path main = Path.of("docs/benchmarks.md");
        String previous = Files.exists(main) ? Files.readString(main) : null;
        if (database.name().equals("postgres")) {
            // another database's run shown beside this one stays
            report = OtherDatabases.insert(report, OtherDatabases.sections(md.equals(main) ? previous : null));
        } else if (!opts.containsKey("md") && previous != null) {
            write(main, OtherDatabases.put(previous, database.name(), OtherDatabases.section(database.name(),
                    database.title(), command, report, md.getFileName().toString())));
        }
        write(md, report);
        write(json, Report.json(results, env, command, mode));
        System.out.printf("Wrote %s and %s in %.0f s%n", md, json, seconds);
    }

    /** {@code --profile}: one contender in a loop, or several in turn (see {@link ProfileSpec}). */
    static void profile(String spec, Supplier<BenchDb> connect, Sizes sizes) {
        ProfileSpec p = ProfileSpec.parse(spec);
        if (p.alternating()) {
            profileAlternating(p, connect, sizes, System.out::println, (name, impl) -> impl);
        } else {
            profile(p, connect, sizes, System.out::println, (name, impl) -> impl);
        }
    }

    /**
     * A {@code --profile} value, checked before anything connects:
     * {@code W:contender:seconds[:inflight]} ({@link #profile(ProfileSpec, Supplier, Sizes, Consumer, BiFunction)})
     * or {@code W:contender+contender/method:seconds[:inflight]}
     * ({@link #profileAlternating(ProfileSpec, Supplier, Sizes, Consumer, BiFunction)}). {@code W} is a workload
     * letter (the first variant of C and D: 1000 rows, narrow); a contender is a {@link Contender#key()}, a raw
     * method ({@code values}, {@code unnest}, {@code copy} on C) follows it after a slash; inflight defaults to 1.
     *
     * @param contenders the contender names as given ({@code tortoise}, {@code raw/unnest}), in order
     */
    record ProfileSpec(String spec, Workload workload, List<String> contenders, long seconds, int inflight) {
        static final String FORM = "W:contender:seconds[:inflight] or W:contender+contender/method:seconds[:inflight]";

        /** The spec parsed; an {@link IllegalArgumentException} naming the valid values when a part is wrong. */
        static ProfileSpec parse(String spec) {
            String[] p = spec.split(":", -1);
            if (p.length < 3 || p.length > 4) {
                throw bad(spec, "expected " + FORM);
            }
            Workload workload = workloads().stream().filter(w -> w.id().equalsIgnoreCase(p[0])).findFirst()
                    .orElseThrow(() -> bad(spec, "unknown workload '" + p[0] + "': one of "
                            + String.join(", ", workloads().stream().map(Workload::id).distinct().toList())));
            List<String> contenders = List.of(p[1].split("\\+", -1));
            for (String name : contenders) {
                String[] cm = name.split("/", -1);
                try {
                    Contender.of(cm[0]);
                } catch (IllegalArgumentException e) {
                    throw bad(spec, e.getMessage());
                }
                if (cm.length > 2 || (cm.length == 2 && cm[1].isEmpty())) {
                    throw bad(spec, "'" + name + "' is not contender or contender/method");
                }
            }
            if (new java.util.HashSet<>(contenders).size() < contenders.size()) {
                throw bad(spec, "a contender is named twice in '" + p[1] + "'");
            }
            long seconds = positive(spec, "seconds", p[2]);
            int inflight = p.length > 3 ? (int) Math.min(positive(spec, "inflight", p[3]), Integer.MAX_VALUE) : 1;
            return new ProfileSpec(spec, workload, contenders, seconds, inflight);
        }

        /** Whether contenders run in turn: several named, or a raw method. */
        boolean alternating() {
            return contenders.size() > 1 || contenders.get(0).contains("/");
        }

        private static long positive(String spec, String what, String value) {
            try {
                long v = Long.parseLong(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below, with the form
            }
            throw bad(spec, what + " must be a whole number above 0, got '" + value + "' (" + FORM + ")");
        }

        private static IllegalArgumentException bad(String spec, String what) {
            return new IllegalArgumentException("--profile=" + spec + ": " + what);
        }
    }

    /**
     * {@code --profile=F:tortoise:20[:inflight]}: runs one workload's contender (a contender with several methods,
     * raw on C, runs its first) in batches of 1000 operations, {@code inflight} at a time, each operation holding
     * its own slot, until that many seconds have passed (the last batch is finished), no report (attach JFR with
     * -XX:StartFlightRecording through JAVA_OPTS); prints when the loop starts and the operations it ran.
     * {@code observe} wraps the contender's implementation (tests count its operations).
     */
    static void profile(ProfileSpec p, Supplier<BenchDb> connect, Sizes sizes, Consumer<String> out,
                        BiFunction<String, Workload.Impl, Workload.Impl> observe) {
        Workload w = p.workload();
        String name = p.contenders().get(0);
        int inflight = p.inflight();
        try (BenchDb bench = connect.get(); Ctx ctx = new Ctx(bench, sizes)) {
            w.setup(ctx);
            w.reset(ctx);
            loop(w.id() + " " + Contender.of(name).label(), observe.apply(name, impl(p, name, ctx)), p.seconds(),
                    inflight, out);
        }
    }

    /** The loop of {@link #profile(ProfileSpec, Supplier, Sizes, Consumer, BiFunction)}, after the setup. */
    static void loop(String title, Workload.Impl impl, long seconds, int inflight, Consumer<String> out) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long ops = 0;
        long t0 = System.nanoTime();
        // Printed so that a recording can be cut to the loop (setup left out) and divided by the operations.
        out.accept(String.format("loop from %d ms (epoch)", System.currentTimeMillis()));
        while (System.nanoTime() < end) {
            impl.prepare(1000, inflight);
            Runner.slotted(impl, 1000, inflight).block(BenchDb.TIMEOUT);
            ops += 1000;
        }
        out.accept(String.format("%s: %.1f ops/s, %d ops", title, ops / ((System.nanoTime() - t0) / 1e9), ops));
    }

    /**
     * {@code --profile=C:tortoise+raw/unnest:20[:inflight]}: runs batches of 100 operations of each named
     * contender (a raw method after a slash) in turn, in the order named, {@code inflight} at a time, until that
     * many seconds have passed (the last round is finished, so every contender runs as many batches), each batch
     * inside a JFR event {@code bench.ProfileBatch} naming its contender as given, so that one recording's samples
     * can be split per contender by time: both run in the same JVM under the same load, and samples per operation
     * compare. Prints the process CPU per operation of each, the first 3 rounds (JIT warm-up) left out.
     * {@code observe} wraps each contender's implementation (tests count its operations).
     */
    static void profileAlternating(ProfileSpec p, Supplier<BenchDb> connect, Sizes sizes, Consumer<String> out,
                                   BiFunction<String, Workload.Impl, Workload.Impl> observe) {
        Workload w = p.workload();
        int inflight = p.inflight();
        try (BenchDb bench = connect.get(); Ctx ctx = new Ctx(bench, sizes)) {
            w.setup(ctx);
            w.reset(ctx);
            Map<String, Workload.Impl> impls = new LinkedHashMap<>();
            for (String name : p.contenders()) {
                impls.put(name, observe.apply(name, impl(p, name, ctx)));
            }
            alternatingLoop(w.id(), impls, p.seconds(), inflight, out);
        }
    }

    /** The loop of {@link #profileAlternating}, after the setup: {@code impls} by name, in turn. */
    static void alternatingLoop(String id, Map<String, Workload.Impl> impls, long seconds, int inflight,
                                Consumer<String> out) {
        Map<String, Long> ops = new LinkedHashMap<>();
        Map<String, Long> cpu = new LinkedHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int round = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        out.accept(String.format("loop from %d ms (epoch)", System.currentTimeMillis()));
        while (System.nanoTime() < end) {
            for (Map.Entry<String, Workload.Impl> e : impls.entrySet()) {
                Workload.Impl impl = e.getValue();
                impl.prepare(100, inflight);
                ProfileBatch batch = new ProfileBatch();
                batch.contender = e.getKey();
                batch.ops = 100;
                batch.begin();
                long cpu0 = os.getProcessCpuTime();
                Runner.slotted(impl, 100, inflight).block(BenchDb.TIMEOUT);
                long used = os.getProcessCpuTime() - cpu0;
                batch.commit();
                // The first rounds (JIT warm-up) are left out of the CPU figures.
                if (round >= WARMUP_ROUNDS) {
                    ops.merge(e.getKey(), 100L, Long::sum);
                    cpu.merge(e.getKey(), used, Long::sum);
                }
            }
            round++;
        }
        for (String name : impls.keySet()) {
            if (ops.containsKey(name)) {
                out.accept(String.format("%s %s: %d ops, process CPU %.0f us/op", id, name, ops.get(name),
                        cpu.get(name) / 1e3 / ops.get(name)));
            } else {
                out.accept(String.format("%s %s: %d ops, all in the first %d rounds (JIT warm-up): no CPU figure",
                        id, name, 100L * round, WARMUP_ROUNDS));
            }
        }
    }

    /** Rounds of {@link #profileAlternating} left out of its CPU figures. */
    static final int WARMUP_ROUNDS = 3;

    /** The implementation a profile name ({@code tortoise}, {@code raw/unnest}) runs on the spec's workload. */
    private static Workload.Impl impl(ProfileSpec p, String name, Ctx ctx) {
        String[] cm = name.split("/", 2);
        Contender c = Contender.of(cm[0]);
        Workload w = p.workload();
        Map<String, Workload.Impl> all = w.impls(c, ctx);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("--profile=" + p.spec() + ": " + c.key() + " has no row on " + w.id());
        }
        if (cm.length == 1) {
            return all.values().iterator().next();
        }
        Workload.Impl impl = all.get(cm[1]);
        if (impl == null) {
            throw new IllegalArgumentException("--profile=" + p.spec() + ": " + c.key() + " has no method '" + cm[1]
                    + "' on " + w.id() + (all.containsKey("") ? ": it has one, named '" + c.key() + "' alone"
                    : ": one of " + String.join(", ", all.keySet())));
        }
        return impl;
    }

    /** One batch of a contender's operations in {@link #profileAlternating}. */
    @jdk.jfr.Name("bench.ProfileBatch")
    @jdk.jfr.Label("Profile batch")
    static final class ProfileBatch extends jdk.jfr.Event {
        @jdk.jfr.Label("Contender")
        String contender;
        @jdk.jfr.Label("Operations")
        int ops;
    }

    /**
     * {@code --alternate=F:2000:8}: runs 2000 operations of one workload, one at a time, per contender,
     * alternating contenders for 8 rounds, and prints microseconds per operation (a paired check of a
     * suspicious ratio, without the harness around it).
     */
    static void alternate(String spec, Supplier<BenchDb> connect, Sizes sizes) {
        String[] p = spec.split(":");
        int n = p.length > 1 ? Integer.parseInt(p[1]) : 2000;
        int rounds = p.length > 2 ? Integer.parseInt(p[2]) : 8;
        try (BenchDb bench = connect.get(); Ctx ctx = new Ctx(bench, sizes)) {
            Workload w = select(p[0]).get(0);
            w.setup(ctx);
            w.reset(ctx);
            Map<Contender, Workload.Impl> impls = new java.util.EnumMap<>(Contender.class);
            for (Contender c : Contender.values()) {
                w.impls(c, ctx).values().stream().findFirst().ifPresent(impl -> impls.put(c, impl));
            }
            for (int round = 0; round < rounds; round++) {
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (Map.Entry<Contender, Workload.Impl> e : impls.entrySet()) {
                    Workload.Impl impl = e.getValue();
                    impl.prepare(n, 1);
                    long t0 = System.nanoTime();
                    reactor.core.publisher.Flux.range(0, n).concatMap(i -> impl.op(i, 0)).then().block(BenchDb.TIMEOUT);
                    line.append(String.format("  %s %.1f us/op", e.getKey().label(), (System.nanoTime() - t0) / 1e3 / n));
                }
                System.out.println(line);
            }
        }
    }

    static List<Workload> select(String only) {
        if (only == null || only.isBlank()) {
            return workloads();
        }
        Set<String> ids = Set.of(only.toUpperCase().split(","));
        List<Workload> out = new ArrayList<>();
        for (Workload w : workloads()) {
            if (ids.contains(w.id())) {
                out.add(w);
            }
        }
        return out;
    }

    static void write(Path p, String text) throws IOException {
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    static Map<String, String> environment(BenchDb bench, Runner.Settings s, Sizes sizes) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("commit", git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain").isBlank() ? ""
                : " (with uncommitted changes)"));
        env.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("JVM options", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        env.put("OS / CPUs", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs (shared)");
        env.put("database (--db)", bench.database().name() + " (" + bench.database().title() + "), tables in a "
                + "fresh namespace `" + bench.scratch() + "`, dropped at the end");
        env.putAll(bench.database().environment(bench, bench.forceBinary()));
        env.put("server", "same machine, TCP");
        env.put("pool (each contender)", bench.poolDescription());
        env.put("spring-data-r2dbc", pkgVersion(org.springframework.data.r2dbc.core.R2dbcEntityTemplate.class));
        env.put("settings", s.name() + ": " + (s.warmupOps() > 0 ? "priming: every contender runs at least "
                + s.warmupOps() + " operations (or SQL statements, where its operations make several) of each "
                + "workload that is not heavy at the highest concurrency before it is measured, with the JIT's C2 "
                + "threshold at 500 invocations (-XX:CompileThresholdScaling=0.1); then " : "")
                + "warm-up ~" + s.warmupMs() + " ms per contender (stretched up to 3× while "
                + "the JIT compilers take over 10% of a warm-up round's CPU), then up to " + s.iterations()
                + " measured rounds (heavy workloads B, C 10,000, I, J, K, ST: " + s.heavyIterations() + ") of one ~" + s.iterationMs() + " ms batch per contender, interleaved, stopping after ~"
                + s.budgetMs() + " ms once 2 rounds are done, a full GC (untimed) before each measured batch; inflight "
                + Arrays.toString(s.inflights()));
        env.put("data sizes", sizes.toString().replace("Sizes[", "").replace("]", ""));
        return env;
    }

    /** The 1, 5 and 15 minute load averages (Linux), to judge how noisy a run was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String pkgVersion(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "?" : v;
    }

    private static String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
