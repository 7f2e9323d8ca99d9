package dev.tortoise.internal.execution;

import static dev.tortoise.internal.execution.StatementTimeouts.isCancelled;
import static dev.tortoise.internal.execution.StatementTimeouts.timedOut;

import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
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
 * <p>Where other operators have to sit between the driver's side (I/O thread, settling) and the
 * caller's side (count, translation, listeners), as a statement timeout's or a blocking driver's
 * do, the statement uses two of these, one on each side.
 */
final class StatementFlow extends Flux<Object> {
    private final Publisher<?> source;
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

    private StatementFlow(Publisher<?> source, Scheduler loop, SettlingRows settling, boolean rowCount, String sql,
                          Dialect dialect, Duration timeout, StatementListeners listeners, DatabaseConnection db,
                          RenderedSql rendered, CompiledQuery query, long start) {
        this.source = source;
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
        return (Flux<T>) new StatementFlow(rows, loop, settling, false, null, null, null, null, null, null, null, 0);
    }

    /**
     * The caller's side alone: {@code out} summed to one row count when {@code rowCount}, its
     * errors translated for {@code rendered}'s SQL on {@code db}, and the statement published to
     * {@code listeners} (null or empty: nobody listens) when it ends or is cancelled.
     */
    static Flux<Object> callerSide(Publisher<?> out, boolean rowCount, DatabaseConnection db, RenderedSql rendered,
                                   CompiledQuery query, Duration timeout, StatementListeners listeners, long start) {
        return both(out, null, null, rowCount, db, rendered, query, timeout, listeners, start);
    }

    /** Both sides in one subscriber, for a statement with nothing between them. */
    static Flux<Object> both(Publisher<?> rows, Scheduler loop, SettlingRows settling, boolean rowCount,
                             DatabaseConnection db, RenderedSql rendered, CompiledQuery query, Duration timeout,
                             StatementListeners listeners, long start) {
        StatementListeners l = listeners == null || listeners.isEmpty() ? null : listeners;
        return new StatementFlow(rows, loop, settling, rowCount, rendered.sql(), db.dialect(), timeout, l, db,
                rendered, query, start);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(CoreSubscriber<? super Object> actual) {
        if (settling != null) {
            settling.begin();
        }
        ((Publisher<Object>) source).subscribe(new Sub(actual, this));
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

    private static final class Sub extends UpstreamHop implements CoreSubscriber<Object>, Subscription {
        private static final int ACTIVE = 0;
        private static final int DRAINING = 1;
        private static final int DONE = 2;

        private static final int NO_COUNT = 0;
        private static final int COUNT_REQUESTED = 1;
        private static final int COUNT_READY = 2;
        private static final int COUNT_DONE = 3;

        private static final AtomicIntegerFieldUpdater<Sub> DRAIN =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "drain");
        private static final AtomicIntegerFieldUpdater<Sub> COUNT =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "count");
        private static final AtomicIntegerFieldUpdater<Sub> PUBLISHED =
                AtomicIntegerFieldUpdater.newUpdater(Sub.class, "published");

        private final CoreSubscriber<? super Object> actual;
        private final StatementFlow flow;
        /** Settling: ACTIVE, DRAINING after the subscriber cancelled, DONE once the rows ended. */
        private volatile int drain;
        /** The row count's hand-over between its request and its arrival. */
        private volatile int count;
        private long sum;
        /** 1 once the statement was published to its listeners (once only: a source may complete after a cancel). */
        private volatile int published;
        /** The loop's thread once known: requests made on it go straight through. */
        private volatile Thread thread;

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

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                if (flow.rowCount) {
                    requestUpstream(Long.MAX_VALUE);
                }
            }
        }

        @Override
        public void onNext(Object t) {
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

        @Override
        public void onComplete() {
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
                requestUpstream(n);
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
                cancelUpstream();
                return;
            }
            if (!DRAIN.compareAndSet(this, ACTIVE, DRAINING)) {
                return;
            }
            settling.onCancel();
            // Even with nothing requested yet the driver may have results queued; cancelling it then would
            // drop their rows unreleased, so the statement is always read to its end.
            requestUpstream(Long.MAX_VALUE);
        }

        private void requestUpstream(long n) {
            if (flow.loop == null || (Thread.currentThread() == thread && idle())) {
                upstream.request(n);
                return;
            }
            hold(n);
            schedule();
        }

        private void cancelUpstream() {
            if (flow.loop == null) {
                upstream.cancel();
                return;
            }
            holdCancel();
            if (Thread.currentThread() == thread && idle()) {
                upstream.cancel();
                return;
            }
            schedule();
        }

        @Override
        void hop() {
            flow.loop.schedule(this);
        }

        /** On the loop: learns its thread, then passes on what was requested (or the cancel) meanwhile. */
        @Override
        public void run() {
            Thread current = Thread.currentThread();
            if (thread != current) {
                thread = current;
                LoopRequests.learn(flow.loop, current);
            }
            super.run();
        }
    }
}
