package dev.tortoise.internal.execution;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Hands a statement's requests for more rows (and its cancel) to the driver on the connection's
 * own I/O thread, so that the driver never sees a request from another thread while it receives
 * the result there; a request made on that thread goes through at once.
 *
 * <p>Why: r2dbc-postgresql 1.1 (ReactorNettyClient's {@code BackendMessageSubscriber}, still so
 * in 1.1.2) keeps the messages a slow reader has not asked for in a buffer of 256 and asks the
 * socket for the next 256 once the buffer is empty. That check ({@code demandMore}: buffer empty,
 * then compare-and-set of the outstanding demand from 0) runs on whatever thread the reader asks
 * for more rows, and is not atomic with the I/O thread queueing a message: when the I/O thread
 * buffers the last message of a batch between the two steps, 256 more are asked for on top of a
 * non-empty buffer, the 257th finds it full and the driver closes the connection with
 * {@code [08006] Response queue is full}. Readers that ask a few rows at a time from another
 * thread (an HTTP response asking on its own event loop, {@code publishOn}) hit it on a loaded
 * machine. With every request made on the I/O thread the buffer and its demand are only ever
 * touched there.
 *
 * <p>Requests that arrive while earlier ones wait for the I/O thread are added up and sent as one.
 */
final class LoopRequests {
    /** The I/O thread of each scheduler seen, learnt from the first task run on it; weak, as connections come and go. */
    private static final Map<Scheduler, Thread> THREADS = new WeakHashMap<>();

    private LoopRequests() {
    }

    /** {@code source}, its request and cancel signals sent to its publisher on {@code loop}. */
    static <T> Flux<T> on(Publisher<T> source, Scheduler loop) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                source.subscribe(new Hop<>(actual, loop));
            }
        };
    }

    private static Thread known(Scheduler loop) {
        synchronized (THREADS) {
            return THREADS.get(loop);
        }
    }

    private static void learn(Scheduler loop, Thread thread) {
        synchronized (THREADS) {
            THREADS.put(loop, thread);
        }
    }

    private static final class Hop<T> implements CoreSubscriber<T>, Subscription, Runnable {
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<Hop> PENDING = AtomicLongFieldUpdater.newUpdater(Hop.class,
                "pending");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Hop> WIP = AtomicIntegerFieldUpdater.newUpdater(Hop.class,
                "wip");

        private final CoreSubscriber<? super T> actual;
        private final Scheduler loop;
        private Subscription upstream;
        /** The loop's thread once known: requests made on it go straight through. */
        private volatile Thread thread;
        /** Requested on other threads, not yet passed on. */
        private volatile long pending;
        private volatile int wip;
        private volatile boolean cancelled;

        Hop(CoreSubscriber<? super T> actual, Scheduler loop) {
            this.actual = actual;
            this.loop = loop;
            this.thread = known(loop);
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
            if (Thread.currentThread() == thread && wip == 0) {
                upstream.request(n);
                return;
            }
            Operators.addCap(PENDING, this, n);
            schedule();
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (Thread.currentThread() == thread && wip == 0) {
                upstream.cancel();
                return;
            }
            schedule();
        }

        private void schedule() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            try {
                loop.schedule(this);
            } catch (RejectedExecutionException e) {
                // The loop is shut down (the connection is closing): nothing races with this thread any more.
                run();
            }
        }

        /** On the loop: passes on what was requested (or the cancel) meanwhile. */
        @Override
        public void run() {
            Thread current = Thread.currentThread();
            if (thread != current) {
                thread = current;
                learn(loop, current);
            }
            int missed = 1;
            for (;;) {
                if (cancelled) {
                    upstream.cancel();
                    return;
                }
                long n = PENDING.getAndSet(this, 0);
                if (n != 0) {
                    upstream.request(n);
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
