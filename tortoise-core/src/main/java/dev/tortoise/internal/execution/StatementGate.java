package dev.tortoise.internal.execution;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
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

    private final AtomicReference<Unit<?>> tail = new AtomicReference<>(Unit.finished());

    /** Runs {@code work} once every earlier unit has ended; it is read to its end even when cancelled. */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work) {
        return run(work, null);
    }

    /**
     * Runs {@code work} once every earlier unit has ended; when its subscriber cancels midway, the
     * work is cancelled and the next unit waits for {@code settledOnCancel} (null: the work is
     * read to its end instead).
     */
    <R> Flux<R> run(Supplier<? extends Flux<R>> work, Mono<Void> settledOnCancel) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super R> actual) {
                Unit<R> unit = new Unit<>(actual, work, settledOnCancel);
                actual.onSubscribe(unit);
                Unit<?> previous = tail.getAndSet(unit);
                previous.contend();
                previous.done.asMono().subscribe(null, e -> unit.start(), unit::start);
            }
        };
    }

    /** Runs a unit of work that yields no elements. */
    Mono<Void> runEmpty(Supplier<? extends Mono<Void>> work) {
        return run(() -> work.get().flux()).then();
    }

    /** One unit of work: queued, then streaming its elements to the subscriber, then ended. */
    private static final class Unit<R> implements Subscription, CoreSubscriber<R> {
        private static final int WAITING = 0;
        private static final int STARTING = 1;
        private static final int RUNNING = 2;
        private static final int ABANDONED = 3;

        private final CoreSubscriber<? super R> actual;
        private final Supplier<? extends Flux<R>> work;
        private final Mono<Void> settledOnCancel;
        /** Completes once the connection is free for the next unit. */
        final Sinks.Empty<Void> done = Sinks.empty();
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final Operators.DeferredSubscription upstream = new Operators.DeferredSubscription();
        private final Queue<R> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong requested = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean cancelHandled = new AtomicBoolean();
        private final AtomicBoolean readingAhead = new AtomicBoolean();
        private volatile boolean contended;
        private volatile boolean cancelled;
        /** After a cancel without a settled signal: the rest is read and dropped. */
        private volatile boolean discarding;
        private volatile boolean upstreamDone;
        private Throwable error;

        private Unit(CoreSubscriber<? super R> actual, Supplier<? extends Flux<R>> work, Mono<Void> settledOnCancel) {
            this.actual = actual;
            this.work = work;
            this.settledOnCancel = settledOnCancel;
        }

        /** The sentinel at the head of a new gate: nothing runs before the first unit. */
        static Unit<Object> finished() {
            Unit<Object> u = new Unit<>(null, null, null);
            u.upstreamDone = true;
            u.release();
            return u;
        }

        /** Another unit waits behind this one: read the rest of the result ahead so it can have the connection. */
        void contend() {
            contended = true;
            if (state.get() == RUNNING) {
                readAhead();
            }
        }

        private void readAhead() {
            if (!upstreamDone && !cancelled && readingAhead.compareAndSet(false, true)) {
                upstream.request(Long.MAX_VALUE);
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                done.tryEmitEmpty();
            }
        }

        void start() {
            if (!state.compareAndSet(WAITING, STARTING)) {
                release();
                return;
            }
            Flux<R> flux;
            try {
                flux = work.get();
            } catch (Throwable e) {
                state.set(RUNNING);
                onError(e);
                return;
            }
            flux.subscribe(this);
            state.set(RUNNING);
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
            queue.offer(r);
            drain();
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            upstreamDone = true;
            if (settledOnCancel != null) {
                // A statement given up on (past its timeout) may still be running on the connection.
                settledOnCancel.timeout(SETTLE_LIMIT).subscribe(null, e -> release(), this::release);
            } else {
                release();
            }
            drain();
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
            requested.getAndUpdate(r -> Operators.addCap(r, n));
            if (!readingAhead.get()) {
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
            if (state.compareAndSet(WAITING, ABANDONED)) {
                return;
            }
            if (state.get() == RUNNING) {
                handleCancel();
            }
            drain();
        }

        private void handleCancel() {
            if (!cancelHandled.compareAndSet(false, true)) {
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
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                if (cancelled) {
                    Operators.onDiscardQueueWithClear(queue, actual.currentContext(), null);
                } else {
                    long r = requested.get();
                    long e = 0;
                    while (e != r) {
                        if (cancelled) {
                            break;
                        }
                        boolean d = upstreamDone;
                        R v = queue.poll();
                        if (v == null) {
                            if (d) {
                                terminate();
                                return;
                            }
                            break;
                        }
                        actual.onNext(v);
                        e++;
                    }
                    if (e == r && !cancelled && upstreamDone && queue.isEmpty()) {
                        terminate();
                        return;
                    }
                    if (e != 0 && r != Long.MAX_VALUE) {
                        requested.addAndGet(-e);
                    }
                }
                missed = wip.addAndGet(-missed);
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
