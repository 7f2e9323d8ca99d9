package dev.tortoise.query;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.internal.expression.ExpressionAccess;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.Persistence;
import dev.tortoise.internal.query.PrefetchSpec;
import dev.tortoise.internal.query.QueryAccess;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Lock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The immutable description of a queryset, an opaque handle: a custom {@link QuerySet} subclass receives one in
 * its constructor and passes it on to {@link QuerySet#QuerySet(QueryState)}; nothing else of it is public. Every
 * QuerySet call returns a new queryset with a changed copy of this state; nothing here touches a database.
 */
public final class QueryState {
    static {
        // The runtime and the relation layer make and read states (and managers' contexts) through
        // dev.tortoise.internal.query.QueryAccess, which this bridge serves (docs/api.md).
        QueryAccess.install(new Access());
    }

    final QueryEngine engine;
    final RelationJoiner joiner;
    final ModelMeta meta;
    final List<Q> filters;
    final List<String> orderBy;
    final Integer limit;
    final Integer offset;
    final boolean distinct;
    final List<String> only;
    final Map<String, Expression> annotations;
    final List<String> groupBy;
    final List<String> selectRelated;
    final List<PrefetchSpec> prefetch;
    final Lock lock;
    final String connection;
    final int fetchSize;
    final java.time.Duration timeout;
    /** The compiled statements of this model's query shapes (the manager's), or null when not kept. */
    final CompiledShapes shapes;

    QueryState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta, List<Q> filters, List<String> orderBy,
               Integer limit, Integer offset, boolean distinct, List<String> only,
               Map<String, Expression> annotations, List<String> groupBy, List<String> selectRelated,
               List<PrefetchSpec> prefetch, Lock lock, String connection, int fetchSize,
               java.time.Duration timeout, CompiledShapes shapes) {
        this.engine = engine;
        this.joiner = joiner;
        this.meta = meta;
        this.filters = List.copyOf(filters);
        this.orderBy = orderBy == null ? null : List.copyOf(orderBy);
        this.limit = limit;
        this.offset = offset;
        this.distinct = distinct;
        this.only = only == null ? null : List.copyOf(only);
        // Taken as given: the state's own (unmodifiable) map, or a copy withAnnotations made; so a state
        // change other than annotate() copies no map. Most querysets have none: the empty map is shared.
        this.annotations = annotations.isEmpty() ? Map.of() : annotations;
        this.groupBy = List.copyOf(groupBy);
        this.selectRelated = List.copyOf(selectRelated);
        this.prefetch = List.copyOf(prefetch);
        this.lock = lock;
        this.connection = connection;
        this.fetchSize = fetchSize;
        this.timeout = timeout;
        this.shapes = shapes;
    }

    /** The state of a new queryset over every row of {@code meta}. */
    static QueryState initial(QueryEngine engine, RelationJoiner joiner, ModelMeta meta) {
        return initial(engine, joiner, meta, null);
    }

    /** The state of a new queryset over every row of {@code meta} whose statements are kept in {@code shapes}. */
    static QueryState initial(QueryEngine engine, RelationJoiner joiner, ModelMeta meta, CompiledShapes shapes) {
        return new QueryState(engine, joiner, meta, List.of(), null, null, null, false, null, Map.of(), List.of(),
                List.of(), List.of(), null, null, 0, null, shapes);
    }

    /** Whether this is an initial state: no filter, ordering, slice, annotation or option added. */
    boolean isInitial() {
        return filters.isEmpty() && orderBy == null && limit == null && offset == null && !distinct
                && only == null && annotations.isEmpty() && groupBy.isEmpty() && selectRelated.isEmpty()
                && prefetch.isEmpty() && lock == null && connection == null && fetchSize == 0 && timeout == null;
    }

    @Override
    public String toString() {
        return "QueryState<" + meta.name() + ">";
    }

    QueryState withFilter(Q q) {
        List<Q> f = new ArrayList<>(filters);
        f.add(q);
        return new QueryState(engine, joiner, meta, f, orderBy, limit, offset, distinct, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withOrder(List<String> order) {
        return new QueryState(engine, joiner, meta, filters, order, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withLimit(Integer l) {
        return new QueryState(engine, joiner, meta, filters, orderBy, l, offset, distinct, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withOffset(Integer o) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, o, distinct, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withDistinct(boolean d) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, d, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withOnly(List<String> o) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, o, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    /** This state with the annotations {@code a}, a map made for it that nobody changes afterwards (not copied). */
    QueryState withAnnotations(Map<String, Expression> a) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only,
                java.util.Collections.unmodifiableMap(a), groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withGroupBy(List<String> g) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations, g,
                selectRelated, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withSelectRelated(List<String> s) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, s, prefetch, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withPrefetch(List<PrefetchSpec> p) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, p, lock, connection, fetchSize, timeout, shapes);
    }

    QueryState withLock(Lock l) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, l, connection, fetchSize, timeout, shapes);
    }

    QueryState withConnection(String c) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, c, fetchSize, timeout, shapes);
    }

    QueryState withFetchSize(int n) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, connection, n, timeout, shapes);
    }

    QueryState withTimeout(java.time.Duration d) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, connection, fetchSize, d, shapes);
    }

    /** The internal side of this handle and of {@link ManagerContext}, reached through {@link QueryAccess}. */
    private static final class Access implements QueryAccess.Bridge {
        @Override
        public <T extends Model> ManagerContext<T> managerContext(ModelMeta meta, QueryEngine engine,
                                                                  RelationJoiner joiner, Persistence persistence,
                                                                  InstanceBinding binding, boolean keepShapes) {
            return new ManagerContext<>(meta, engine, joiner, persistence, binding, keepShapes);
        }

        @Override
        public QueryState initialState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta) {
            return initial(engine, joiner, meta);
        }

        @Override
        public QueryState keptInitialState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta) {
            return initial(engine, joiner, meta, new CompiledShapes());
        }

        @Override
        public List<String> orderBy(QueryState state) {
            return state.orderBy;
        }

        @Override
        public boolean isInitial(QueryState state) {
            return state.isInitial();
        }

        @Override
        public CompiledQuery compileGet(QueryState state, String key, Object value) {
            return new SelectCompiler(QuerySet.create(state).filter(key, value).state().withLimit(2)).models();
        }

        @Override
        public CompiledQuery compileModels(QueryState state) {
            return SelectCompiler.compileModels(state);
        }

        @Override
        public QueryEngine engine(QueryState state) {
            return state.engine;
        }

        @Override
        public QueryContext queryContext(ModelMeta meta, RelationJoiner joiner, dev.tortoise.sql.ast.BindSlots slots) {
            return ExpressionAccess.queryContext(meta, Map.of(), joiner, SelectCompiler.SUBQUERIES, slots);
        }
    }
}
