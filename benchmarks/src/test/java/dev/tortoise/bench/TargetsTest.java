package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetsTest {
    /** A measurement whose every round ran at {@code ops} ops/s. */
    static Measurement m(String w, Contender c, String method, int inflight, double ops, double cpuUs, double bytes) {
        return new Measurement(w, "narrow", "t", c, method, inflight, Measurement.Status.OK, "", ops, 0, bytes, cpuUs, 0,
                1, 100, 0, List.of(ops, ops, ops));
    }

    static List<Measurement> run(String w, double tortoiseOps, double tortoiseCpu, double tortoiseBytes) {
        List<Measurement> all = new ArrayList<>();
        for (int k : new int[] {1, 8}) {
            all.add(m(w, Contender.RAW, "", k, 1000, 100, 1000));
            all.add(m(w, Contender.SPRING, "", k, 500, 200, 2000));
            all.add(m(w, Contender.TORTOISE, "", k, tortoiseOps, tortoiseCpu, tortoiseBytes));
        }
        return all;
    }

    static Targets.Outcome outcome(List<Targets.Outcome> all, Targets.Kind kind) {
        return all.stream().filter(o -> o.target().kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void aWorkloadIsJudgedOnTimeCpuBytesAndSpringData() {
        List<Targets.Outcome> out = Targets.evaluate(run("F", 1000 / 1.04, 106, 1100), new int[] {1, 8}, Set.of());
        assertThat(out).extracting(o -> o.target().kind()).containsExactly(Targets.Kind.TIME_VS_RAW,
                Targets.Kind.CPU_VS_RAW, Targets.Kind.TIME_VS_SPRING, Targets.Kind.CPU_VS_SPRING,
                Targets.Kind.BYTES_VS_RAW);
        assertThat(outcome(out, Targets.Kind.TIME_VS_RAW).status()).isEqualTo(Targets.Status.MET);
        assertThat(outcome(out, Targets.Kind.TIME_VS_RAW).worst()).isCloseTo(1.04, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(outcome(out, Targets.Kind.CPU_VS_RAW).status()).isEqualTo(Targets.Status.MISSED);
        assertThat(outcome(out, Targets.Kind.BYTES_VS_RAW).status()).isEqualTo(Targets.Status.MET);
        assertThat(outcome(out, Targets.Kind.TIME_VS_SPRING).status()).isEqualTo(Targets.Status.MET);
    }

    @Test
    void aWorkloadWithoutARawTargetIsJudgedAgainstSpringDataAndBytesOnly() {
        List<Targets.Outcome> out = Targets.evaluate(run("B", 500, 200, 1300), new int[] {1, 8}, Set.of());
        assertThat(out).extracting(o -> o.target().kind()).containsExactly(Targets.Kind.TIME_VS_SPRING,
                Targets.Kind.CPU_VS_SPRING, Targets.Kind.BYTES_VS_RAW);
        // As fast as spring-data is not faster than spring-data.
        assertThat(out).extracting(Targets.Outcome::status).containsOnly(Targets.Status.MISSED);
    }

    @Test
    void bulkInsertIsJudgedAgainstRawsBestMethodAndTenTimesSpringData() {
        List<Measurement> all = new ArrayList<>();
        for (int k : new int[] {1, 8}) {
            all.add(m("C", Contender.RAW, "values", k, 50, 900, 3000));
            all.add(m("C", Contender.RAW, "unnest", k, 100, 500, 220));
            all.add(m("C", Contender.SPRING, "", k, 5, 20_000, 20_000));
            all.add(m("C", Contender.TORTOISE, "", k, 95, 540, 400));
        }
        List<Targets.Outcome> out = Targets.evaluate(all, new int[] {1, 8}, Set.of());
        assertThat(out).extracting(o -> o.target().kind(), o -> o.target().limit(), Targets.Outcome::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Targets.Kind.TIME_VS_RAW, 1.10, Targets.Status.MET),
                        org.assertj.core.groups.Tuple.tuple(Targets.Kind.CPU_VS_RAW, 1.10, Targets.Status.MET),
                        org.assertj.core.groups.Tuple.tuple(Targets.Kind.TIME_VS_SPRING, 0.10, Targets.Status.MET),
                        org.assertj.core.groups.Tuple.tuple(Targets.Kind.CPU_VS_SPRING, 0.10, Targets.Status.MET),
                        org.assertj.core.groups.Tuple.tuple(Targets.Kind.BYTES_VS_RAW, 2.0, Targets.Status.MET));
    }

    @Test
    void aWorkloadWhoseFairnessCheckFailedIsNotJudged() {
        List<Targets.Outcome> out = Targets.evaluate(run("S", 1000, 100, 1000), new int[] {1, 8}, Set.of("S"));
        assertThat(out).extracting(Targets.Outcome::status).containsOnly(Targets.Status.NOT_COMPARABLE);
    }

    @Test
    void aConcurrencyThatWasNotMeasuredIsLeftOutAndOneThatWasDecides() {
        List<Measurement> all = new ArrayList<>(run("A", 1000 / 1.2, 100, 1000));
        all.removeIf(x -> x.inflight() == 8 && x.contender() == Contender.SPRING);
        Targets.Outcome vsSpring = outcome(Targets.evaluate(all, new int[] {1, 8}, Set.of()),
                Targets.Kind.TIME_VS_SPRING);
        assertThat(vsSpring.values().get(8)).isNaN();
        assertThat(vsSpring.status()).isEqualTo(Targets.Status.MET);
        assertThat(outcome(Targets.evaluate(all, new int[] {1, 8}, Set.of()), Targets.Kind.TIME_VS_RAW).status())
                .isEqualTo(Targets.Status.MISSED);
    }
}
