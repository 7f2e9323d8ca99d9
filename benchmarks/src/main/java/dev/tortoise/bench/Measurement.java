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
 * @param status OK, NOT_AVAILABLE (the contender cannot run it yet) or FAILED (error or wrong result)
 * @param note why not OK
 * @param opsPerS operations per second (mean of the measured iterations)
 * @param errorPct the relative standard deviation of the iterations' rates, in percent
 * @param bytesPerRow bytes allocated by every thread of the JVM per row read or written
 * @param statementsPerOp SQL statements created per operation, counted below the pool
 * @param ops operations measured
 */
public record Measurement(String workload, String dataVariant, String title, Contender contender, String method,
                          int inflight, Status status, String note, double opsPerS, double errorPct, double bytesPerRow,
                          double statementsPerOp, long ops) {

    public enum Status { OK, NOT_AVAILABLE, FAILED }

    /** The variant as the results file names it: {@code narrow, inflight=1}. */
    public String variant() {
        return dataVariant + (method.isEmpty() ? "" : ", method=" + method) + ", inflight=" + inflight;
    }

    static Measurement notRun(Workload w, Contender c, String method, int inflight, Status status, String note) {
        return new Measurement(w.id(), w.variant(), w.title(), c, method, inflight, status, note, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0);
    }
}
