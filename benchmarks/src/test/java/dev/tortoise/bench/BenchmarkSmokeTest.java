package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every workload once per contender on tiny data (results checked equal to raw's, one batch
 * with 1 and with 8 in flight, the fairness checks made, the report rendered), on each database of
 * {@code benchmarks/run.sh --db=...}, so the harness cannot rot. Needs PostgreSQL at 127.0.0.1:5432 and MariaDB at
 * 127.0.0.1:3306; a database that is not reachable is skipped loudly, or failed under
 * {@code -Dtortoise.test.require-postgres=true} / {@code -Dtortoise.test.require-mariadb=true}.
 */
class BenchmarkSmokeTest {
    static final String PG_HOST = System.getProperty("tortoise.test.pg-host", "127.0.0.1");
    static final String MARIADB_HOST = System.getProperty("tortoise.test.mariadb-host", "127.0.0.1");
    /** The workloads whose spring-data row uses entity mapping for work the DatabaseClient row maps by hand. */
    static final java.util.Set<String> SPRING_CLIENT_WORKLOADS = java.util.Set.of("P2", "S", "ST");

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"postgres", "mariadb"})
    void everyWorkloadRunsOnEveryContenderWithResultsEqualToRaws(String database) {
        BenchDatabase bench = BenchDatabase.named(database);
        String url = database.equals("postgres") ? "r2dbc:postgresql://postgres@" + PG_HOST + ":5432/test"
                : "r2dbc:mariadb://root@" + MARIADB_HOST + ":3306";
        if (!BenchDb.reachable(url)) {
            System.err.println("\n!!!!!!!!!! " + bench.title() + " at " + url + " is NOT reachable: the benchmark "
                    + "smoke test is SKIPPED for it.\n");
            if (Boolean.getBoolean("tortoise.test.require-" + database)) {
                Assertions.fail(bench.title() + " at " + url + " is required (-Dtortoise.test.require-" + database
                        + "=true)");
            }
            Assumptions.abort(bench.title() + " at " + url + " is not reachable");
        }
        Runner.Results results;
        List<String> log = new ArrayList<>();
        try (BenchDb db = new BenchDb(bench, url, 8, false);
             Ctx ctx = new Ctx(db, Sizes.SMOKE)) {
            assertThat(bench.environment(db, false)).containsKeys("database", "database settings", "driver");
            results = new Runner(ctx, Runner.Settings.SMOKE, log::add).run(BenchmarkMain.workloads());
        }
        log.forEach(System.out::println);
        List<Measurement> all = results.measurements();

        assertThat(all).filteredOn(m -> m.status() == Measurement.Status.FAILED)
                .as("failed workloads").isEmpty();
        assertThat(all).filteredOn(m -> m.status() != Measurement.Status.OK)
                .as("workloads a contender could not run").isEmpty();
        for (Workload w : BenchmarkMain.workloads()) {
            for (Contender c : Contender.values()) {
                for (int k : new int[] {1, 8}) {
                    boolean ran = all.stream().anyMatch(m -> m.workload().equals(w.id())
                            && m.dataVariant().equals(w.variant()) && m.inflight() == k && m.contender() == c
                            && m.ops() > 0);
                    assertThat(ran).as(w.id() + " " + w.variant() + " " + c.label() + " inflight=" + k)
                            .isEqualTo(c != Contender.SPRING_CLIENT || SPRING_CLIENT_WORKLOADS.contains(w.id()));
                }
            }
        }
        assertThat(all.stream().mapToDouble(Measurement::cpuUsPerOp).sum()).as("CPU time measured").isPositive();

        assertThat(results.checks()).extracting(Fairness.Check::workload, Fairness.Check::what)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("S", "join type"));
        // raw's and Spring's statements are ours (INNER JOIN); tortoise's is read from QuerySet.sql(): the core joins
        // the NOT NULL foreign key with an INNER JOIN, so S compares like with like.
        String detail = results.checks().get(0).detail();
        assertThat(detail).contains("raw: INNER JOIN (`", "spring-data: INNER JOIN (`",
                "spring-data (DatabaseClient): INNER JOIN (`", "tortoise: INNER JOIN (`");
        assertThat(results.checks().get(0).ok()).as("S fairness check: " + detail).isTrue();

        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("commit", "smoke");
        String md = Report.markdown(results, env, "smoke", "smoke", null);
        assertThat(md).contains("### D", "### ST", "## Fairness checks", "## Targets (issue 10)", "CPU µs/op",
                "spring-data (DatabaseClient)", "Spring Data R2DBC has no bulk insert");
        assertThat(Report.json(results, env, "smoke", "smoke")).contains("\"commit\" : \"smoke\"", "\"results\"",
                "\"ratio_to_raw\"", "\"cpu_us_per_op\"", "\"cpu_ratio_to_raw\"", "\"fairness_checks\"", "\"targets\"");
    }
}
