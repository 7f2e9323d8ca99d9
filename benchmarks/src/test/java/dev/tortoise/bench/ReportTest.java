package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU column in the markdown report and in latest.json, from measurements made up for the test. */
class ReportTest {
    static Measurement m(Contender c, String method, int inflight, double ops, double cpuUs) {
        return new Measurement("F", "narrow", "get(id=x)", c, method, inflight, Measurement.Status.OK, "", ops, 2.0,
                1000, cpuUs, 5, 1, 4000, 1200, List.of(ops, ops, ops));
    }

    static Runner.Results results() {
        List<Measurement> all = new ArrayList<>();
        for (int k : new int[] {1, 8}) {
            all.add(m(Contender.RAW, "", k, 2000, 80));
            all.add(m(Contender.SPRING, "", k, 1000, 240));
            all.add(m(Contender.TORTOISE, "", k, 1600, 120));
        }
        return new Runner.Results(all, List.of(), Map.of());
    }

    @Test
    void markdownShowsCpuPerOperationAndItsRatioToRawBesideTimeAndBytes() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("commit", "abc1234");
        String md = Report.markdown(results(), env, "benchmarks/run.sh", "quick", null);
        assertThat(md).contains("| inflight | contender | ops/s | ± | time × raw | time × spring | CPU µs/op | CPU × raw "
                + "| B/row | stmt/op |");
        assertThat(md).contains("| 1 | raw | 2000.0 | 2% | 1.00 | 0.50 | 80.0 | 1.00 | 1000 | 1.00 |",
                "| 1 | spring-data | 1000.0 | 2% | 2.00 | 1.00 | 240 | 3.00 | 1000 | 1.00 |",
                "| 8 | tortoise | 1600.0 | 2% | 1.25 | 0.63 | 120 | 1.50 | 1000 | 1.00 |");
        // the summary puts CPU × raw beside time × raw, both concurrencies in one cell
        assertThat(md).contains("| F | narrow | 1.25 / 1.25 ❌ | 1.50 / 1.50 ❌ | 1.00 / 1.00 ✅ | 0.63 / 0.63 ✅ "
                + "| 0.50 / 0.50 ✅ |");
        assertThat(md).contains("This is a quick-mode run on a machine shared with other builds");
    }

    @Test
    void jsonHasCpuPerOperationAndItsRatiosPerResult() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("commit", "abc1234");
        String json = Report.json(results(), env, "benchmarks/run.sh", "quick");
        assertThat(json).contains("\"mode\" : \"quick\"");
        assertThat(json.replaceAll("\\s+", " ")).contains("\"workload\" : \"F\", \"contender\" : \"tortoise\", "
                + "\"variant\" : \"narrow, inflight=1\", \"ops_per_s\" : 1600.0, \"ratio_to_raw\" : 1.250, "
                + "\"ratio_to_spring_data\" : 0.625, \"cpu_us_per_op\" : 120.0, \"cpu_ratio_to_raw\" : 1.500, "
                + "\"cpu_ratio_to_spring_data\" : 0.500, \"bytes_per_row\" : 1000, \"bytes_ratio_to_raw\" : 1.000, "
                + "\"statements_per_op\" : 1.00, \"error_pct\" : 2.0, \"jit_cpu_ms\" : 5, \"warmup_ops\" : 1200, \"status\" : \"ok\" }");
    }
}
