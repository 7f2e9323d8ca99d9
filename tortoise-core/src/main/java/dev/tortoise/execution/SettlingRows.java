package dev.tortoise.execution;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * The rows of one statement, read to the end of the statement's conversation even when the
 * subscriber cancels: after a cancel the remaining rows are requested and dropped unmapped, and
 * {@link #settled()} completes once the driver has delivered its last message. The connection may
 * then go back to the pool with nothing left in flight on it.
 *
 * <p>Why not simply cancel the driver's result: r2dbc-postgresql drains a cancelled result by
 * itself, but leaks the pooled buffers of rows it had already decoded (Netty reports
 * {@code LEAK: DataRow.release() was not called}), and a connection handed back while its
 * conversation is still running makes the next borrower wait behind it.
 */
final class SettlingRows {
    /** Returned by a row mapper in place of a row once the subscriber has cancelled: dropped, never emitted. */
    static final Object SKIPPED = new Object() {
        @Override
        public String toString() {
            return "SKIPPED";
        }
    };

    private final Sinks.Empty<Void> settled = Sinks.empty();
    private volatile boolean cancelled;

    /** Whether the subscriber has cancelled (row mappers return {@link #SKIPPED} from then on). */
    boolean cancelled() {
        return cancelled;
    }

    /** Completes when the statement's result has been read to its end (or failed), whether or not anyone still listens. */
    Mono<Void> settled() {
        return settled.asMono();
    }

    /** The statement's rows, settling as described above. */
    <T> Flux<T> wrap(Publisher<T> rows) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                rows.subscribe(new Drain<>(actual, SettlingRows.this));
            }
        };
    }

    private void settle() {
        settled.tryEmitEmpty();
    }

    private static final class Drain<T> implements CoreSubscriber<T>, Subscription {
        private static final int ACTIVE = 0;
        private static final int DRAINING = 1;
        private static final int DONE = 2;
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Drain> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Drain.class, "state");

        private final CoreSubscriber<? super T> actual;
        private final SettlingRows owner;
        private Subscription upstream;
        private volatile int state;

        Drain(CoreSubscriber<? super T> actual, SettlingRows owner) {
            this.actual = actual;
            this.owner = owner;
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
            if (state != ACTIVE || t == SKIPPED) {
                Operators.onDiscard(t, actual.currentContext());
                return;
            }
            actual.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            int was = STATE.getAndSet(this, DONE);
            owner.settle();
            if (was == ACTIVE) {
                actual.onError(t);
            }
        }

        @Override
        public void onComplete() {
            int was = STATE.getAndSet(this, DONE);
            owner.settle();
            if (was == ACTIVE) {
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            if (!STATE.compareAndSet(this, ACTIVE, DRAINING)) {
                return;
            }
            owner.cancelled = true;
            // Even with nothing requested yet the driver may have results queued; cancelling it then would
            // drop their rows unreleased, so the statement is always read to its end.
            upstream.request(Long.MAX_VALUE);
        }
    }
}
