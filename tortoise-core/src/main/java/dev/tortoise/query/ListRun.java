package dev.tortoise.query;

import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A plain queryset's {@code toList()}: compiled and run when subscribed, every instance collected
 * into one list, in one object and one subscriber where {@code Flux.defer(...).collectList()} made
 * two operators and a lambda per query. Signals are {@code collectList}'s: the list on completion,
 * nothing but a late error after a cancel, and instances collected so far discarded on cancel or
 * error.
 */
final class ListRun<T> extends Mono<List<T>> {
    private final QueryState state;

    private ListRun(QueryState state) {
        this.state = state;
    }

    /** The instances {@code state} selects, as one list. */
    static <T> Mono<List<T>> of(QueryState state) {
        // Through onAssembly, as the operators it replaced: debug hooks (onOperatorDebug) see it.
        return Mono.onAssembly(new ListRun<>(state));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(CoreSubscriber<? super List<T>> actual) {
        Publisher<Object> rows;
        try {
            rows = state.engine.run(SelectCompiler.compileModels(state));
        } catch (Throwable e) {
            Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        rows.subscribe((CoreSubscriber<Object>) (CoreSubscriber<?>) new Sub<T>(actual));
    }

    /** Collects the rows until the statement completes. */
    private static final class Sub<T> extends Operators.MonoSubscriber<T, List<T>> {
        private Subscription upstream;
        private List<T> list = new ArrayList<>();
        private boolean done;

        Sub(CoreSubscriber<? super List<T>> actual) {
            super(actual);
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
            List<T> l;
            synchronized (this) {
                l = list;
                if (l != null) {
                    l.add(t);
                    return;
                }
            }
            Operators.onDiscard(t, actual.currentContext());
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Operators.onErrorDropped(t, actual.currentContext());
                return;
            }
            done = true;
            List<T> l;
            synchronized (this) {
                l = list;
                list = null;
            }
            discard(l);
            actual.onError(t);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            List<T> l;
            synchronized (this) {
                l = list;
                list = null;
            }
            if (l != null) {
                complete(l);
            }
        }

        @Override
        protected void discard(List<T> v) {
            Operators.onDiscardMultiple(v, actual.currentContext());
        }

        @Override
        public void cancel() {
            super.cancel();
            upstream.cancel();
            List<T> l;
            synchronized (this) {
                l = list;
                list = null;
            }
            if (l != null) {
                discard(l);
            }
        }
    }
}
