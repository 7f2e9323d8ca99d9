package dev.tortoise.query;

import dev.tortoise.internal.query.ListedRows;
import dev.tortoise.internal.query.StatementSubscriber;
import java.util.ArrayList;
import java.util.List;
import org.reactivestreams.Publisher;
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
        if (rows instanceof ListedRows listed) {
            // Already one list (prefetches ran over it): that list is the result, not collected again.
            ((Mono<List<T>>) (Mono<?>) listed.list()).subscribe(actual);
            return;
        }
        rows.subscribe((CoreSubscriber<Object>) (CoreSubscriber<?>) new Sub<T>(actual));
    }

    /** Collects the rows until the statement completes. */
    private static final class Sub<T> extends StatementSubscriber.One<T, List<T>> {
        private List<T> list = new ArrayList<>();

        Sub(CoreSubscriber<? super List<T>> actual) {
            super(actual);
        }

        @Override
        protected void next(T t) {
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
        protected void release() {
            discard(take());
        }

        @Override
        protected void completed() {
            done = true;
            List<T> l = take();
            if (l != null) {
                complete(l);
            }
        }

        @Override
        protected void discard(List<T> v) {
            Operators.onDiscardMultiple(v, actual.currentContext());
        }

        @Override
        protected void cancelled() {
            List<T> l = take();
            if (l != null) {
                discard(l);
            }
        }

        /** The rows collected so far, taken so that a row arriving after the end is discarded, not kept. */
        private synchronized List<T> take() {
            List<T> l = list;
            list = null;
            return l;
        }
    }
}
