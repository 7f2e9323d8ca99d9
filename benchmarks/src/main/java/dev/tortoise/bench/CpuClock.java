package dev.tortoise.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time the JVM process spends between two points, for one measured batch: the sum over every thread of
 * the process (event loops, GC workers, VM threads, the thread that runs the batch) of its CPU time, in
 * nanoseconds, with the JIT compiler threads' share kept apart.
 *
 * <p>On Linux it reads each thread's kernel counter, {@code /proc/self/task/<tid>/schedstat} (nanoseconds on CPU),
 * keeping the files open between readings; the thread that takes the readings is measured with
 * {@code ThreadMXBean#getCurrentThreadCpuTime} instead, so that the readings themselves fall outside the measured
 * interval. JIT compiler threads (named {@code C1/C2 CompilerThread…}) are summed apart: they compile what any
 * contender made hot, whenever they get to it, so their CPU cannot be charged to the batch it falls in. When any
 * other thread exits during a batch its counter is gone with it, and that batch falls back to the process's CPU
 * time from {@code OperatingSystemMXBean#getProcessCpuTime}, which counts every thread, the compilers included,
 * but only in clock ticks of 10 ms ({@code times(2)}). Elsewhere than on Linux the process figure is all there is.
 */
final class CpuClock {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean perThread;
    private final Map<String, RandomAccessFile> files = new HashMap<>();
    private final Set<String> compilers = new HashSet<>();
    private final byte[] buf = new byte[128];
    private String self;
    private long preciseNanos;
    private long jitNanos;
    private long processNanosOfPrecise;
    private int fallbacks;
    private int batches;

    CpuClock() {
        this.perThread = readableSchedstat();
    }

    private static boolean readableSchedstat() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(TASKS)) {
            for (Path t : ds) {
                return Files.isReadable(t.resolve("schedstat"));
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** A reading: every other thread's counter (null without them), this thread's CPU time and the process's. */
    record Reading(Map<String, Long> others, long self, long process) {
    }

    /**
     * CPU spent in a batch, in nanoseconds.
     *
     * @param cpu every thread but the JIT compilers (all of them on a fallback)
     * @param jit the JIT compiler threads (-1: not known, on a fallback)
     */
    record Spent(long cpu, long jit) {
    }

    /** Takes the reading before the measured work. */
    Reading start() {
        Map<String, Long> others = perThread ? others() : null;
        long process = OS.getProcessCpuTime();
        return new Reading(others, THREADS.getCurrentThreadCpuTime(), process);
    }

    /** The CPU the process spent since {@code start}. */
    Spent stop(Reading start) {
        long selfNow = THREADS.getCurrentThreadCpuTime();
        long processDelta = OS.getProcessCpuTime() - start.process();
        batches++;
        Map<String, Long> now = start.others() == null ? null : others();
        if (now == null) {
            fallbacks += perThread ? 1 : 0;
            return new Spent(processDelta, -1);
        }
        for (String tid : start.others().keySet()) {
            if (!now.containsKey(tid) && !compilers.contains(tid)) {
                fallbacks++;
                return new Spent(processDelta, -1);
            }
        }
        long cpu = selfNow - start.self();
        long jit = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long d = e.getValue() - start.others().getOrDefault(e.getKey(), 0L);
            if (compilers.contains(e.getKey())) {
                jit += d;
            } else {
                cpu += d;
            }
        }
        preciseNanos += cpu;
        jitNanos += jit;
        processNanosOfPrecise += processDelta;
        return new Spent(cpu, jit);
    }

    /** Every thread's counter but the calling thread's, or null when they could not be read. */
    private Map<String, Long> others() {
        try {
            if (self == null) {
                self = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(TASKS)) {
                for (Path t : ds) {
                    String tid = t.getFileName().toString();
                    if (!tid.equals(self) && !files.containsKey(tid)) {
                        files.put(tid, new RandomAccessFile(t.resolve("schedstat").toFile(), "r"));
                        if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                            compilers.add(tid);
                        }
                    }
                }
            }
            Map<String, Long> out = new HashMap<>();
            for (Iterator<Map.Entry<String, RandomAccessFile>> it = files.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, RandomAccessFile> e = it.next();
                try {
                    out.put(e.getKey(), read(e.getValue()));
                } catch (IOException gone) {
                    e.getValue().close();
                    it.remove();
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private long read(RandomAccessFile f) throws IOException {
        f.seek(0);
        int n = f.read(buf);
        if (n <= 0) {
            throw new IOException("empty schedstat");
        }
        long v = 0;
        for (int i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
            v = v * 10 + (buf[i] - '0');
        }
        return v;
    }

    /** How the CPU time was read, and the cross-check over every batch so far, for the report. */
    String describe() {
        if (!perThread) {
            return "OperatingSystemMXBean#getProcessCpuTime (10 ms ticks, JIT compiler threads included): per-thread "
                    + "counters are not readable here";
        }
        return String.format(java.util.Locale.ROOT, "per-thread counters (/proc/self/task/*/schedstat, ns), JIT "
                        + "compiler threads apart; %d of %d batches fell back to getProcessCpuTime (a thread exited); "
                        + "cross-check over the other batches: %.2f s by the thread counters (%.2f s without the JIT "
                        + "compilers' %.2f s), %.2f s by getProcessCpuTime", fallbacks, batches,
                (preciseNanos + jitNanos) / 1e9, preciseNanos / 1e9, jitNanos / 1e9, processNanosOfPrecise / 1e9);
    }

    void close() {
        for (RandomAccessFile f : files.values()) {
            try {
                f.close();
            } catch (IOException ignored) {
                // a /proc file: nothing to flush
            }
        }
        files.clear();
    }
}
