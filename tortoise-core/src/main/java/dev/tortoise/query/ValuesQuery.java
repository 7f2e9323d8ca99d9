package dev.tortoise.query;

import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.MultipleObjectsReturned;
import dev.tortoise.expression.SubquerySource;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rows of a queryset as maps (values), lists (values_list) or single values (flat
 * values_list); lazy and re-subscribable like the queryset it came from.
 */
public final class ValuesQuery<R> implements Publisher<R>, SubquerySource {
    private final QueryState state;
    private final Map<String, String> keys;
    private final ResultShape.Values.Kind kind;

    ValuesQuery(QueryState state, Map<String, String> keys, ResultShape.Values.Kind kind) {
        this.state = state;
        this.keys = keys;
        this.kind = kind;
        // Compile once eagerly so that unknown or duplicate keys fail at the call, before anything runs.
        new SelectCompiler(state).values(keys, kind);
    }

    private CompiledQuery compile() {
        return new SelectCompiler(state).values(keys, kind);
    }

    /**
     * The rows. A flat values_list emits each value; since Reactive Streams cannot carry null,
     * NULL values are left out of the stream; {@link #toList()} keeps them.
     */
    @SuppressWarnings("unchecked")
    public Flux<R> flux() {
        if (kind == ResultShape.Values.Kind.FLAT) {
            return rows().filter(row -> row.get(0) != null).map(row -> (R) row.get(0));
        }
        return Flux.defer(() -> (Flux<R>) (Flux<?>) state.engine.run(compile()));
    }

    @SuppressWarnings("unchecked")
    private Flux<List<Object>> rows() {
        return Flux.defer(() -> (Flux<List<Object>>) (Flux<?>) state.engine.run(compile()));
    }

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

    /** The first row, or empty. */
    public Mono<R> first() {
        return new ValuesQuery<R>(state.withLimit(1), keys, kind).flux().singleOrEmpty();
    }

    /** The only row; DoesNotExist or MultipleObjectsReturned otherwise. */
    public Mono<R> get() {
        String name = state.meta.name();
        return new ValuesQuery<R>(state.withLimit(2), keys, kind).flux().collectList().flatMap(list -> {
            if (list.isEmpty()) {
                return Mono.error(new DoesNotExist(name));
            }
            if (list.size() > 1) {
                return Mono.error(new MultipleObjectsReturned(name));
            }
            return Mono.just(list.get(0));
        });
    }

    /** This query's single column as a SELECT inside another query ({@code Subquery.of(values)}). */
    @Override
    public Compiled compileSubquery() {
        return new SelectCompiler(state).subquery(keys);
    }

    /** The SQL text and bindings. */
    public SqlText sql() {
        CompiledQuery q = compile();
        return state.engine.sql(q.statement(), q.connection() != null ? q.connection() : state.meta.connectionName());
    }
}
