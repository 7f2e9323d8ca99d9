package dev.tortoise.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 10's targets for tortoise, and whether a run met them. Each is judged per workload variant on the worse
 * of 1 and 8 operations in flight; a ratio is compared as the report prints it (two decimals).
 */
public final class Targets {
    private Targets() {
    }

    /** What a target compares: tortoise's time, CPU or bytes, relative to raw's or to Spring Data's. */
    public enum Kind {
        TIME_VS_RAW("time × raw"), CPU_VS_RAW("CPU × raw"), BYTES_VS_RAW("B/row × raw"),
        TIME_VS_SPRING("time × spring-data"), CPU_VS_SPRING("CPU × spring-data");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One target.
     *
     * @param group the row of the report's targets table it belongs to
     * @param kind what is compared
     * @param workloads the workloads it applies to (empty: every workload but those of other rows of the kind)
     * @param limit the ratio not to exceed
     * @param strict whether the ratio must stay strictly below the limit ("faster than")
     */
    public record Target(String group, Kind kind, Set<String> workloads, double limit, boolean strict) {
        public String limitText() {
            if (limit == 0.10) {
                return "≤ 0.10 (≥ 10× faster)";
            }
            return (strict ? "< " : "≤ ") + fmt(limit);
        }

        boolean appliesTo(String workload) {
            return workloads.isEmpty() ? !excluded(kind, workload) : workloads.contains(workload);
        }
    }

    /** Whether a target with explicit workloads of this kind already covers the workload. */
    private static boolean excluded(Kind kind, String workload) {
        for (Target t : ALL) {
            if (t.kind == kind && !t.workloads.isEmpty() && t.workloads.contains(workload)) {
                return true;
            }
        }
        return false;
    }

    static final Set<String> SINGLE = Set.of("A", "D", "E", "F", "G", "H");
    static final Set<String> PREFETCH = Set.of("P1", "P2");

    /** Issue 10's targets, in the order of the report's table. */
    public static final List<Target> ALL = List.of(
            new Target("A, D, E, F, G, H", Kind.TIME_VS_RAW, SINGLE, 1.05, false),
            new Target("A, D, E, F, G, H", Kind.CPU_VS_RAW, SINGLE, 1.05, false),
            new Target("P1, P2 (raw: the hand-written two-query version)", Kind.TIME_VS_RAW, PREFETCH, 1.15, false),
            new Target("P1, P2 (raw: the hand-written two-query version)", Kind.CPU_VS_RAW, PREFETCH, 1.15, false),
            new Target("S", Kind.TIME_VS_RAW, Set.of("S"), 1.10, false),
            new Target("S", Kind.CPU_VS_RAW, Set.of("S"), 1.10, false),
            new Target("C (raw's best method)", Kind.TIME_VS_RAW, Set.of("C"), 1.10, false),
            new Target("C (raw's best method)", Kind.CPU_VS_RAW, Set.of("C"), 1.10, false),
            new Target("C: ≥ 10× faster than spring-data", Kind.TIME_VS_SPRING, Set.of("C"), 0.10, false),
            new Target("C: ≥ 10× faster than spring-data", Kind.CPU_VS_SPRING, Set.of("C"), 0.10, false),
            new Target("every other workload: faster than spring-data", Kind.TIME_VS_SPRING, Set.of(), 1.0, true),
            new Target("every other workload: faster than spring-data", Kind.CPU_VS_SPRING, Set.of(), 1.0, true),
            new Target("every workload but C: bytes per row", Kind.BYTES_VS_RAW, Set.of(), 1.2, false),
            new Target("C: bytes per row", Kind.BYTES_VS_RAW, Set.of("C"), 2.0, false));

    /** How a target fared on one workload variant. */
    public enum Status { MET, MISSED, NOT_MEASURED, NOT_COMPARABLE }

    /**
     * A target on one workload variant.
     *
     * @param values the ratio at each concurrency (NaN: not measured)
     */
    public record Outcome(Target target, String workload, String variant, Map<Integer, Double> values,
                          Status status) {
        /** The worse of the measured values. */
        public double worst() {
            return values.values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).max()
                    .orElse(Double.NaN);
        }
    }

    /** The ratio a target compares, for one tortoise measurement (NaN when not measured). */
    static double value(Kind kind, Measurement m, List<Measurement> all) {
        return switch (kind) {
            case TIME_VS_RAW -> Report.ratio(m, Report.fastest(all, m, Contender.RAW));
            case CPU_VS_RAW -> Report.cpuRatio(m, Report.leastCpu(all, m, Contender.RAW));
            case BYTES_VS_RAW -> Report.bytesRatio(m, Report.leastBytes(all, m, Contender.RAW));
            case TIME_VS_SPRING -> Report.ratio(m, Report.fastest(all, m, Contender.SPRING));
            case CPU_VS_SPRING -> Report.cpuRatio(m, Report.leastCpu(all, m, Contender.SPRING));
        };
    }

    /** Every target on every workload variant of the run, in target order. */
    public static List<Outcome> evaluate(List<Measurement> all, int[] inflights, Set<String> unfairWorkloads) {
        Map<String, String[]> variants = new LinkedHashMap<>();
        for (Measurement m : all) {
            variants.putIfAbsent(m.workload() + "|" + m.dataVariant(), new String[] {m.workload(), m.dataVariant()});
        }
        List<Outcome> out = new ArrayList<>();
        for (Target t : ALL) {
            for (String[] v : variants.values()) {
                if (!t.appliesTo(v[0])) {
                    continue;
                }
                Map<Integer, Double> values = new LinkedHashMap<>();
                for (int k : inflights) {
                    double value = Double.NaN;
                    for (Measurement m : all) {
                        if (m.contender() == Contender.TORTOISE && m.workload().equals(v[0])
                                && m.dataVariant().equals(v[1]) && m.inflight() == k
                                && m.status() == Measurement.Status.OK) {
                            value = value(t.kind, m, all);
                        }
                    }
                    values.put(k, value);
                }
                out.add(new Outcome(t, v[0], v[1], values, status(t, values, unfairWorkloads.contains(v[0]))));
            }
        }
        return out;
    }

    private static Status status(Target t, Map<Integer, Double> values, boolean unfair) {
        boolean any = false;
        boolean met = true;
        for (double v : values.values()) {
            if (Double.isNaN(v)) {
                continue;
            }
            any = true;
            double shown = Math.round(v * 100) / 100.0;
            met &= t.strict ? shown < t.limit : shown <= t.limit;
        }
        if (!any) {
            return Status.NOT_MEASURED;
        }
        if (unfair) {
            return Status.NOT_COMPARABLE;
        }
        return met ? Status.MET : Status.MISSED;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.2f", v);
    }
}
