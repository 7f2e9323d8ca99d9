package dev.tortoise.bench;

/**
 * One contender's figures on one workload variant at one concurrency.
 *
 * @param workload the workload letter
 * @param dataVariant the data variant (narrow, wide, 1000 rows...)
 * @param title what one operation does
 * @param contender who ran it
 * @param method the raw contender's method where it has several (C: values, unnest, copy), else ""
 * @param inflight operations in flight
 * @param status OK, NOT_AVAILABLE (the contender cannot run it yet), SKIPPED (quick mode) or FAILED (error or
 *               wrong result)
 * @param note why not OK
 * @param opsPerS operations per second (mean of the measured iterations)
 * @param errorPct the relative standard deviation of the iterations' rates, in percent
 * @param bytesPerRow bytes allocated by every thread of the JVM per row read or written
 * @param cpuUsPerOp CPU time of the JVM process during the contender's measured batches, every thread but the JIT
 *                   compilers (event loops, GC, the batch's own thread), in microseconds per operation
 * @param jitMs CPU time of the JIT compiler threads during those batches, in milliseconds, kept out of
 *              {@code cpuUsPerOp} (a warm-up check: large values mean code was still being compiled); NaN when
 *              not known
 * @param statementsPerOp SQL statements created per operation, counted below the pool
 * @param ops operations measured
 * @param warmupOps operations the contender ran on this workload variant before this concurrency's first measured
 *                  batch (the priming of {@link Runner.Settings#warmupOps} and every warm-up so far, at any
 *                  concurrency; the correctness check's one operation not counted)
 * @param rates ops/s of each measured round, in round order (rounds are interleaved across contenders, so
 *              round i of two contenders ran at nearly the same time)
 */
public record Measurement(String workload, String dataVariant, String title, Contender contender, String method,
                          int inflight, Status status, String note, double opsPerS, double errorPct, double bytesPerRow,
                          double cpuUsPerOp, double jitMs, double statementsPerOp, long ops, long warmupOps,
                          java.util.List<Double> rates) {

    public enum Status { OK, NOT_AVAILABLE, SKIPPED, FAILED }

    /** The variant as the results file names it: {@code narrow, inflight=1}. */
    public String variant() {
        return dataVariant + (method.isEmpty() ? "" : ", method=" + method) + ", inflight=" + inflight;
    }

    static Measurement notRun(Workload w, Contender c, String method, int inflight, Status status, String note) {
        return new Measurement(w.id(), w.variant(), w.title(), c, method, inflight, status, note, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, java.util.List.of());
    }
}
