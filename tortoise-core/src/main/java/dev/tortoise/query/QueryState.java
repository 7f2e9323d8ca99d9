package dev.tortoise.query;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Q;
import dev.tortoise.expression.RelationJoiner;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Lock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable description of a queryset. Every QuerySet call returns a new queryset with a
 * changed copy of this state; nothing here touches a database.
 */
public final class QueryState {
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

    QueryState(QueryEngine engine, RelationJoiner joiner, ModelMeta meta, List<Q> filters, List<String> orderBy,
               Integer limit, Integer offset, boolean distinct, List<String> only,
               Map<String, Expression> annotations, List<String> groupBy, List<String> selectRelated,
               List<PrefetchSpec> prefetch, Lock lock, String connection, int fetchSize,
               java.time.Duration timeout) {
        this.engine = engine;
        this.joiner = joiner;
        this.meta = meta;
        this.filters = List.copyOf(filters);
        this.orderBy = orderBy == null ? null : List.copyOf(orderBy);
        this.limit = limit;
        this.offset = offset;
        this.distinct = distinct;
        this.only = only == null ? null : List.copyOf(only);
        // Most querysets have no annotations: share the empty map instead of copying one per state change.
        this.annotations = annotations.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        this.groupBy = List.copyOf(groupBy);
        this.selectRelated = List.copyOf(selectRelated);
        this.prefetch = List.copyOf(prefetch);
        this.lock = lock;
        this.connection = connection;
        this.fetchSize = fetchSize;
        this.timeout = timeout;
    }

    /** The state of a new queryset over every row of {@code meta}. */
    public static QueryState initial(QueryEngine engine, RelationJoiner joiner, ModelMeta meta) {
        return new QueryState(engine, joiner, meta, List.of(), null, null, null, false, null, Map.of(), List.of(),
                List.of(), List.of(), null, null, 0, null);
    }

    /** The model queried. */
    public ModelMeta meta() {
        return meta;
    }

    /** The engine the queryset runs on. */
    public QueryEngine engine() {
        return engine;
    }

    /** The explicit ordering keys, or null for the model's default ordering. */
    public List<String> orderBy() {
        return orderBy;
    }

    /** The relation joiner lookups use. */
    public RelationJoiner joiner() {
        return joiner;
    }

    QueryState withFilter(Q q) {
        List<Q> f = new ArrayList<>(filters);
        f.add(q);
        return new QueryState(engine, joiner, meta, f, orderBy, limit, offset, distinct, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withOrder(List<String> order) {
        return new QueryState(engine, joiner, meta, filters, order, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withLimit(Integer l) {
        return new QueryState(engine, joiner, meta, filters, orderBy, l, offset, distinct, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withOffset(Integer o) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, o, distinct, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withDistinct(boolean d) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, d, only, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withOnly(List<String> o) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, o, annotations, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withAnnotations(Map<String, Expression> a) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, a, groupBy,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withGroupBy(List<String> g) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations, g,
                selectRelated, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withSelectRelated(List<String> s) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, s, prefetch, lock, connection, fetchSize, timeout);
    }

    QueryState withPrefetch(List<PrefetchSpec> p) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, p, lock, connection, fetchSize, timeout);
    }

    QueryState withLock(Lock l) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, l, connection, fetchSize, timeout);
    }

    QueryState withConnection(String c) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, c, fetchSize, timeout);
    }

    QueryState withFetchSize(int n) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, connection, n, timeout);
    }

    QueryState withTimeout(java.time.Duration d) {
        return new QueryState(engine, joiner, meta, filters, orderBy, limit, offset, distinct, only, annotations,
                groupBy, selectRelated, prefetch, lock, connection, fetchSize, d);
    }
}
