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

/**
 * Runs the benchmark suite against PostgreSQL and writes the report.
 *
 * <pre>
 * benchmarks/run.sh [--mode=quick|full] [--only=D,E] [--pool=8] [--force-binary]
 *                   [--pg-host=127.0.0.1] [--pg-port=5432] [--pg-user=postgres] [--pg-db=test]
 *                   [--md=docs/benchmarks.md] [--json=benchmarks/results/latest.json]
 * </pre>
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
        Sizes sizes = mode.equals("smoke") ? Sizes.SMOKE : Sizes.FULL;
        int pool = Integer.parseInt(opts.getOrDefault("pool", "8"));
        boolean forceBinary = Boolean.parseBoolean(opts.getOrDefault("force-binary", "false"));
        String host = opts.getOrDefault("pg-host", "127.0.0.1");
        int port = Integer.parseInt(opts.getOrDefault("pg-port", "5432"));
        String user = opts.getOrDefault("pg-user", "postgres");
        String db = opts.getOrDefault("pg-db", "test");
        Path md = Path.of(opts.getOrDefault("md", "docs/benchmarks.md"));
        Path json = Path.of(opts.getOrDefault("json", "benchmarks/results/latest.json"));
        List<Workload> selected = select(opts.get("only"));

        long start = System.nanoTime();
        List<Measurement> results;
        Map<String, String> env;
        try (BenchDb bench = new BenchDb(host, port, user, db, pool, forceBinary); Ctx ctx = new Ctx(bench, sizes)) {
            env = environment(bench, settings, sizes);
            results = new Runner(ctx, settings, System.out::println).run(selected);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        env.put("run time", String.format("%.0f s", seconds));
        String command = opts.getOrDefault("command", "benchmarks/run.sh " + String.join(" ", args)).strip();
        Path notes = Path.of("benchmarks/profile-notes.md");
        String extra = Files.exists(notes) ? Files.readString(notes) : null;
        write(md, Report.markdown(results, env, command, mode, extra));
        write(json, Report.json(results));
        System.out.printf("Wrote %s and %s in %.0f s%n", md, json, seconds);
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
        List<List<Object>> v = bench.query("SELECT version()");
        env.put("PostgreSQL", String.valueOf(v.get(0).get(0)));
        StringBuilder pg = new StringBuilder();
        for (String name : List.of("shared_buffers", "work_mem", "synchronous_commit", "fsync", "max_connections",
                "jit")) {
            pg.append(pg.length() == 0 ? "" : ", ").append(name).append('=')
                    .append(bench.query("SHOW " + name).get(0).get(0));
        }
        env.put("PostgreSQL settings", pg.toString());
        env.put("server", "127.0.0.1 (same machine), TCP");
        env.put("pool (each contender)", "r2dbc-pool, initial=max=" + bench.poolSettings().maxSize()
                + ", validation LOCAL, warmed up");
        env.put("driver", "r2dbc-postgresql " + pkgVersion(io.r2dbc.postgresql.PostgresqlConnectionFactory.class)
                + ", forceBinary=" + bench.forceBinary() + ", preparedStatementCacheQueries=-1 (default)");
        env.put("spring-data-r2dbc", pkgVersion(org.springframework.data.r2dbc.core.R2dbcEntityTemplate.class));
        env.put("settings", s.name() + ": warm-up " + s.warmupMs() + " ms, " + s.iterations() + " batches of ~"
                + s.iterationMs() + " ms, inflight " + Arrays.toString(s.inflights()));
        env.put("data sizes", sizes.toString().replace("Sizes[", "").replace("]", ""));
        return env;
    }

    private static String pkgVersion(Class<?> c) {
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
