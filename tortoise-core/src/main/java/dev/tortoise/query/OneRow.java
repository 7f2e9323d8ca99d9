package dev.tortoise.query;

import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.MultipleObjectsReturned;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.internal.query.StatementSubscriber;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The one row of a get: the rows read to their end, then the only one emitted, DoesNotExist when
 * there was none and MultipleObjectsReturned when there were more, as {@code collectList().flatMap(...)}
 * does, in one subscriber. Given an engine and a compiled query instead of a publisher, it runs the
 * query when subscribed (as {@code Flux.defer} would), so that a get by primary key is one object
 * between the caller and the statement.
 *
 * <p>Why not {@code single()}: it cancels the statement at the second row, and the cancelled
 * statement's connection would then go back to the pool concurrently with the caller's next step.
 */
final class OneRow<T> extends Mono<T> {
    private final String model;
    private final Publisher<?> rows;
    private final QueryEngine engine;
    private final CompiledQuery query;

    private OneRow(String model, Publisher<?> rows, QueryEngine engine, CompiledQuery query) {
        this.model = model;
        this.rows = rows;
        this.engine = engine;
        this.query = query;
    }

    /** The one element of {@code rows} (a query fetched with a limit of two). */
    static <T> Mono<T> of(String model, Publisher<?> rows) {
        return Mono.onAssembly(new OneRow<>(model, rows, null, null));
    }

    /** The one row of {@code query}, run on {@code engine} when subscribed. */
    static <T> Mono<T> run(String model, QueryEngine engine, CompiledQuery query) {
        return Mono.onAssembly(new OneRow<>(model, null, engine, query));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(CoreSubscriber<? super T> actual) {
        Publisher<?> source;
        if (rows != null) {
            source = rows;
        } else {
            try {
                source = engine.run(query);
            } catch (Throwable e) {
                Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
        }
        ((Publisher<Object>) source).subscribe(new Sub<>((CoreSubscriber<? super Object>) actual, model));
    }

    /** Keeps the first row and counts the rest; the outcome once the rows have ended. */
    private static final class Sub<T> extends StatementSubscriber.One<T, T> {
        private final String model;
        private T first;
        private int count;

        Sub(CoreSubscriber<? super T> actual, String model) {
            super(actual);
            this.model = model;
        }

        @Override
        protected void next(T t) {
            if (count++ == 0) {
                first = t;
            }
        }

        @Override
        protected boolean dropsError() {
            // Once cancelled, as collectList: a late error is dropped, not handed to a subscriber that left.
            return isCancelled();
        }

        @Override
        protected void release() {
            T kept = first;
            first = null;
            if (kept != null) {
                Operators.onDiscard(kept, actual.currentContext());
            }
        }

        @Override
        protected void completed() {
            done = true;
            T kept = first;
            first = null;
            if (isCancelled()) {
                // As collectList: a cancelled get ends in no signal (not DoesNotExist for rows it never read).
                if (kept != null) {
                    Operators.onDiscard(kept, actual.currentContext());
                }
                return;
            }
            if (count == 0) {
                actual.onError(new DoesNotExist(model));
            } else if (count > 1) {
                actual.onError(new MultipleObjectsReturned(model));
            } else {
                complete(kept);
            }
        }

        @Override
        protected void discard(T v) {
            // A row handed on but not yet requested: Mono.just's, which discards nothing on cancel.
        }

        @Override
        protected void cancelled() {
            release();
        }
    }
}
