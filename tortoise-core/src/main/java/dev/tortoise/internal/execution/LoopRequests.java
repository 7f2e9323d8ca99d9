package dev.tortoise.internal.execution;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

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
 * The hop itself is part of each statement's one subscriber ({@link StatementFlow}); this class
 * keeps the I/O threads learnt.
 */
final class LoopRequests {
    /**
     * The I/O thread of each scheduler seen, learnt from the first task run on it; weak, as connections
     * come and go. Each value names its scheduler only weakly, so that it keeps no key alive.
     */
    private static final Map<Scheduler, Known> THREADS = new WeakHashMap<>();
    /**
     * The entry found last: a statement mostly runs on the connection the one before it ran on (the
     * pool lends the most recently used one), whose thread is then read without the lock and lookup.
     */
    private static volatile Known last;

    private LoopRequests() {
    }

    /** A scheduler's learnt I/O thread. */
    private static final class Known {
        final WeakReference<Scheduler> loop;
        final Thread thread;

        Known(Scheduler loop, Thread thread) {
            this.loop = new WeakReference<>(loop);
            this.thread = thread;
        }
    }

    /** {@code source}, its request and cancel signals sent to its publisher on {@code loop}. */
    static <T> Flux<T> on(Publisher<T> source, Scheduler loop) {
        return StatementFlow.driverSide(source, loop, null);
    }

    /** The I/O thread of {@code loop} when a task has run on it already, else null. */
    static Thread known(Scheduler loop) {
        Known k = last;
        if (k != null && k.loop.get() == loop) {
            return k.thread;
        }
        synchronized (THREADS) {
            k = THREADS.get(loop);
        }
        if (k == null) {
            return null;
        }
        last = k;
        return k.thread;
    }

    static void learn(Scheduler loop, Thread thread) {
        Known k = new Known(loop, thread);
        synchronized (THREADS) {
            THREADS.put(loop, k);
        }
        last = k;
    }
}
