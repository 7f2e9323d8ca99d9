package dev.tortoise.internal.execution;

import static dev.tortoise.internal.execution.StatementTimeouts.isCancelled;
import static dev.tortoise.internal.execution.StatementTimeouts.timedOut;

import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One statement's signals between the driver's results and the caller, handled by a single
 * subscriber per statement: requests and the cancel made on the connection's I/O thread
 * ({@link LoopRequests}), the rows read to their end after a cancel ({@link SettlingRows}), the
 * row counts added up, driver errors translated ({@link ExceptionTranslator}; a cancelled timed
 * statement as a QueryTimeoutError) and the statement published to its listeners once. Each part
 * is off when its argument is null or false, so a statement pays one object for all of them
 * instead of one operator per part.
 *
 * <p>Given the driver's results and how a result becomes rows ({@link ResultRows}), the same
 * subscriber reads the results one after another, each one's rows (or row count) before asking
 * the driver for the next result, as {@code concatMap} with a prefetch of one would, without an
 * operator, queue and inner subscriber of its own per statement. What the caller asks for goes to
 * the result being read; what it asked for and did not get from one result goes to the next.
 *
 * <p>Where other operators have to sit between the driver's side (I/O thread, settling) and the
 * caller's side (count, translation, listeners), as a statement timeout's or a blocking driver's
 * do, the statement uses two of these, one on each side.
 */
final class StatementFlow extends Flux<Object> {
    /** How one of the driver's results becomes what the statement emits: its rows mapped, or its row count. */
    interface ResultRows {
        /** {@code result}'s rows (or its row count) as a publisher subscribed to once. */
        Publisher<?> rowsOf(Result result);
    }

    private final Publisher<?> source;
    /** How each of {@code source}'s results becomes rows; null: {@code source} emits the rows themselves. */
    private final ResultRows results;
    /** The connection's I/O thread as a scheduler, where the driver must be asked there only; else null. */
    private final Scheduler loop;
    private final SettlingRows settling;
    private final boolean rowCount;
    /** The statement's SQL, attached to a translated error; null: errors pass untranslated. */
    private final String sql;
    private final Dialect dialect;
    /** A statement timeout whose cancel by the server is reported as a QueryTimeoutError; null: none. */
    private final Duration timeout;
    /** The statement's listeners when anyone listens, else null (then nothing is kept for them). */
    private final StatementListeners listeners;
    private final DatabaseConnection db;
    private final RenderedSql rendered;
    private final CompiledQuery query;
    private final long start;

    private StatementFlow(Publisher<?> source, ResultRows results, Scheduler loop, SettlingRows settling,
                          boolean rowCount, String sql, Dialect dialect, Duration timeout,
                          StatementListeners listeners, DatabaseConnection db, RenderedSql rendered,
                          CompiledQuery query, long start) {
        this.source = source;
        this.results = results;
        this.loop = loop;
        this.settling = settling;
        this.rowCount = rowCount;
        this.sql = sql;
        this.dialect = dialect;
        this.timeout = timeout;
        this.listeners = listeners;
        this.db = db;
        this.rendered = rendered;
        this.query = query;
        this.start = start;
    }

    /**
     * The driver's side alone: {@code rows} with requests and the cancel made on {@code loop}
     * (null: where they are made) and, with {@code settling}, read to their end after a cancel;
     * {@code rows} itself when both are null.
     */
    @SuppressWarnings("unchecked")
    static <T> Flux<T> driverSide(Publisher<T> rows, Scheduler loop, SettlingRows settling) {
        if (loop == null && settling == null) {
            return Flux.from(rows);
        }
        return (Flux<T>) new StatementFlow(rows, null, loop, settling, false, null, null, null, null, null, null,
                null, 0);
    }

    /**
     * The driver's side alone, of a statement's {@code results}: each result's rows as {@code rows}
     * makes them, results one after another, requests and the cancel made on {@code loop} (null:
     * where they are made) and, with {@code settling}, read to their end after a cancel.
     */
    static Flux<Object> driverSide(Publisher<? extends Result> results, ResultRows rows, Scheduler loop,
                                   SettlingRows settling) {
        return new StatementFlow(results, rows, loop, settling, false, null, null, null, null, null, null, null, 0);
    }

    /**
     * The caller's side alone: {@code out} summed to one row count when {@code rowCount}, its
     * errors translated for {@code rendered}'s SQL on {@code db}, and the statement published to
     * {@code listeners} (null or empty: nobody listens) when it ends or is cancelled.
     */
    static Flux<Object> callerSide(Publisher<?> out, boolean rowCount, DatabaseConnection db, RenderedSql rendered,
                                   CompiledQuery query, Duration timeout, StatementListeners listeners, long start) {
        StatementListeners l = listeners == null || listeners.isEmpty() ? null : listeners;
        return new StatementFlow(out, null, null, null, rowCount, rendered.sql(), db.dialect(), timeout, l, db,
                rendered, query, start);
    }

    /** Both sides in one subscriber, for a statement with nothing between them; {@code results} as {@link #driverSide}. */
    static Flux<Object> both(Publisher<? extends Result> results, ResultRows rows, Scheduler loop,
                             SettlingRows settling, boolean rowCount, DatabaseConnection db, RenderedSql rendered,
                             CompiledQuery query, Duration timeout, StatementListeners listeners, long start) {
        StatementListeners l = listeners == null || listeners.isEmpty() ? null : listeners;
        return new StatementFlow(results, rows, loop, settling, rowCount, rendered.sql(), db.dialect(), timeout, l,
                db, rendered, query, start);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(CoreSubscriber<? super Object> actual) {
        if (settling != null) {
            settling.begin();
        }
        Sub sub = new Sub(actual, this);
        if (results == null) {
            ((Publisher<Object>) source).subscribe(sub);
        } else {
            ((Publisher<Result>) source).subscribe(new Results(sub));
        }
    }

    /** The error the caller sees for {@code e}: translated (a cancelled timed statement timed out), or as it is. */
    Throwable errorFor(Throwable e) {
        if (sql == null) {
            return e;
        }
        Throwable t = timeout != null && isCancelled(e, dialect) ? timedOut(timeout, e) : e;
        return ExceptionTranslator.translate(t, sql, dialect);
    }

    void announce(Throwable error) {
        listeners.publish(db, rendered, query, start, error);
    }

    /** The subscriber of the driver's results: hands each to {@link Sub}, which reads its rows. */
    private static final class Results implements CoreSubscriber<Result> {
        private final Sub sub;

        Results(Sub sub) {
            this.sub = sub;
        }

        @Override
        public Context currentContext() {
            return sub.actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            sub.onResults(s);
        }

        @Override
        public void onNext(Result result) {
            sub.onResult(result);
        }

        @Override
        public void onError(Throwable t) {
            sub.fail(t);
        }

        @Override
        public void onComplete() {
            sub.resultsEnded();
        }
    }

    /**
     * The statement's subscriber: of its rows (the source's, or each result's in turn), and the
     * caller's subscription. Everything asked of the driver (requests, the cancel, the next result)
     * is collected in fields and passed on by one drain at a time, on the loop's thread where there
     * is a loop.
     */
    private static final class Sub implements CoreSubscriber<Object>, Subscription, Runnable {
        private static final int ACTIVE = 0;
        private static final int DRAINING = 1;
        private static final int DONE = 2;

        private static final int NO_COUNT = 0;
        private static final int COUNT_REQUESTED = 1;
        private static final int COUNT_READY = 2;
        private static final int COUNT_DONE = 3;

        /** Phase bit: a result's rows are being read. */
        private static final int ROWS = 1;
        /** Phase bit: the driver's results have completed. */
        private static final int RESULTS_ENDED = 2;
        /** Phase bit: the statement has ended (completed, failed or cancelled): later signals are dropped. */
        private static final int ENDED = 4;

        /** In {@link #next}: the rows being read have ended and none follow yet. */
        private static final Subscription NO_ROWS = new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };

        private static final AtomicIntegerFieldUpdater<Sub> DRAIN =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "drain");
        private static final AtomicIntegerFieldUpdater<Sub> COUNT =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "count");
        private static final AtomicIntegerFieldUpdater<Sub> PUBLISHED =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "published");
        private static final AtomicIntegerFieldUpdater<Sub> PHASE =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "phase");
        private static final AtomicIntegerFieldUpdater<Sub> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "wip");
        private static final AtomicIntegerFieldUpdater<Sub> MORE =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "more");
        private static final AtomicLongFieldUpdater<Sub> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Sub.class, "requested");
        private static final AtomicLongFieldUpdater<Sub> PRODUCED =
                AtomicLongFieldUpdater.newUpdater(Sub.class, "produced");
        private static final AtomicReferenceFieldUpdater<Sub, Subscription> NEXT =
                AtomicReferenceFieldUpdater.newUpdater(Sub.class, Subscription.class, "next");

        final CoreSubscriber<? super Object> actual;
        private final StatementFlow flow;
        /** Settling: ACTIVE, DRAINING after the subscriber cancelled, DONE once the rows ended. */
        private volatile int drain;
        /** The row count's hand-over between its request and its arrival. */
        private volatile int count;
        private long sum;
        /** 1 once the statement was published to its listeners (once only: a source may complete after a cancel). */
        private volatile int published;
        /** The loop's thread once known: a drain due on it runs at once. */
        private volatile Thread thread;
        /** With results: {@link #ROWS}, {@link #RESULTS_ENDED}, {@link #ENDED}. */
        private volatile int phase;

        /** The source's subscription: the driver's results, or the rows themselves. */
        private Subscription upstream;
        /** Held (non-zero) by the one drain passing things to the driver; counts what it has still to look at. */
        private volatile int wip;
        /** Asked for by the caller, not yet passed on by the drain. */
        private volatile long requested;
        /** Rows of results that have ended, not yet taken off {@link #demand} by the drain. */
        private volatile long produced;
        /** A result's rows for the drain to read from now on, or {@link #NO_ROWS}; null: no change. */
        private volatile Subscription next;
        /** 1 when the drain is to ask the driver for the next result. */
        private volatile int more;
        /** Set when everything read from the driver is to be cancelled (the caller's cancel, or an error). */
        private volatile boolean cancelled;
        /** The drain's own: the rows being read, what the caller asked for and has not received, whether the source was cancelled. */
        private Subscription current;
        private long demand;
        private boolean upstreamCancelled;
        /** Rows of the result being read so far; the signals' own. */
        private long producedHere;

        Sub(CoreSubscriber<? super Object> actual, StatementFlow flow) {
            this.actual = actual;
            this.flow = flow;
            if (flow.loop != null) {
                this.thread = LoopRequests.known(flow.loop);
            }
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        /** The driver's results subscription: the caller is handed this subscriber and the first result asked for. */
        void onResults(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                if (flow.rowCount) {
                    addRequest(Long.MAX_VALUE);
                }
                // As concatMap asked for its first results: at once, on the subscribing thread.
                s.request(1);
            }
        }

        /** One of the driver's results: its rows are read until they end, then the next result is asked for. */
        void onResult(Result result) {
            if (cancelled) {
                return;
            }
            Publisher<?> rows;
            try {
                rows = flow.results.rowsOf(result);
            } catch (Throwable e) {
                fail(Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            for (;;) {
                int p = phase;
                if ((p & ENDED) != 0) {
                    return;
                }
                if (PHASE.compareAndSet(this, p, p | ROWS)) {
                    break;
                }
            }
            rows.subscribe(this);
        }

        /** The driver's results have completed: the statement ends once the rows being read (if any) have. */
        void resultsEnded() {
            for (;;) {
                int p = phase;
                if ((p & ENDED) != 0) {
                    return;
                }
                if ((p & ROWS) == 0) {
                    if (PHASE.compareAndSet(this, p, ENDED)) {
                        finishComplete();
                        return;
                    }
                } else if (PHASE.compareAndSet(this, p, p | RESULTS_ENDED)) {
                    return;
                }
            }
        }

        /**
         * The statement failed (its results, a result's rows, or the mapping of a result): whatever
         * is still read from the driver is cancelled, as concatMap cancels on an error.
         */
        void fail(Throwable t) {
            for (;;) {
                int p = phase;
                if ((p & ENDED) != 0) {
                    if (!cancelled) {
                        Operators.onErrorDropped(t, actual.currentContext());
                    }
                    return;
                }
                if (PHASE.compareAndSet(this, p, ENDED)) {
                    break;
                }
            }
            cancelled = true;
            signalUp();
            finishError(t);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (flow.results != null) {
                // A result's rows: read from now on, asked for what the caller asked for and has not received.
                next = s;
                signalUp();
                return;
            }
            if (Operators.validate(upstream, s)) {
                upstream = s;
                current = s;
                actual.onSubscribe(this);
                if (flow.rowCount) {
                    addRequest(Long.MAX_VALUE);
                }
            }
        }

        @Override
        public void onNext(Object t) {
            if (flow.results != null) {
                producedHere++;
                if (cancelled) {
                    // The statement failed or was cancelled and its rows' cancel is still on its way (or they
                    // were asked for before it): a row arriving now must not follow the caller's onError.
                    Operators.onDiscard(t, actual.currentContext());
                    return;
                }
            }
            if (flow.settling != null && (drain != ACTIVE || t == SettlingRows.SKIPPED)) {
                Operators.onDiscard(t, actual.currentContext());
                return;
            }
            if (flow.rowCount) {
                sum += (Long) t;
                return;
            }
            actual.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            if (flow.results != null) {
                // These rows have ended: the cancel that follows goes to the results only.
                next = NO_ROWS;
                fail(t);
                return;
            }
            finishError(t);
        }

        @Override
        public void onComplete() {
            if (flow.results == null) {
                finishComplete();
                return;
            }
            // A result's rows ended: what they used of the caller's demand is taken off before the next rows are asked.
            long p = producedHere;
            producedHere = 0;
            if (p != 0) {
                PRODUCED.getAndAdd(this, p);
            }
            next = NO_ROWS;
            for (;;) {
                int ph = phase;
                if ((ph & ENDED) != 0) {
                    return;
                }
                if ((ph & RESULTS_ENDED) != 0) {
                    if (PHASE.compareAndSet(this, ph, ENDED)) {
                        finishComplete();
                        return;
                    }
                } else if (PHASE.compareAndSet(this, ph, ph & ~ROWS)) {
                    more = 1;
                    signalUp();
                    return;
                }
            }
        }

        private void finishError(Throwable t) {
            if (flow.settling != null) {
                int was = DRAIN.getAndSet(this, DONE);
                flow.settling.ended();
                if (was != ACTIVE) {
                    return;
                }
            }
            Throwable e;
            try {
                e = flow.errorFor(t);
            } catch (Throwable x) {
                e = Exceptions.addSuppressed(Operators.onOperatorError(x, actual.currentContext()), t);
            }
            if (flow.listeners != null && PUBLISHED.compareAndSet(this, 0, 1)) {
                flow.announce(e);
            }
            actual.onError(e);
        }

        private void finishComplete() {
            if (flow.settling != null) {
                int was = DRAIN.getAndSet(this, DONE);
                flow.settling.ended();
                if (was != ACTIVE) {
                    return;
                }
            }
            if (flow.rowCount) {
                for (;;) {
                    int c = count;
                    if (c == NO_COUNT && COUNT.compareAndSet(this, NO_COUNT, COUNT_READY)) {
                        return;
                    }
                    if (c == COUNT_REQUESTED && COUNT.compareAndSet(this, COUNT_REQUESTED, COUNT_DONE)) {
                        emitCount();
                        return;
                    }
                    if (c == COUNT_DONE) {
                        return;
                    }
                }
            }
            complete();
        }

        private void emitCount() {
            actual.onNext(sum);
            complete();
        }

        private void complete() {
            if (flow.listeners != null && PUBLISHED.compareAndSet(this, 0, 1)) {
                flow.announce(null);
            }
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            if (!flow.rowCount) {
                addRequest(n);
                return;
            }
            for (;;) {
                int c = count;
                if (c == NO_COUNT && COUNT.compareAndSet(this, NO_COUNT, COUNT_REQUESTED)) {
                    return;
                }
                if (c == COUNT_READY && COUNT.compareAndSet(this, COUNT_READY, COUNT_DONE)) {
                    emitCount();
                    return;
                }
                if (c == COUNT_REQUESTED || c == COUNT_DONE) {
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            // Published before the cancel travels up, as the statement's end that the caller chose.
            if (flow.listeners != null && PUBLISHED.compareAndSet(this, 0, 1)) {
                flow.announce(null);
            }
            if (flow.rowCount) {
                COUNT.set(this, COUNT_DONE);
            }
            SettlingRows settling = flow.settling;
            if (settling == null) {
                cancelled = true;
                if (flow.results != null) {
                    PHASE.getAndUpdate(this, p -> p | ENDED);
                }
                signalUp();
                return;
            }
            if (!DRAIN.compareAndSet(this, ACTIVE, DRAINING)) {
                return;
            }
            settling.onCancel();
            // Even with nothing requested yet the driver may have results queued; cancelling it then would
            // drop their rows unreleased, so the statement is always read to its end.
            addRequest(Long.MAX_VALUE);
        }

        private void addRequest(long n) {
            Operators.addCap(REQUESTED, this, n);
            signalUp();
        }

        /** Has the drain run: here, when there is no loop or this is its thread; else as a task on the loop. */
        private void signalUp() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            Scheduler loop = flow.loop;
            if (loop == null || Thread.currentThread() == thread) {
                drainUp();
                return;
            }
            try {
                loop.schedule(this);
            } catch (RejectedExecutionException e) {
                // The loop is shut down (the connection is closing): nothing races with this thread any more.
                drainUp();
            }
        }

        /** On the loop: learns its thread, then passes on what was asked for meanwhile. */
        @Override
        public void run() {
            Thread current = Thread.currentThread();
            if (thread != current) {
                thread = current;
                LoopRequests.learn(flow.loop, current);
            }
            drainUp();
        }

        /**
         * Passes on to the driver what was asked for since the last pass, one pass at a time: the
         * cancel, a new result's rows (asked for the caller's outstanding demand), further requests
         * for the rows being read, and the next result.
         */
        private void drainUp() {
            int missed = 1;
            for (;;) {
                if (cancelled) {
                    cancelAll();
                } else {
                    // The new rows are read before the produced count: a result's count is added before its
                    // successor's rows can arrive, so the successor seen means its predecessor's count is seen.
                    Subscription n = next == null ? null : NEXT.getAndSet(this, null);
                    long p = produced == 0 ? 0 : PRODUCED.getAndSet(this, 0);
                    long r = requested == 0 ? 0 : REQUESTED.getAndSet(this, 0);
                    long d = demand;
                    if (d != Long.MAX_VALUE) {
                        d = Operators.addCap(d, r);
                        if (d != Long.MAX_VALUE) {
                            d -= p;
                        }
                        demand = d;
                    }
                    if (n != null) {
                        current = n == NO_ROWS ? null : n;
                        if (current != null && d != 0) {
                            current.request(d);
                        }
                    } else if (r != 0 && current != null) {
                        current.request(r);
                    }
                    if (more != 0 && MORE.getAndSet(this, 0) != 0) {
                        upstream.request(1);
                    }
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** Cancels the rows being read (and rows arriving later) unless they have ended, then the source, each once. */
        private void cancelAll() {
            Subscription n = next == null ? null : NEXT.getAndSet(this, null);
            if (n != null) {
                // Rows newer than the current ones: the current ones have ended.
                current = null;
                if (n != NO_ROWS) {
                    n.cancel();
                }
            }
            Subscription c = current;
            current = null;
            if (c != null && c != upstream) {
                c.cancel();
            }
            if (!upstreamCancelled) {
                upstreamCancelled = true;
                upstream.cancel();
            }
        }
    }
}
