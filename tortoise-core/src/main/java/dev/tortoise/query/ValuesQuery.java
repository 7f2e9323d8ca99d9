package dev.tortoise.query;

import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.MultipleObjectsReturned;
import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.internal.expression.SubquerySource;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.ResultShape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rows of a queryset as maps (values), lists (values_list) or single values (flat
 * values_list); lazy and re-subscribable like the queryset it came from.
 */
public final class ValuesQuery<R> implements Publisher<R> {
    private final QueryState state;
    private final Map<String, String> keys;
    private final ResultShape.Values.Kind kind;
    /** The statement, compiled once from the immutable state and run by every subscription. */
    private final CompiledQuery compiled;

    ValuesQuery(QueryState state, Map<String, String> keys, ResultShape.Values.Kind kind) {
        this.state = state;
        this.keys = keys;
        this.kind = kind;
        // Compiled eagerly so that unknown or duplicate keys fail at the call, before anything runs; the
        // result is kept, as compiling the same state again at subscription gives the same statement.
        this.compiled = SelectCompiler.compile(state, Operation.VALUES, keys, kind);
    }

    private CompiledQuery compile() {
        return compiled;
    }

    /**
     * The rows. A flat values_list emits each value; a NULL value fails the stream with
     * UnSupportedError, since a Reactive Streams publisher cannot emit null and silently leaving
     * rows out would be wrong: read a nullable column with {@link #optionals()} (every row, NULL
     * as {@code Optional.empty()}) or {@link #toList()} (NULL kept as null).
     */
    @SuppressWarnings("unchecked")
    public Flux<R> flux() {
        if (kind == ResultShape.Values.Kind.FLAT) {
            return rows().map(row -> {
                Object v = row.get(0);
                if (v == null) {
                    throw nullInFlatStream();
                }
                return (R) v;
            });
        }
        return Flux.defer(() -> (Flux<R>) (Flux<?>) state.engine.run(compile()));
    }

    private UnSupportedError nullInFlatStream() {
        return new UnSupportedError("values_list(flat=True) of \"" + keys.values().iterator().next()
                + "\" read a NULL, which a stream cannot emit: use optionals() or toList() for a nullable field");
    }

    /**
     * Every row of a flat values_list as an Optional, empty for NULL, so a nullable column streams
     * without losing rows. On a values() or non-flat values_list query, each row wrapped.
     */
    @SuppressWarnings("unchecked")
    public Flux<Optional<R>> optionals() {
        if (kind == ResultShape.Values.Kind.FLAT) {
            return rows().map(row -> Optional.ofNullable((R) row.get(0)));
        }
        return flux().map(Optional::of);
    }

    @SuppressWarnings("unchecked")
    private Flux<List<Object>> rows() {
        return Flux.defer(() -> (Flux<List<Object>>) (Flux<?>) state.engine.run(compile()));
    }

    /** Streams the rows to {@code s}, as {@link #flux()} does: a values query is itself a {@link Publisher}. */
    @Override
    public void subscribe(Subscriber<? super R> s) {
        flux().subscribe(s);
    }

    /** All rows in one list (a flat values_list keeps NULL values as nulls here). */
    @SuppressWarnings("unchecked")
    public Mono<List<R>> toList() {
        if (kind == ResultShape.Values.Kind.FLAT) {
            return rows().collectList().map(rows -> {
                List<R> out = new java.util.ArrayList<>(rows.size());
                for (List<Object> row : rows) {
                    out.add((R) row.get(0));
                }
                return out;
            });
        }
        return flux().collectList();
    }

    private ValuesQuery<R> with(QueryState s) {
        return new ValuesQuery<>(s, keys, kind);
    }

    /**
     * The first row in the query's order (by primary key when unordered), or empty: Tortoise's
     * {@code first().values(...)}. On a flat values_list a NULL value is an UnSupportedError, as
     * in {@link #flux()}; use {@code valuesList(false, f)} to read a single nullable value.
     */
    public Mono<R> first() {
        return with(QuerySet.firstState(state)).flux().singleOrEmpty();
    }

    /** The last row (the query's ordering reversed, or {@code -pk}), or empty: Tortoise's {@code last().values(...)}. */
    public Mono<R> last() {
        return with(QuerySet.lastState(state)).flux().singleOrEmpty();
    }

    /** The row with the smallest values of the given fields, or empty: Tortoise's {@code earliest(*f).values(...)}. */
    public Mono<R> earliest(String... fields) {
        return with(QuerySet.extremeState(state, fields, false)).flux().singleOrEmpty();
    }

    /** The row with the largest values of the given fields, or empty: Tortoise's {@code latest(*f).values(...)}. */
    public Mono<R> latest(String... fields) {
        return with(QuerySet.extremeState(state, fields, true)).flux().singleOrEmpty();
    }

    /** The only row; DoesNotExist or MultipleObjectsReturned otherwise: Tortoise's {@code get(...).values(...)}. */
    public Mono<R> get() {
        String name = state.meta.name();
        return with(state.withLimit(2)).flux().collectList().flatMap(list -> {
            if (list.isEmpty()) {
                return Mono.error(new DoesNotExist(name));
            }
            if (list.size() > 1) {
                return Mono.error(new MultipleObjectsReturned(name));
            }
            return Mono.just(list.get(0));
        });
    }

    /** The only row, empty when none; MultipleObjectsReturned when several. */
    public Mono<R> getOrNone() {
        return get().onErrorResume(DoesNotExist.class, e -> Mono.empty());
    }

    /** This query's single column as a SELECT inside another query ({@code Subquery.of(values)}). */
    SubquerySource.Compiled compileSubquery(dev.tortoise.sql.ast.BindSlots slots) {
        return new SelectCompiler(state, slots).subquery(keys);
    }

    /** The SQL text and bindings. */
    public SqlText sql() {
        return sql(false);
    }

    /**
     * The SQL text; with {@code paramsInline} every bind value is written into the text as a
     * literal quoted by the connection's dialect (for logs and EXPLAIN by hand; the ORM itself
     * always binds), and the bindings are then empty.
     */
    public SqlText sql(boolean paramsInline) {
        CompiledQuery q = compile();
        return state.engine.sql(q.statement(), q.connection() != null ? q.connection() : state.meta.connectionName(),
                paramsInline);
    }
}
