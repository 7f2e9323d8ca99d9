package dev.tortoise.test;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.Binding;
import io.r2dbc.proxy.core.Bindings;
import io.r2dbc.proxy.core.BoundValue;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.assertj.core.api.AssertProvider;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Records every SQL statement sent through the connection factories it decorates, with its SQL and bind values,
 * so that a test can count and inspect what the ORM ran. It is built on
 * <a href="https://github.com/r2dbc/r2dbc-proxy">r2dbc-proxy</a>: install it with
 * {@code TortoiseConfig.builder()...connectionFactoryDecorator(recorder.decorator())}, or let the
 * {@code @TortoiseTest} slice do it.
 *
 * <p>Statements are recorded when they start executing; transaction control ({@code BEGIN}, {@code COMMIT},
 * savepoints) is not a statement. {@code assertThat(recorder)} (AssertJ) gives a {@link StatementRecorderAssert};
 * {@link #expectStatements(int, Supplier)} checks the statements one reactive block runs. SQL run through
 * {@link RawSql} is not recorded. Registered as a JUnit extension ({@code @RegisterExtension}), it forgets what
 * was recorded before each test method runs (after its {@code @BeforeEach} methods).
 */
public final class StatementRecorder implements AssertProvider<StatementRecorderAssert>, BeforeTestExecutionCallback {
    /** The Reactor Context key under which open {@link #expectStatements} captures travel. */
    private static final Object CAPTURES = StatementRecorder.class.getName() + ".captures";
    /** The Reactor Context key that makes the recorder skip a statement (see {@link #unrecorded()}). */
    private static final Object IGNORE = StatementRecorder.class.getName() + ".ignore";

    private final List<RecordedStatement> statements = new CopyOnWriteArrayList<>();

    /** A decorator for {@code TortoiseConfig.Builder.connectionFactoryDecorator}: records every named connection. */
    public BiFunction<String, ConnectionFactory, ConnectionFactory> decorator() {
        return this::wrap;
    }

    /** {@code factory} wrapped so that the statements run through it are recorded under {@code connectionName}. */
    public ConnectionFactory wrap(String connectionName, ConnectionFactory factory) {
        Objects.requireNonNull(connectionName, "connectionName");
        return ProxyConnectionFactory.builder(Objects.requireNonNull(factory, "factory"))
                .listener(new Listener(connectionName))
                .build();
    }

    /** {@code factory} wrapped so that the statements run through it are recorded under the name "default". */
    public ConnectionFactory wrap(ConnectionFactory factory) {
        return wrap("default", factory);
    }

    /** Every statement recorded since the last {@link #clear()}, in the order they started. */
    public List<RecordedStatement> statements() {
        return List.copyOf(statements);
    }

    /** The SQL text of every statement recorded, in order. */
    public List<String> sql() {
        return statements.stream().map(RecordedStatement::sql).toList();
    }

    /** How many statements were recorded since the last {@link #clear()}. */
    public int count() {
        return statements.size();
    }

    /** Forgets every statement recorded so far. */
    public void clear() {
        statements.clear();
    }

    /**
     * The Mono {@code work} supplies, failing with an {@link AssertionError} that lists the statements it ran
     * (SQL and bindings) unless it ran exactly {@code expected} statements by the time it completed. A statement
     * belongs to the block when it is executed by a subscriber inside it (the capture travels in the Reactor
     * Context), so work running concurrently elsewhere is not counted. An error from {@code work} passes through
     * unchecked.
     *
     * <pre>{@code
     * StepVerifier.create(recorder.expectStatements(2, () -> items.create("name", "a").then(items.all().count())))
     *         .expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
     * }</pre>
     */
    public <T> Mono<T> expectStatements(int expected, Supplier<? extends Mono<T>> work) {
        Objects.requireNonNull(work, "work");
        return Mono.defer(() -> {
            Capture capture = new Capture(this);
            return Mono.defer(work)
                    .contextWrite(capture::bind)
                    .map(List::of)
                    .defaultIfEmpty(List.of())
                    .flatMap(value -> capture.<T>verify(expected).then(Mono.justOrEmpty(
                            value.isEmpty() ? null : value.get(0))));
        });
    }

    /**
     * The Flux {@code work} supplies, ending with an {@link AssertionError} that lists the statements it ran
     * unless it ran exactly {@code expected} statements by the time it completed (see
     * {@link #expectStatements(int, Supplier)}).
     */
    public <T> Flux<T> expectStatementsMany(int expected, Supplier<? extends Publisher<T>> work) {
        Objects.requireNonNull(work, "work");
        return Flux.defer(() -> {
            Capture capture = new Capture(this);
            return Flux.defer(work)
                    .contextWrite(capture::bind)
                    .concatWith(Mono.defer(() -> capture.<T>verify(expected)));
        });
    }

    /**
     * What to write into a Reactor Context so that the statements run under it are not recorded (how
     * {@link RawSql} reads rows without disturbing a count): {@code publisher.contextWrite(StatementRecorder.unrecorded())}.
     */
    public static java.util.function.Function<Context, Context> unrecorded() {
        return ctx -> ctx.put(IGNORE, Boolean.TRUE);
    }

    /** Clears the recorder before each test method runs, when registered as a JUnit extension. */
    @Override
    public void beforeTestExecution(ExtensionContext context) {
        clear();
    }

    @Override
    public StatementRecorderAssert assertThat() {
        return new StatementRecorderAssert(this);
    }

    /** The recorded statements numbered one per line, with their bindings: what failure messages show. */
    public String describe() {
        return describe(statements());
    }

    static String describe(List<RecordedStatement> list) {
        if (list.isEmpty()) {
            return "  (no statements)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append("  ").append(i + 1).append(". ").append(list.get(i).describe());
        }
        return b.toString();
    }

    static String countMismatch(int expected, List<RecordedStatement> ran) {
        return "Expected " + expected + " statement" + (expected == 1 ? "" : "s") + " but " + ran.size() + " ran:\n"
                + describe(ran);
    }

    @Override
    public String toString() {
        return "StatementRecorder[" + count() + " statements]";
    }

    /** The statements one {@link #expectStatements} block ran. */
    private static final class Capture {
        private final StatementRecorder owner;
        private final List<RecordedStatement> statements = new CopyOnWriteArrayList<>();

        Capture(StatementRecorder owner) {
            this.owner = owner;
        }

        Context bind(Context ctx) {
            List<Capture> open = ctx.getOrDefault(CAPTURES, List.of());
            List<Capture> copy = new ArrayList<>(open);
            copy.add(this);
            return ctx.put(CAPTURES, Collections.unmodifiableList(copy));
        }

        <T> Mono<T> verify(int expected) {
            List<RecordedStatement> ran = List.copyOf(statements);
            return ran.size() == expected ? Mono.empty() : Mono.error(new AssertionError(countMismatch(expected, ran)));
        }
    }

    /** Turns r2dbc-proxy's query callbacks into recorded statements. */
    private final class Listener implements ProxyExecutionListener {
        private final String connectionName;

        Listener(String connectionName) {
            this.connectionName = connectionName;
        }

        @Override
        public void beforeQuery(QueryExecutionInfo info) {
            ContextView ctx = info.getValueStore().get(ContextView.class, ContextView.class);
            if (ctx != null && ctx.hasKey(IGNORE)) {
                return;
            }
            List<RecordedStatement> started = new ArrayList<>(info.getQueries().size());
            for (QueryInfo query : info.getQueries()) {
                RecordedStatement s = new RecordedStatement(connectionName, query.getQuery(),
                        bindingSets(query.getBindingsList()));
                started.add(s);
                statements.add(s);
                if (ctx != null) {
                    for (Capture c : ctx.<List<Capture>>getOrDefault(CAPTURES, List.of())) {
                        if (c.owner == StatementRecorder.this) {
                            c.statements.add(s);
                        }
                    }
                }
            }
            info.getValueStore().put(Listener.class, started);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void afterQuery(QueryExecutionInfo info) {
            List<RecordedStatement> started = (List<RecordedStatement>) info.getValueStore().get(Listener.class);
            if (started != null) {
                for (RecordedStatement s : started) {
                    s.finish(info.getExecuteDuration(), info.getThrowable());
                }
            }
        }

        private List<List<Object>> bindingSets(List<Bindings> sets) {
            List<List<Object>> out = new ArrayList<>(sets.size());
            for (Bindings b : sets) {
                List<Object> values = new ArrayList<>();
                for (Binding binding : b.getIndexBindings()) {
                    int index = (Integer) binding.getKey();
                    while (values.size() <= index) {
                        values.add(null);
                    }
                    values.set(index, value(binding.getBoundValue()));
                }
                for (Binding binding : b.getNamedBindings()) {
                    values.add(value(binding.getBoundValue()));
                }
                out.add(Collections.unmodifiableList(values));
            }
            return List.copyOf(out);
        }

        private Object value(BoundValue v) {
            return v.isNull() ? null : v.getValue();
        }
    }
}
