package dev.tortoise.internal.execution;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Operators;

/**
 * Requests and a cancel for a driver's subscription, collected on any thread and passed on from one
 * other thread (a connection's I/O thread), one hop at a time: what is requested while a hop is under
 * way goes with it or the next one, and the cancel goes instead of any request still held. The
 * subscriber that extends this sets {@link #upstream} and says how a hop reaches that thread.
 */
abstract class UpstreamHop implements Runnable {
    private static final AtomicLongFieldUpdater<UpstreamHop> PENDING =
            AtomicLongFieldUpdater.newUpdater(UpstreamHop.class, "pending");
    private static final AtomicIntegerFieldUpdater<UpstreamHop> WIP =
            AtomicIntegerFieldUpdater.newUpdater(UpstreamHop.class, "wip");

    /** The driver's subscription, set by the subscriber's {@code onSubscribe}. */
    Subscription upstream;
    /** Requested and not passed on yet. */
    private volatile long pending;
    private volatile int wip;
    private volatile boolean cancelled;

    /** Runs {@code this} on the thread that passes signals on; throws when that thread's loop is shut down. */
    abstract void hop();

    /** Whether no hop is under way or due, so that a call on the passing thread may go straight to upstream. */
    final boolean idle() {
        return wip == 0;
    }

    /** Holds {@code n} more to be requested by the next hop. */
    final void hold(long n) {
        Operators.addCap(PENDING, this, n);
    }

    /** Marks the subscription cancelled, to be passed on by the next hop. */
    final void holdCancel() {
        cancelled = true;
    }

    /** Starts a hop unless one is under way (which then runs once more). */
    final void schedule() {
        if (WIP.getAndIncrement(this) != 0) {
            return;
        }
        try {
            hop();
        } catch (RejectedExecutionException e) {
            // The loop is shut down (the connection is closing): nothing races with this thread any more.
            run();
        }
    }

    /** On the passing thread: passes on what was requested (or the cancel) meanwhile. */
    @Override
    public void run() {
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
