package dev.tortoise.internal.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

/**
 * Asks r2dbc-mariadb for a statement's rows only as far as the consumer asks, in the one pattern
 * that cannot stop the result midway: every request (and cancel) is made on the connection's own
 * I/O thread, none before the statement has been handed to the driver, and only on a connection
 * with a lock of its own ({@link CreatePerConnectionFactory}). Otherwise every row is asked for at
 * once (the rows then wait in memory for the consumer).
 *
 * <p>Why: r2dbc-mariadb (1.3.0; the same in 1.4) queues the messages nobody has asked for yet
 * ({@code SimpleClient.ServerMessageSubscriber}'s {@code receiverQueue}, 256) and asks the socket
 * for more only once that queue is empty. Queued messages are handed over only by its
 * {@code tryDrainQueue}, run on the I/O thread when a message arrives and on the requesting thread
 * when rows are asked for, which gives up at once when {@code lock.tryLock()} fails, with nothing
 * left to try again. When the call that gives up is the last one (the socket's 256 have all
 * arrived, the consumer has asked and waits), the result stops for good: rows queued, rows asked
 * for, the lock free. The lock is held, besides by such drains, by the thread sending a command
 * ({@code sendCommand}, from {@code lock()} until the command is written) and, under r2dbc-pool, by
 * every other connection of the pool too: the driver makes the lock in
 * {@code ConnectionFactory.create()}, which the pool calls once for all its connections. Caught in
 * {@code ConsumerPaceTest}: the thread that sent a statement, descheduled while holding the lock,
 * made the I/O thread's drains fail 130 times in a row while the result's first 256 rows came in,
 * and nothing drained after it let go.
 *
 * <p>With a lock per connection, the I/O thread and the sending thread are the only ones to take
 * it; with requests held until the send has returned (the lock released) and then made on the
 * I/O thread, every drain after the send runs on that thread, where {@code tryLock} always
 * succeeds (the lock is reentrant). Before the send returns, no request of ours reaches the driver,
 * so none can be the one lost: the driver's own read-ahead fills (its first 256 messages, handed
 * over on the I/O thread without the lock) and waits for the first request made after the send.
 *
 * <p>The I/O thread is the one the connection was opened on: the driver emits a new connection
 * there (its session set-up ends with a message read on that thread), and
 * {@link CreatePerConnectionFactory} notes that thread's Netty event loop, found through Netty's
 * thread-to-loop map. A connection opened anywhere else is asked for every row at once.
 */
final class MariaDbRequests {
    /** Netty's map from a thread to the event loop it runs (internal to Netty, so looked for). */
    private static final boolean LOOP_OF_THREAD = present("io.netty.util.internal.ThreadExecutorMap");

    /** The Netty event loop running the calling thread, or null when it runs none (or Netty cannot tell). */
    static Executor currentLoop() {
        return LOOP_OF_THREAD ? Loops.current() : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, MariaDbRequests.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private MariaDbRequests() {
    }

    /** How each result of one statement is asked for rows. */
    static final class Statement {
        /** For connections without a lock of their own: every row of each result asked for at once. */
        static final Statement WHOLE = new Statement(null);

        /** The connection's I/O thread's event loop; null: every row asked for at once. */
        private final Executor loop;
        /** Set once the statement's subscription (the driver's send, under its lock) has returned. */
        private volatile boolean sent;
        /** Results emitted before {@link #sent}, to be told when it is; guarded by {@code this}. */
        private List<Rows<?>> waiting;

        /**
         * @param loop the event loop of a connection with a driver lock of its own, the one it was
         *             opened on ({@link CreatePerConnectionFactory}); null to ask for every row at once
         */
        Statement(Executor loop) {
            this.loop = loop;
        }

        /** {@code statement}'s results, the send marked done once subscribing to it has returned. */
        <T> Flux<T> send(Publisher<T> statement) {
            if (loop == null) {
                return Flux.from(statement);
            }
            return new Flux<>() {
                @Override
                public void subscribe(CoreSubscriber<? super T> actual) {
                    try {
                        Flux.from(statement).subscribe(actual);
                    } finally {
                        markSent();
                    }
                }
            };
        }

        /** One result's {@code rows}, asked for as described on the class. */
        <T> Flux<T> rows(Flux<T> rows) {
            if (loop == null) {
                return whole(rows);
            }
            return new Flux<>() {
                @Override
                public void subscribe(CoreSubscriber<? super T> actual) {
                    rows.subscribe(new Rows<>(actual, loop, Statement.this));
                }
            };
        }

        private void markSent() {
            List<Rows<?>> told;
            synchronized (this) {
                sent = true;
                told = waiting;
                waiting = null;
            }
            if (told != null) {
                for (Rows<?> r : told) {
                    r.schedule();
                }
            }
        }

        /** Whether requests may go to the driver now; if not, {@code r} is told once they may. */
        private boolean sentOrWait(Rows<?> r) {
            if (sent) {
                return true;
            }
            synchronized (this) {
                if (sent) {
                    return true;
                }
                if (waiting == null) {
                    waiting = new ArrayList<>(1);
                }
                if (!waiting.contains(r)) {
                    waiting.add(r);
                }
                return false;
            }
        }
    }

    /**
     * {@code rows} all asked for at once when subscribed, handed on as the consumer asks, errors after the rows
     * before them (as {@code onBackpressureBuffer()}, which this replaces); a queue is made only once a row has to
     * wait for the consumer's demand.
     *
     * <p>Why not {@code onBackpressureBuffer()}: it makes its queue up front, whose first link is an array of 257
     * slots (about a kilobyte), for every result however few rows it holds and whether or not any row ever waits;
     * most consumers (an insert's key, a list of instances) ask for everything, so no row waits.
     */
    static <T> Flux<T> whole(Flux<T> rows) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                rows.subscribe(new Whole<>(actual));
            }
        };
    }

    /** Netty's current event loop, kept apart so that Netty's internal class is touched only here. */
    private static final class Loops {
        /** The event loop running the calling thread, or null when it runs none. */
        static Executor current() {
            io.netty.util.concurrent.EventExecutor loop = io.netty.util.internal.ThreadExecutorMap.currentExecutor();
            return loop != null && loop.inEventLoop() ? loop : null;
        }

        static boolean inLoop(Executor loop) {
            return ((io.netty.util.concurrent.EventExecutor) loop).inEventLoop();
        }
    }

    /** A result's rows asked for at once and handed on as the consumer asks ({@link #whole}). */
    private static final class Whole<T> implements CoreSubscriber<T>, Subscription {
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Whole> REQUESTED = AtomicLongFieldUpdater.newUpdater(Whole.class,
                "requested");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Whole> WIP = AtomicIntegerFieldUpdater.newUpdater(Whole.class,
                "wip");

        private final CoreSubscriber<? super T> actual;
        private Subscription upstream;
        /** Rows waiting for demand; made by {@link #onNext} (the only producer) when the first row has to wait. */
        private volatile Queue<T> queue;
        private volatile long requested;
        /** Held (non-zero) by the one thread handing rows on; counts the signals it has still to look at. */
        private volatile int wip;
        private volatile boolean done;
        private Throwable error;
        private volatile boolean cancelled;

        Whole(CoreSubscriber<? super T> actual) {
            this.actual = actual;
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
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(T t) {
            if (done) {
                Operators.onNextDropped(t, actual.currentContext());
                return;
            }
            if (cancelled) {
                Operators.onDiscard(t, actual.currentContext());
                return;
            }
            if (queue == null && requested == Long.MAX_VALUE) {
                // Unbounded demand and no row ever queued (the usual case: a list, an insert's key): only this
                // thread hands rows on, and the end cannot overtake this row (it is signalled after onNext
                // returns), so the row goes straight on without taking wip (two atomic updates per row).
                actual.onNext(t);
                return;
            }
            if (wip == 0 && WIP.compareAndSet(this, 0, 1)) {
                // Alone: a row nobody waits before goes straight on while there is demand.
                Queue<T> q = queue;
                long r = requested;
                if (r != 0 && (q == null || q.isEmpty())) {
                    actual.onNext(t);
                    if (r != Long.MAX_VALUE) {
                        // Not a plain decrement: demand made unbounded meanwhile (inside onNext) stays unbounded.
                        Operators.produced(REQUESTED, this, 1);
                    }
                } else {
                    queue().offer(t);
                }
                if (WIP.decrementAndGet(this) == 0) {
                    return;
                }
            } else {
                queue().offer(t);
                if (WIP.getAndIncrement(this) != 0) {
                    return;
                }
            }
            drainLoop();
        }

        private Queue<T> queue() {
            Queue<T> q = queue;
            if (q == null) {
                q = Queues.<T>unbounded(Queues.SMALL_BUFFER_SIZE).get();
                queue = q;
            }
            return q;
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Operators.onErrorDropped(t, actual.currentContext());
                return;
            }
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            upstream.cancel();
            if (WIP.getAndIncrement(this) == 0) {
                discardQueue();
            }
        }

        private void discardQueue() {
            Queue<T> q = queue;
            if (q != null) {
                Operators.onDiscardQueueWithClear(q, actual.currentContext(), null);
            }
        }

        private void drain() {
            if (WIP.getAndIncrement(this) == 0) {
                drainLoop();
            }
        }

        /** Hands on what waits while there is demand, then the end once nothing waits; run by the thread holding {@link #wip}. */
        private void drainLoop() {
            int missed = 1;
            for (;;) {
                if (cancelled) {
                    discardQueue();
                    return;
                }
                long r = requested;
                long e = 0;
                Queue<T> q = queue;
                while (e != r && q != null) {
                    T v = q.poll();
                    if (v == null) {
                        break;
                    }
                    actual.onNext(v);
                    e++;
                    if (cancelled) {
                        discardQueue();
                        return;
                    }
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    Operators.produced(REQUESTED, this, e);
                }
                if (done) {
                    // Read after done, which is written after the last row was queued: every row is in it.
                    Queue<T> last = queue;
                    if (last == null || last.isEmpty()) {
                        Throwable x = error;
                        if (x != null) {
                            actual.onError(x);
                        } else {
                            actual.onComplete();
                        }
                        return;
                    }
                    if (requested != 0) {
                        continue;
                    }
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }

    /** A result's rows with their requests and cancel passed on as described on the class. */
    private static final class Rows<T> extends UpstreamHop implements CoreSubscriber<T>, Subscription {
        private final CoreSubscriber<? super T> actual;
        private final Executor loop;
        private final Statement statement;

        Rows(CoreSubscriber<? super T> actual, Executor loop, Statement statement) {
            this.actual = actual;
            this.loop = loop;
            this.statement = statement;
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
            }
        }

        @Override
        public void onNext(T t) {
            actual.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            actual.onError(t);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            // On the I/O thread with nothing waiting to be passed on: at once, as a drain running there would.
            if (idle() && statement.sent && Loops.inLoop(loop)) {
                upstream.request(n);
                return;
            }
            hold(n);
            if (statement.sentOrWait(this)) {
                schedule();
            }
        }

        @Override
        public void cancel() {
            holdCancel();
            if (statement.sentOrWait(this)) {
                schedule();
            }
        }

        @Override
        void hop() {
            loop.execute(this);
        }
    }
}
