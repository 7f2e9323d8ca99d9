package dev.tortoise.internal.execution;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Serialises the statements sent on one transaction connection: an R2DBC connection is not
 * thread-safe, and two subscribers of one transaction (a {@code Mono.zip} of two queries) would
 * otherwise interleave their conversations. Each unit of work waits until the previous one's
 * result has ended (completed, failed, or settled after a cancel), then runs.
 *
 * <p>A unit's rows stream with backpressure: the driver is asked for as many rows as the
 * subscriber requests, so a large result read slowly inside a transaction is never held in
 * memory as a whole. Once another unit is queued behind a unit that is still streaming, the rest
 * of its rows are read ahead into memory so that the waiting unit can have the connection: this
 * keeps {@code qs.flux().concatMap(x -> x.save())} inside a transaction from deadlocking (the save
 * would wait for a select that waits for demand), and only costs memory when statements actually
 * contend for the connection.
 *
 * <p>A unit whose subscriber cancels midway lets the next unit start only once the database has
 * finished with it: with a {@code settled} signal (the statement's {@link SettlingRows}), the
 * result is cancelled and the next unit waits for that signal; without one (BEGIN, COMMIT, and
 * statements of drivers that need no settling) the unit is read to its end with its elements
 * dropped. Cancelling a BEGIN, a COMMIT or a statement midway would otherwise let the ROLLBACK
 * queued behind it go out first, and r2dbc-postgresql skips a rollback while it still believes
 * no transaction is open, so the connection went back to the pool idle in a transaction. A unit
 * cancelled before it started is skipped.
 */
final class StatementGate {
    /** How long a cancelled statement may take to settle before the next unit goes ahead regardless. */
    private static final Duration SETTLE_LIMIT = ConnectionLease.SETTLE_LIMIT;

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<StatementGate, Unit> TO_START =
            AtomicReferenceFieldUpdater.newUpdater(StatementGate.class, Unit.class, "toStart");
    private static final AtomicIntegerFieldUpdater<StatementGate> STARTS =
            AtomicIntegerFieldUpdater.newUpdater(StatementGate.class, "starts");

    private final AtomicReference<Unit<?>> tail = new AtomicReference<>(Unit.finished(this));
    /**
     * The unit to start next, handed over by a release that happened while a start was under way. Units start
     * one after another (each only once the previous released), so at most one is ever waiting here.
     */
    private volatile Unit<?> toStart;
    /** Starts requested and not yet run (the trampoline's work-in-progress count). */
    private volatile int starts;

    /** Runs {@code work} once every earlier unit has ended; it is read to its end even when cancelled. */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work) {
        return run(work, null, null);
    }

    /**
     * Runs {@code work} once every earlier unit has ended; when its subscriber cancels midway, the
     * work is cancelled and the next unit waits for {@code settledOnCancel} (null: the work is
     * read to its end instead).
     */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work, Mono<Void> settledOnCancel) {
        return run(work, settledOnCancel, null);
    }

    /**
     * Runs {@code work} as {@link #run(Supplier, Mono)} does; {@code onWorkError} (null: none) sees
     * an error the work's flux signals before its subscriber does (not one thrown by {@code work}
     * itself while building the flux).
     */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work, Mono<Void> settledOnCancel,
                    Consumer<? super Throwable> onWorkError) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super R> actual) {
                Unit<R> unit = new Unit<>(StatementGate.this, actual, work, settledOnCancel, onWorkError);
                actual.onSubscribe(unit);
                Unit<?> previous = tail.getAndSet(unit);
                previous.contend();
                previous.follow(unit);
            }
        };
    }

    /**
     * Starts {@code unit} on this thread, or, when a start is already under way, leaves it to the thread running
     * that one to start once it returns: a unit whose work ends synchronously (H2, a skipped unit) releases
     * inside its own start, and starting its follower right there went one stack level deeper per unit, so
     * 10,000 statements queued at once overflowed the stack.
     */
    private void start(Unit<?> unit) {
        toStart = unit;
        if (STARTS.getAndIncrement(this) != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            Unit<?> next = TO_START.getAndSet(this, null);
            if (next != null) {
                try {
                    next.start();
                } catch (Throwable e) {
                    // Whatever a subscriber threw, an Error too, the loop goes on: a start left behind would never
                    // run, and the count left above zero would keep every later unit from starting.
                    Operators.onErrorDropped(e, Context.empty());
                }
            }
            missed = STARTS.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Runs a unit of work that yields no elements. */
    Mono<Void> runEmpty(Supplier<? extends Mono<Void>> work) {
        return run(() -> work.get().flux()).then();
    }

    /**
     * One unit of work: queued, then streaming its elements to the subscriber, then ended. Its flags
     * and counters are fields behind updaters, and its queue is made only when an element has to
     * wait for demand: a statement is one of these, so every object here is paid per statement.
     */
    private static final class Unit<R> implements Subscription, CoreSubscriber<R> {
        private static final int WAITING = 0;
        private static final int STARTING = 1;
        private static final int RUNNING = 2;
        private static final int ABANDONED = 3;
        /** In {@link #next}: this unit has released the connection. */
        private static final Object RELEASED = new Object();

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Unit> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Unit.class, "state");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Unit> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Unit.class, "wip");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Unit> CANCEL_HANDLED =
                AtomicIntegerFieldUpdater.newUpdater(Unit.class, "cancelHandled");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Unit> READING_AHEAD =
                AtomicIntegerFieldUpdater.newUpdater(Unit.class, "readingAhead");
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Unit> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Unit.class, "requested");
        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<Unit, Object> NEXT =
                AtomicReferenceFieldUpdater.newUpdater(Unit.class, Object.class, "next");

        private final StatementGate gate;
        private final CoreSubscriber<? super R> actual;
        private final Supplier<? extends Flux<R>> work;
        private final Mono<Void> settledOnCancel;
        private final Consumer<? super Throwable> onWorkError;
        /** Null; then the unit waiting for this one to release the connection, or {@link #RELEASED}. */
        private volatile Object next;
        private volatile int state = WAITING;
        private final Operators.DeferredSubscription upstream = new Operators.DeferredSubscription();
        /** Elements waiting for demand; made by the first one that has to wait (only the upstream adds). */
        private volatile Queue<R> queue;
        private volatile long requested;
        private volatile int wip;
        private volatile int cancelHandled;
        private volatile int readingAhead;
        private volatile boolean contended;
        private volatile boolean cancelled;
        /** After a cancel without a settled signal: the rest is read and dropped. */
        private volatile boolean discarding;
        private volatile boolean upstreamDone;
        private Throwable error;

        private Unit(StatementGate gate, CoreSubscriber<? super R> actual, Supplier<? extends Flux<R>> work,
                     Mono<Void> settledOnCancel, Consumer<? super Throwable> onWorkError) {
            this.gate = gate;
            this.actual = actual;
            this.work = work;
            this.settledOnCancel = settledOnCancel;
            this.onWorkError = onWorkError;
        }

        /** The sentinel at the head of a new gate: nothing runs before the first unit. */
        static Unit<Object> finished(StatementGate gate) {
            Unit<Object> u = new Unit<>(gate, null, null, null, null);
            u.upstreamDone = true;
            u.release();
            return u;
        }

        /** Another unit waits behind this one: read the rest of the result ahead so it can have the connection. */
        void contend() {
            contended = true;
            if (state == RUNNING) {
                readAhead();
            }
        }

        /** Starts {@code follower} once this unit has released the connection (at once if it has). */
        void follow(Unit<?> follower) {
            if (!NEXT.compareAndSet(this, null, follower)) {
                gate.start(follower);
            }
        }

        private void readAhead() {
            if (!upstreamDone && !cancelled && READING_AHEAD.compareAndSet(this, 0, 1)) {
                upstream.request(Long.MAX_VALUE);
            }
        }

        private void release() {
            Object follower = NEXT.getAndSet(this, RELEASED);
            if (follower != RELEASED && follower != null) {
                gate.start((Unit<?>) follower);
            }
        }

        void start() {
            if (!STATE.compareAndSet(this, WAITING, STARTING)) {
                release();
                return;
            }
            Flux<R> flux;
            try {
                flux = work.get();
            } catch (Throwable e) {
                state = RUNNING;
                fail(e);
                return;
            }
            try {
                flux.subscribe(this);
            } catch (Throwable e) {
                // Thrown out of the subscription (an Error passes every operator on its way up): the unit fails
                // with it rather than leaving the connection held by a unit that will never end.
                state = RUNNING;
                upstream.cancel();
                thrown(e);
                return;
            }
            state = RUNNING;
            if (cancelled) {
                handleCancel();
            } else if (contended) {
                readAhead();
            }
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream.set(s);
        }

        @Override
        public void onNext(R r) {
            if (discarding) {
                Operators.onDiscard(r, actual.currentContext());
                return;
            }
            if (WIP.compareAndSet(this, 0, 1)) {
                // Nobody drains: with demand and nothing queued before it, the element goes straight through.
                Queue<R> q = queue;
                if (!cancelled && requested != 0 && (q == null || q.isEmpty())) {
                    emit(r);
                    if (requested != Long.MAX_VALUE) {
                        REQUESTED.decrementAndGet(this);
                    }
                } else {
                    queue().offer(r);
                }
                drainLoop(1);
                return;
            }
            queue().offer(r);
            drain();
        }

        /**
         * Hands {@code value} to the subscriber. A subscriber that throws (an Error passes every operator on its
         * way here) ends the unit as a cancel would, its statement read to its end or settled before the next
         * unit starts, and is told of what it threw; the throw does not travel on into the driver, where it
         * would leave this unit's drain marked busy and its subscriber never ended.
         */
        private void emit(R value) {
            try {
                actual.onNext(value);
            } catch (Throwable e) {
                if (cancelled) {
                    Operators.onErrorDropped(e, actual.currentContext());
                    return;
                }
                cancelled = true;
                if (state == RUNNING) {
                    handleCancel();
                }
                actual.onError(e);
            }
        }

        private Queue<R> queue() {
            Queue<R> q = queue;
            if (q == null) {
                q = new ConcurrentLinkedQueue<>();
                queue = q;
            }
            return q;
        }

        @Override
        public void onError(Throwable t) {
            if (onWorkError != null) {
                onWorkError.accept(t);
            }
            fail(t);
        }

        /** Fails the unit with {@code t} unless it has already ended; its subscriber sees {@code t} once at most. */
        private void thrown(Throwable t) {
            if (upstreamDone) {
                // Ended before the throw (the throw may have come from its own subscriber's signal): released already,
                // or releasing once its statement settles.
                Operators.onErrorDropped(t, currentContext());
                return;
            }
            fail(t);
        }

        private void fail(Throwable t) {
            error = t;
            upstreamDone = true;
            // The error reaches this unit's subscriber before the next unit may start: a unit queued behind it in a
            // block the error has failed is refused at its start (TransactionManagementError), and a subscriber of
            // both (a flatMap of saves) would otherwise report that refusal instead of the error that caused it.
            drain();
            if (settledOnCancel != null) {
                // A statement given up on (past its timeout) may still be running on the connection.
                settledOnCancel.timeout(SETTLE_LIMIT).subscribe(null, e -> release(), this::release);
            } else {
                release();
            }
        }

        @Override
        public void onComplete() {
            upstreamDone = true;
            release();
            drain();
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            Operators.addCap(REQUESTED, this, n);
            if (readingAhead == 0) {
                upstream.request(n);
            }
            drain();
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (STATE.compareAndSet(this, WAITING, ABANDONED)) {
                return;
            }
            if (state == RUNNING) {
                handleCancel();
            }
            drain();
        }

        private void handleCancel() {
            if (!CANCEL_HANDLED.compareAndSet(this, 0, 1)) {
                return;
            }
            if (upstreamDone) {
                return;
            }
            if (settledOnCancel != null) {
                upstream.cancel();
                settledOnCancel.timeout(SETTLE_LIMIT).subscribe(null, e -> release(), this::release);
            } else {
                discarding = true;
                upstream.request(Long.MAX_VALUE);
            }
        }

        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            drainLoop(1);
        }

        private void drainLoop(int missed) {
            for (;;) {
                Queue<R> q = queue;
                if (cancelled) {
                    if (q != null) {
                        Operators.onDiscardQueueWithClear(q, actual.currentContext(), null);
                    }
                } else {
                    long r = requested;
                    long e = 0;
                    while (e != r) {
                        if (cancelled) {
                            break;
                        }
                        boolean d = upstreamDone;
                        q = queue;
                        R v = q == null ? null : q.poll();
                        if (v == null) {
                            if (d) {
                                terminate();
                                return;
                            }
                            break;
                        }
                        emit(v);
                        e++;
                    }
                    if (e == r && !cancelled && upstreamDone) {
                        q = queue;
                        if (q == null || q.isEmpty()) {
                            terminate();
                            return;
                        }
                    }
                    if (e != 0 && r != Long.MAX_VALUE) {
                        REQUESTED.addAndGet(this, -e);
                    }
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void terminate() {
            cancelled = true;
            Throwable t = error;
            if (t != null) {
                actual.onError(t);
            } else {
                actual.onComplete();
            }
        }
    }
}
