package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
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
final class PoolRelease {
    private PoolRelease() {
    }

    /** Closes {@code connection} (a pooled one goes back to its pool) and completes after the pool's bookkeeping. */
    static Mono<Void> close(Connection connection) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(sink);
            Mono.from(connection.close()).subscribe(waiter);
            waiter.callReturned();
        });
    }

    /** Holds the release's outcome back until the call that started the release has returned. */
    private static final class Waiter extends AtomicInteger implements CoreSubscriber<Void> {
        private static final int RETURNED = 1;
        private static final int TERMINATED = 2;

        private final MonoSink<Void> sink;
        private volatile Throwable error;

        Waiter(MonoSink<Void> sink) {
            this.sink = sink;
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
            terminated();
        }

        @Override
        public void onComplete() {
            terminated();
        }

        private void terminated() {
            if ((getAndUpdate(s -> s | TERMINATED) & RETURNED) != 0) {
                signal();
            }
        }

        void callReturned() {
            if ((getAndUpdate(s -> s | RETURNED) & TERMINATED) != 0) {
                signal();
            }
        }

        private void signal() {
            Throwable e = error;
            if (e == null) {
                sink.success();
            } else {
                sink.error(e);
            }
        }

        @Override
        public Context currentContext() {
            return Context.of(sink.contextView());
        }
    }
}
