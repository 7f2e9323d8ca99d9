package dev.tortoise.internal.execution;

import dev.tortoise.internal.mapping.RowMapper;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The rows of one statement, read to the end of the statement's conversation even when the
 * subscriber cancels: after a cancel the remaining rows are requested and dropped unmapped, and
 * {@link #settled()} completes once the driver has delivered its last message. The connection may
 * then go back to the pool with nothing left in flight on it. The statement's subscriber
 * ({@link StatementFlow}) does the reading and tells this object of the statement's start, cancel
 * and end; this object keeps the state the connection's release waits on.
 *
 * <p>Why not simply cancel the driver's result: r2dbc-postgresql drains a cancelled result by
 * itself, but leaks the pooled buffers of rows it had already decoded (Netty reports
 * {@code LEAK: DataRow.release() was not called}), and a connection handed back while its
 * conversation is still running makes the next borrower wait behind it.
 *
 * <p>Where the driver can cancel a statement on the server (PostgreSQL), a statement still running
 * {@link #STOP_GRACE} after its subscriber cancelled, or past its timeout, is cancelled there, so
 * that an abandoned request does not keep the server busy to the statement's natural end.
 */
final class SettlingRows extends Mono<Void> implements BiFunction<Row, RowMetadata, Object> {
    /** Returned by a row mapper in place of a row once the subscriber has cancelled: dropped, never emitted. */
    static final Object SKIPPED = new Object() {
        @Override
        public String toString() {
            return "SKIPPED";
        }
    };

    /** How long a statement whose subscriber cancelled may still run before it is stopped on the server. */
    static final Duration STOP_GRACE = Duration.ofMillis(100);
    /** How long the server's answer to a cancel request is awaited before the release goes on regardless. */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.db_client");

    private static final AtomicIntegerFieldUpdater<SettlingRows> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(SettlingRows.class, "pending");
    private static final AtomicIntegerFieldUpdater<SettlingRows> STOP_SENT =
            AtomicIntegerFieldUpdater.newUpdater(SettlingRows.class, "stopSent");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<SettlingRows, Sinks.Empty> SINK =
            AtomicReferenceFieldUpdater.newUpdater(SettlingRows.class, Sinks.Empty.class, "sink");

    /**
     * What {@link #settled()} waits on, made by the first subscriber that has to wait: most
     * statements end without anybody asking, and this is paid per statement.
     */
    private volatile Sinks.Empty<Void> sink;
    /**
     * The driver's connection whose cancel request stops the statement ({@link #stopperOf}), asked
     * for only when it is needed: every PostgreSQL statement has one, few are stopped; null where
     * the driver has none.
     */
    private volatile Connection cancelOn;
    /** Maps the statement's rows while nobody has cancelled ({@link #mapping}); null until then. */
    private volatile RowMapper mapper;
    /** The rows still being read (1 until they end) plus a cancel request in flight (1 while it is). */
    private volatile int pending = 1;
    private volatile int stopSent;
    private volatile boolean cancelled;
    private volatile boolean started;
    /**
     * Completes {@code actual} as {@link #settled()} describes. This object is its own settled
     * publisher so that a statement pays one object for its settling instead of two: every statement
     * on PostgreSQL and MariaDB makes one.
     */
    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        if (!started || pending == 0) {
            Operators.complete(actual);
            return;
        }
        Sinks.Empty<Void> s = sink;
        if (s == null) {
            Sinks.Empty<Void> made = Sinks.empty();
            s = SINK.compareAndSet(this, null, made) ? made : sink;
        }
        // settle() may have ended the count before the sink was there to be told.
        if (pending == 0) {
            s.tryEmitEmpty();
        }
        s.asMono().subscribe(actual);
    }

    /**
     * Sets the connection whose cancel request (PostgreSQL's CancelRequest, made by
     * {@link Drivers#serverCancelOfPhysical} only when it is sent) stops the statement running on
     * it: {@code physical} is one for which {@link Drivers#cancelsOnServer} holds. Left unset where
     * the driver has none. Used when the subscriber cancels and the statement has not ended within
     * {@link #STOP_GRACE}, and by {@link #stopAfter}.
     */
    void stopperOf(Connection physical) {
        this.cancelOn = physical;
    }

    /**
     * The statement's row mapping: {@code mapper}'s row, or {@link #SKIPPED} once the subscriber has
     * cancelled. One statement maps every result with the same mapper; this object is that function,
     * so that a result does not pay for one of its own.
     */
    BiFunction<Row, RowMetadata, Object> mapping(RowMapper mapper) {
        this.mapper = mapper;
        return this;
    }

    @Override
    public Object apply(Row row, RowMetadata metadata) {
        return cancelled ? SKIPPED : mapper.map(row, metadata);
    }

    /** Whether the subscriber has cancelled (row mappers return {@link #SKIPPED} from then on). */
    boolean cancelled() {
        return cancelled;
    }

    /**
     * Completes when the statement's result has been read to its end (or failed), whether or not
     * anyone still listens, and any cancel request sent for it has been delivered; at once when the
     * statement was never started (its work failed or was cancelled before it was sent).
     */
    Mono<Void> settled() {
        return this;
    }

    /** Marks the statement as sent: {@link #settled()} waits for its rows from now on. */
    void begin() {
        started = true;
    }

    /** The statement's rows have ended (completed or failed), whether or not anyone still reads them. */
    void ended() {
        settle();
    }

    /**
     * The subscriber has cancelled: rows are dropped unmapped from now on, and a statement still
     * running after {@link #STOP_GRACE} is stopped on the server rather than waited for.
     */
    void onCancel() {
        cancelled = true;
        if (cancelOn != null) {
            Schedulers.parallel().schedule(this::stopOnServer, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void settle() {
        if (PENDING.decrementAndGet(this) == 0) {
            Sinks.Empty<Void> s = sink;
            if (s != null) {
                s.tryEmitEmpty();
            }
        }
    }

    /**
     * Asks the server to cancel the statement unless its result has already ended; at most once.
     * {@link #settled()} then also waits for the request to be delivered, so that the connection is
     * released only once no cancel can still reach it (a late one would hit the next borrower's
     * statement). Returns whether a request was sent.
     */
    boolean stopOnServer() {
        Connection physical = cancelOn;
        if (physical == null || !STOP_SENT.compareAndSet(this, 0, 1)) {
            return false;
        }
        int p;
        do {
            p = pending;
            if (p == 0) {
                return false;
            }
        } while (!PENDING.compareAndSet(this, p, p + 1));
        Mono<Void> request;
        try {
            request = Drivers.serverCancelOfPhysical(physical).get();
        } catch (RuntimeException e) {
            LOG.warn("Could not cancel a statement on the server", e);
            settle();
            return false;
        }
        request.timeout(STOP_LIMIT)
                .doFinally(signal -> settle())
                .subscribe(null, e -> LOG.warn("Cancel request for a statement failed: {}", e.toString()));
        return true;
    }

    /**
     * Stops the statement on the server once {@code timeout} has passed without its result ending,
     * after running {@code onTimeout}; the returned handle calls that off.
     */
    Disposable stopAfter(Duration timeout, Runnable onTimeout) {
        return Schedulers.parallel().schedule(() -> {
            if (pending > 0) {
                onTimeout.run();
                stopOnServer();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
