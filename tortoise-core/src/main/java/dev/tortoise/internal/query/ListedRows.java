package dev.tortoise.internal.query;

import java.util.List;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query's rows that its engine holds as one list before any goes on (a model query whose prefetches ran over
 * them): subscribed as a {@code Flux}, they are emitted one by one from {@link #list()}; a caller that wants the
 * list itself (a queryset's {@code toList()}) takes {@link #list()} and builds no second list of them.
 */
public final class ListedRows extends Flux<Object> {
    private final Mono<List<Object>> list;

    private ListedRows(Mono<List<Object>> list) {
        this.list = list;
    }

    /**
     * The rows {@code list} emits as one list, emitted one by one when subscribed as a Flux. Through
     * {@code onAssembly}, as the operators it stands for: a debug hook (onOperatorDebug) may wrap it, and the
     * wrapper is then a plain Flux of the rows.
     */
    public static Flux<Object> of(Mono<List<Object>> list) {
        return onAssembly(new ListedRows(list));
    }

    /** The rows as the one list they are collected into (not copied). */
    public Mono<List<Object>> list() {
        return list;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
        list.flatMapMany(Flux::fromIterable).subscribe(actual);
    }
}
