package dev.tortoise.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.commons.logging.Log;

/**
 * Logs at most one line per failure kind per interval, with the number of like failures since the last
 * line: during a database outage every request fails the same way, and a stack trace per request would
 * bury the log (and slow the server) while telling nothing new.
 */
final class ErrorLogThrottle {
    private final Log log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        private final AtomicLong opened;
        private final AtomicLong suppressed = new AtomicLong();

        Window(long opened) {
            this.opened = new AtomicLong(opened);
        }
    }

    ErrorLogThrottle(Log log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    ErrorLogThrottle(Log log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = Math.max(0, interval.toNanos());
        this.nanoClock = nanoClock;
    }

    /**
     * Logs {@code message} (with {@code error}'s stack trace when {@code withTrace}) unless a failure of the
     * same {@code kind} was logged less than an interval ago; then it is only counted, and the count is
     * added to the next line of that kind.
     *
     * @return whether a line was written
     */
    boolean report(String kind, String message, Throwable error, boolean withTrace) {
        long now = nanoClock.getAsLong();
        Window w = windows.get(kind);
        if (w == null) {
            Window fresh = new Window(now);
            w = windows.putIfAbsent(kind, fresh);
            if (w == null) {
                write(message, 0, error, withTrace);
                return true;
            }
        }
        long opened = w.opened.get();
        if (now - opened >= intervalNanos && w.opened.compareAndSet(opened, now)) {
            write(message, w.suppressed.getAndSet(0), error, withTrace);
            return true;
        }
        w.suppressed.incrementAndGet();
        return false;
    }

    private void write(String message, long suppressed, Throwable error, boolean withTrace) {
        String line = suppressed == 0 ? message
                : message + " (" + suppressed + " more like it since the last report)";
        if (withTrace) {
            log.error(line, error);
        } else {
            log.warn(line);
        }
    }
}
