package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Hands a connection back to its pool and signals completion only once the pool has finished
 * its own bookkeeping for the release, when that bookkeeping runs in the releasing call.
 *
 * <p>Why: reactor-pool (1.2.x) recycles a released connection by putting a fresh slot in its
 * idle queue, then completes the release, and only then, still in the same call, drains and
 * checks whether the pool was disposed meanwhile, destroying "its" slot if so. Whoever waited
 * for the release runs inside that completion and may borrow, release and dispose of the pool
 * from another thread before the check: the check then destroys the stale slot of a connection
 * already destroyed by the disposal, returning its permit twice ("Too many permits returned",
 * "unexpected decrement below 0", an IllegalArgumentException out of {@code disposeLater}).
 * Completing after the releasing call has returned closes that window: the caller moves on only
 * after the pool's check has run. A release that completes later on another thread (a
 * connection rolled back by the pool) is passed on as it comes.
 */
final class PoolRelease extends Mono<Void> {
    private final Connection connection;

    private PoolRelease(Connection connection) {
        this.connection = connection;
    }

    /** Closes {@code connection} (a pooled one goes back to its pool) and completes after the pool's bookkeeping. */
    static Mono<Void> close(Connection connection) {
        return new PoolRelease(connection);
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        Waiter waiter = new Waiter(actual);
        actual.onSubscribe(waiter);
        try {
            connection.close().subscribe(waiter);
        } catch (RuntimeException e) {
            waiter.onError(e);
        }
        waiter.callReturned();
    }

    /**
     * Holds the release's outcome back until the call that started the release has returned; it is
     * both the subscriber of the release and the subscription its own subscriber holds (one object
     * per release). A cancel only stops the signal: the release itself always runs to its end.
     */
    private static final class Waiter extends AtomicInteger implements CoreSubscriber<Void>, Subscription {
        private static final int RETURNED = 1;
        private static final int TERMINATED = 2;
        private static final int CANCELLED = 4;

        private final CoreSubscriber<? super Void> actual;
        private volatile Throwable error;

        Waiter(CoreSubscriber<? super Void> actual) {
            this.actual = actual;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Void v) {
            // a Publisher<Void> emits nothing
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            add(TERMINATED);
        }

        @Override
        public void onComplete() {
            add(TERMINATED);
        }

        void callReturned() {
            add(RETURNED);
        }

        /** Adds {@code flag}; the one that completes both RETURNED and TERMINATED signals, unless cancelled. */
        private void add(int flag) {
            for (;;) {
                int s = get();
                if ((s & flag) != 0) {
                    return;
                }
                int next = s | flag;
                if (compareAndSet(s, next)) {
                    if ((next & (RETURNED | TERMINATED)) == (RETURNED | TERMINATED) && (next & CANCELLED) == 0) {
                        signal();
                    }
                    return;
                }
            }
        }

        private void signal() {
            Throwable e = error;
            if (e == null) {
                actual.onComplete();
            } else {
                actual.onError(e);
            }
        }

        @Override
        public void request(long n) {
            // nothing to emit but the end
        }

        @Override
        public void cancel() {
            for (;;) {
                int s = get();
                if (compareAndSet(s, s | CANCELLED)) {
                    return;
                }
            }
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }
    }
}
