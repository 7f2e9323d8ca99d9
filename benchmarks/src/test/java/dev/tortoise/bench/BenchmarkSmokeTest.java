package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs every workload once per contender on tiny data (results checked equal to raw's, one batch
 * with 1 and with 8 in flight, the report rendered), so the harness cannot rot. Needs PostgreSQL at
 * 127.0.0.1:5432; skipped loudly without it, or failed under {@code -Dtortoise.test.require-postgres=true}.
 */
class BenchmarkSmokeTest {
    static final String HOST = System.getProperty("tortoise.test.pg-host", "127.0.0.1");

    @Test
    void everyWorkloadRunsAndEveryAvailableContenderAgreesWithRaw() {
        if (!BenchDb.reachable(HOST, 5432, "postgres", "test")) {
            System.err.println("\n!!!!!!!!!! PostgreSQL at " + HOST + ":5432 is NOT reachable: the benchmark smoke test "
                    + "is SKIPPED.\n");
            if (Boolean.getBoolean("tortoise.test.require-postgres")) {
                Assertions.fail("PostgreSQL at " + HOST + ":5432 is required (-Dtortoise.test.require-postgres=true)");
            }
            Assumptions.abort("PostgreSQL at " + HOST + ":5432 is not reachable");
        }
        List<Measurement> results;
        List<String> log = new ArrayList<>();
        try (BenchDb db = new BenchDb(HOST, 5432, "postgres", "test", 8, false); Ctx ctx = new Ctx(db, Sizes.SMOKE)) {
            results = new Runner(ctx, Runner.Settings.SMOKE, log::add).run(BenchmarkMain.workloads());
        }
        log.forEach(System.out::println);

        assertThat(results).filteredOn(m -> m.status() == Measurement.Status.FAILED)
                .as("failed workloads").isEmpty();
        assertThat(results).filteredOn(m -> m.status() != Measurement.Status.OK)
                .as("only tortoise may lack a feature").allMatch(m -> m.contender() == Contender.TORTOISE);
        for (Workload w : BenchmarkMain.workloads()) {
            for (int k : new int[] {1, 8}) {
                assertThat(results).as(w.id() + " " + w.variant() + " inflight=" + k)
                        .anyMatch(m -> m.workload().equals(w.id()) && m.dataVariant().equals(w.variant())
                                && m.inflight() == k && m.contender() == Contender.RAW
                                && m.status() == Measurement.Status.OK && m.ops() > 0);
            }
        }
        String md = Report.markdown(results, new java.util.LinkedHashMap<>(), "smoke", "smoke", null);
        assertThat(md).contains("### D", "### ST");
        assertThat(Report.json(results)).contains("\"workload\"", "\"ratio_to_raw\"");
    }
}
