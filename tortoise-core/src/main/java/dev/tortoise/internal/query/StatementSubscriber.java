package dev.tortoise.internal.query;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * A subscriber that turns the signals of a statement into the one value (or completion, or error) of a
 * {@code Mono}, ending at most once: after its end a late row goes to {@link Operators#onNextDropped}, a late
 * error to {@link Operators#onErrorDropped} and a late completion nowhere. Subclasses keep only their own steps
 * ({@link #next}, {@link #completed}, what they {@link #release} on an error); how the upstream is held is
 * {@link One}'s (one statement) or {@link Steps}' (several publishers in turn).
 *
 * <p>Why a base: the query set's list, row count and get, and a save's and a delete's steps, each carried the
 * same guards written again, and a fix to one (a drop hook, a cancel race) had to be made in five places.
 * The signal methods are final so that each subscriber's row path stays one direct call into its own step.
 *
 * @param <I> what the statement emits
 * @param <O> what the {@code Mono} emits
 */
public abstract class StatementSubscriber<I, O> extends Operators.MonoSubscriber<I, O> {
    /** Set once the outcome is sent on (or, for {@link Steps}, once the last step ends); later signals drop. */
    protected boolean done;

    StatementSubscriber(CoreSubscriber<? super O> actual) {
        super(actual);
    }

    @Override
    public final void onNext(I t) {
        if (done) {
            Operators.onNextDropped(t, actual.currentContext());
            return;
        }
        next(t);
    }

    /** A row (or count) of the statement, not yet ended. */
    protected abstract void next(I t);

    @Override
    public final void onError(Throwable t) {
        if (done || dropsError()) {
            Operators.onErrorDropped(t, actual.currentContext());
            return;
        }
        fail(t);
    }

    /** Whether an error that comes before the end is dropped all the same; by default never. */
    protected boolean dropsError() {
        return false;
    }

    /** Ends with {@code t}: marks done, lets go of what was kept ({@link #release}), then tells the subscriber. */
    protected final void fail(Throwable t) {
        done = true;
        release();
        actual.onError(t);
    }

    /** Lets go of (discards) what was kept for the outcome, when the outcome is an error; by default nothing. */
    protected void release() {
    }

    @Override
    public final void onComplete() {
        if (done) {
            return;
        }
        completed();
    }

    /** The statement (or step) completed before the end; it sets {@link #done} once the outcome is sent on. */
    protected abstract void completed();

    /**
     * A subscriber of one statement, subscribed once: it hands itself to its subscriber when the statement
     * subscribes it and asks for every row at once; a cancel cancels the statement, then {@link #cancelled}.
     */
    public abstract static class One<I, O> extends StatementSubscriber<I, O> {
        protected Subscription upstream;

        protected One(CoreSubscriber<? super O> actual) {
            super(actual);
        }

        @Override
        public final void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public final void cancel() {
            super.cancel();
            upstream.cancel();
            cancelled();
        }

        /** Lets go of (discards) what was kept, after a cancel; by default nothing. */
        protected void cancelled() {
        }
    }

    /**
     * A subscriber of several publishers in turn (listeners, the statement, more listeners), handed to its
     * subscriber before the first: each publisher replaces the last as the upstream, and a cancel cancels the
     * current one and any that would follow.
     */
    public abstract static class Steps<I, O> extends StatementSubscriber<I, O> {
        @SuppressWarnings("rawtypes")
        private static final AtomicReferenceFieldUpdater<Steps, Subscription> UPSTREAM =
                AtomicReferenceFieldUpdater.newUpdater(Steps.class, Subscription.class, "upstream");

        protected volatile Subscription upstream;

        protected Steps(CoreSubscriber<? super O> actual) {
            super(actual);
        }

        @Override
        public final void onSubscribe(Subscription s) {
            if (Operators.replace(UPSTREAM, this, s)) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public final void cancel() {
            super.cancel();
            Operators.terminate(UPSTREAM, this);
        }
    }
}
