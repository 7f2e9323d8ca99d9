package dev.tortoise.query;

import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.StatementSubscriber;
import java.util.Map;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The row count of a queryset's update or delete: compiled and run when subscribed, the one count
 * emitted as a {@code Long}, in one object and one subscriber where
 * {@code Mono.defer(() -> run(compile(...)).singleOrEmpty().map(v -> (Long) v))} made three
 * operators and two lambdas per statement. Signals are those of that chain: a compile error as the
 * error, a second value (which a row count never has) failing as {@code singleOrEmpty} did, and
 * after a cancel no value or completion, though a late error still goes through.
 */
final class RowCountRun extends Mono<Long> {
    private final QueryState state;
    private final Operation op;
    private final Map<String, ?> values;

    private RowCountRun(QueryState state, Operation op, Map<String, ?> values) {
        this.state = state;
        this.op = op;
        this.values = values;
    }

    /** The count of rows {@code op} (UPDATE with {@code values}, or DELETE) changes on {@code state}. */
    static Mono<Long> of(QueryState state, Operation op, Map<String, ?> values) {
        // Through onAssembly, as the Mono.defer it replaced: debug hooks (onOperatorDebug) see it.
        return Mono.onAssembly(new RowCountRun(state, op, values));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void subscribe(CoreSubscriber<? super Long> actual) {
        org.reactivestreams.Publisher<Object> statement;
        try {
            CompiledQuery q = SelectCompiler.compile(state, op, values, null);
            statement = state.engine.run(q);
        } catch (Throwable e) {
            Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        statement.subscribe(new Sub(actual));
    }

    /** Keeps the count until the statement completes. */
    private static final class Sub extends StatementSubscriber.One<Object, Long> {
        private Long count;

        Sub(CoreSubscriber<? super Long> actual) {
            super(actual);
        }

        @Override
        protected void next(Object t) {
            if (count != null) {
                done = true;
                upstream.cancel();
                fail(Operators.onOperatorError(upstream,
                        new IndexOutOfBoundsException("Source emitted more than one item"), t,
                        actual.currentContext()));
                return;
            }
            try {
                count = (Long) t;
            } catch (Throwable e) {
                done = true;
                upstream.cancel();
                fail(Operators.onOperatorError(upstream, e, t, actual.currentContext()));
            }
        }

        @Override
        protected void release() {
            count = null;
        }

        @Override
        protected void completed() {
            done = true;
            Long n = count;
            count = null;
            if (n == null) {
                actual.onComplete();
            } else {
                complete(n);
            }
        }
    }
}
