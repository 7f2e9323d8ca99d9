package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The warm-up rule: on a workload that is not heavy, every contender runs at least {@link Runner.Settings#warmupOps}
 * operations before its first measured batch, however slow it is, while a time-based warm-up alone would give the
 * slow ones far fewer; a heavy workload is not primed. Needs no database.
 */
class WarmupTest {
    /** Operations of the contenders take 0.2 ms (raw), 2 ms (spring-data) and 5 ms (tortoise) of waiting. */
    static final class Slow extends Workload {
        static final Map<Contender, Long> WAIT_US = new EnumMap<>(Map.of(Contender.RAW, 200L,
                Contender.SPRING, 2000L, Contender.TORTOISE, 5000L));
        final Map<Contender, AtomicLong> calls = new EnumMap<>(Contender.class);
        private final boolean heavy;

        Slow(boolean heavy) {
            super("X", heavy ? "heavy" : "slow", "wait a known time per operation");
            this.heavy = heavy;
            for (Contender c : Contender.values()) {
                calls.put(c, new AtomicLong());
            }
        }

        @Override
        public boolean heavy() {
            return heavy;
        }

        @Override
        public int rowsPerOp(Sizes sizes) {
            return 1;
        }

        @Override
        public void setup(Ctx ctx) {
        }

        private Impl waiting(Contender c) {
            Duration wait = Duration.ofNanos(WAIT_US.get(c) * 1000);
            return (seq, slot) -> {
                calls.get(c).incrementAndGet();
                return Mono.delay(wait).thenReturn(1);
            };
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            return one(waiting(Contender.RAW));
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return waiting(Contender.SPRING);
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            return waiting(Contender.TORTOISE);
        }
    }

    private static final int N = 400;
    // 100 ms of time-based warm-up per contender: tortoise alone would run ~20 operations at 1 in flight
    private static final Runner.Settings SETTINGS =
            new Runner.Settings("test", 100, 50, 2, 2, 10_000, new int[] {1, 4}, true, N);

    private static List<Measurement> run(Slow w, List<String> log) {
        try (Ctx ctx = Ctx.withoutDatabase(Sizes.SMOKE)) {
            return new Runner(ctx, SETTINGS, log::add).run(List.of(w)).measurements();
        } finally {
            log.forEach(System.out::println);
        }
    }

    @Test
    void everyContenderRunsAtLeastTheMinimumOperationsBeforeItIsMeasured() {
        Slow w = new Slow(false);
        List<String> log = new ArrayList<>();
        List<Measurement> all = run(w, log);

        assertThat(all).hasSize(6).allMatch(m -> m.status() == Measurement.Status.OK && m.ops() > 0);
        for (Contender c : Slow.WAIT_US.keySet()) {
            List<Measurement> mine = all.stream().filter(m -> m.contender() == c).toList();
            Measurement first = mine.stream().filter(m -> m.inflight() == 1).findFirst().orElseThrow();
            Measurement last = mine.stream().filter(m -> m.inflight() == 4).findFirst().orElseThrow();
            assertThat(first.warmupOps()).as(c.label() + " operations before its first measured batch")
                    .isGreaterThanOrEqualTo(N);
            assertThat(last.warmupOps()).as(c.label() + ": warm-up at 4 in flight adds to the priming")
                    .isGreaterThan(first.warmupOps());
            // what the harness reports is what the contender ran: the check's one operation, every warm-up
            // operation and the measured ones, nothing else
            assertThat(w.calls.get(c).get()).as(c.label() + " operations run")
                    .isEqualTo(1 + last.warmupOps() + first.ops() + last.ops());
        }
        // priming stops near the minimum rather than running on for the fast contender (batches are cut to what a
        // contender still lacks, rounded up to whole rounds of 4 in flight)
        assertThat(log).anyMatch(l -> l.contains("priming") && l.contains("raw 400 ops")
                && l.contains("tortoise 400 ops") && l.contains("at inflight=4"));
    }

    @Test
    void aHeavyWorkloadIsNotPrimed() {
        Slow w = new Slow(true);
        List<String> log = new ArrayList<>();
        List<Measurement> all = run(w, log);

        Measurement tortoise = all.stream().filter(m -> m.contender() == Contender.TORTOISE && m.inflight() == 1)
                .findFirst().orElseThrow();
        assertThat(tortoise.status()).isEqualTo(Measurement.Status.OK);
        assertThat(tortoise.warmupOps()).as("tortoise's operations before its first measured batch").isLessThan(N);
        assertThat(log).noneMatch(l -> l.contains("priming"));
    }
}
