package dev.tortoise.internal.relation;

import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.ListedRows;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.query.SqlText;
import dev.tortoise.sql.ast.Statement;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The query engine applications and relation holders use: it runs each query on the executing
 * engine below it and then the prefetch queries a model query asks for, through itself, so that
 * nested prefetches run the same way.
 *
 * <p>The relation layer (joins, prefetcher, holder queries) is built here, over this engine, in
 * the constructor: neither the executing engine nor the relation layer needs the other after
 * construction.
 */
public final class PrefetchingEngine implements QueryEngine {
    private final QueryEngine executor;
    private final RelationJoins joins;
    private final Prefetcher prefetcher;
    private final Relations relations;

    /**
     * @param executor    the engine that renders, executes and maps (knows nothing of prefetch)
     * @param inListLimit the most keys one IN list may carry on a connection
     */
    public PrefetchingEngine(QueryEngine executor, ToIntFunction<String> inListLimit) {
        this(executor, inListLimit, true);
    }

    /**
     * An engine over {@code executor} whose prefetch queries keep their compiled statements per query shape when
     * {@code keepShapes} (a runtime whose statement cache is off compiles each of them whole).
     */
    public PrefetchingEngine(QueryEngine executor, ToIntFunction<String> inListLimit, boolean keepShapes) {
        this.executor = executor;
        this.joins = new RelationJoins();
        this.prefetcher = new Prefetcher(this, joins, inListLimit, keepShapes);
        this.relations = new Relations(this, joins, prefetcher);
    }

    /** What relation holders and instances ask of the runtime, running its queries through this engine. */
    public Relations relations() {
        return relations;
    }

    /** The joiner of relation segments that the querysets over this engine compile with. */
    public RelationJoins joins() {
        return joins;
    }

    @Override
    public Flux<Object> run(CompiledQuery q) {
        Flux<Object> rows = executor.run(q);
        if (q.shape() instanceof ResultShape.Models m && !m.prefetch().isEmpty()) {
            // The parents and every prefetch level on one pooled connection; it is back in the pool
            // before the first instance goes on, so that work done per instance downstream can take it.
            // As ListedRows, so that a toList() takes this list as its result rather than collecting a second one.
            return ListedRows.of(executor.pinned(q, () -> rows.collectList().flatMap(list -> {
                @SuppressWarnings("unchecked")
                List<Model> models = (List<Model>) (List<?>) list;
                return prefetcher.prefetch(m.model(), models, m.prefetch()).thenReturn(list);
            })));
        }
        return rows;
    }

    @Override
    public SqlText sql(Statement statement, String connection) {
        return executor.sql(statement, connection);
    }

    @Override
    public SqlText sql(Statement statement, String connection, boolean paramsInline) {
        return executor.sql(statement, connection, paramsInline);
    }

    @Override
    public <R> Flux<R> atomic(ModelMeta model, String connection, Supplier<? extends Publisher<R>> body) {
        return executor.atomic(model, connection, body);
    }

    @Override
    public int maxBindParameters(ModelMeta model, String connection) {
        return executor.maxBindParameters(model, connection);
    }

    @Override
    public boolean atomicStatements(ModelMeta model, String connection) {
        return executor.atomicStatements(model, connection);
    }

    @Override
    public boolean atomicUpserts(ModelMeta model, String connection) {
        return executor.atomicUpserts(model, connection);
    }

    @Override
    public boolean advancesGeneratedKeys(ModelMeta model, String connection) {
        return executor.advancesGeneratedKeys(model, connection);
    }
}
