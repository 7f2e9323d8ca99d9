package dev.tortoise.query;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Q;
import dev.tortoise.internal.expression.SubquerySource;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.ModelTemplates;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.PrefetchSpec;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.sql.ast.Explain;
import dev.tortoise.sql.ast.Lock;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An immutable, lazy query over one model, and a {@link Publisher} of its instances. Every
 * method returns a new queryset; nothing runs until a terminal method's publisher (or the
 * queryset itself) is subscribed, and the connection is chosen then, so a queryset built outside
 * a transaction and subscribed inside one joins it. A queryset can be subscribed many times.
 *
 * <p>Subclass it for a custom queryset per model ({@code @Meta(queryset = ...)}): the subclass
 * needs a constructor taking a {@link QueryState}.
 */
public class QuerySet<T extends Model> implements Publisher<T> {
    /**
     * Each custom queryset class's constructor taking a {@link QueryState}, kept on the class itself (not in a
     * map from classes), so that the classes of an application whose runtime is closed, and their class loader,
     * can be unloaded. A constructor that is missing is looked for again on the next call, as before.
     */
    private static final ClassValue<MethodHandle> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> c) {
            try {
                return MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                        .findConstructor(c, MethodType.methodType(void.class, QueryState.class));
            } catch (ReflectiveOperationException e) {
                throw new ConfigurationError("Custom queryset " + c.getName()
                        + " needs a constructor taking a QueryState: " + e.getMessage());
            }
        }
    };

    private final QueryState state;

    /** A queryset with the given state; subclasses call this from their own constructor. */
    public QuerySet(QueryState state) {
        this.state = state;
    }

    /** A new queryset of the model's queryset class over the given state. */
    @SuppressWarnings("unchecked")
    public static <T extends Model> QuerySet<T> create(QueryState state) {
        Class<?> custom = state.meta.querysetClass();
        if (custom == null) {
            return new QuerySet<>(state);
        }
        return (QuerySet<T>) instantiate(custom, state);
    }

    private static Object instantiate(Class<?> cls, QueryState state) {
        MethodHandle ctor = CONSTRUCTORS.get(cls);
        try {
            return ctor.invoke(state);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ConfigurationError("Cannot create queryset " + cls.getName() + ": " + t);
        }
    }

    /** A copy of this queryset (of the same class) with another state. */
    @SuppressWarnings("unchecked")
    protected QuerySet<T> copy(QueryState newState) {
        if (getClass() == QuerySet.class) {
            return new QuerySet<>(newState);
        }
        return (QuerySet<T>) instantiate(getClass(), newState);
    }

    /** The immutable state behind this queryset. */
    public QueryState state() {
        return state;
    }

    /** The queried model's metadata. */
    public ModelMeta meta() {
        return state.meta;
    }

    // ------------------------------------------------------------------ building

    /** All rows (a copy of this queryset). */
    public QuerySet<T> all() {
        return copy(state);
    }

    /** Rows matching a lookup, e.g. {@code filter("name__icontains", "cup")}. */
    public QuerySet<T> filter(String key, Object value) {
        return filter(Q.of(key, value));
    }

    /** Rows matching both lookups. */
    public QuerySet<T> filter(String key1, Object value1, String key2, Object value2) {
        return filter(Q.of(key1, value1, key2, value2));
    }

    /** Rows matching every lookup of the map. */
    public QuerySet<T> filter(Map<String, ?> lookups) {
        return filter(Q.of(lookups));
    }

    /** Rows matching every condition. */
    public QuerySet<T> filter(Q... conditions) {
        QueryState s = state;
        for (Q q : conditions) {
            if (q == null) {
                throw new ParamsError("expected Q objects as args");
            }
            s = s.withFilter(q);
        }
        return copy(s);
    }

    /** Rows not matching a lookup. */
    public QuerySet<T> exclude(String key, Object value) {
        return exclude(Q.of(key, value));
    }

    /** Rows not matching all the lookups of the map. */
    public QuerySet<T> exclude(Map<String, ?> lookups) {
        return exclude(Q.of(lookups));
    }

    /** Rows matching none of the conditions (each is negated). */
    public QuerySet<T> exclude(Q... conditions) {
        QueryState s = state;
        for (Q q : conditions) {
            if (q == null) {
                throw new ParamsError("expected Q objects as args");
            }
            s = s.withFilter(q.negate());
        }
        return copy(s);
    }

    /** Orders by the given keys ({@code -} prefix for descending; related paths and annotations allowed). */
    public QuerySet<T> orderBy(String... keys) {
        return copy(state.withOrder(List.of(keys)));
    }

    /** At most {@code n} rows; a negative n is a ParamsError. */
    public QuerySet<T> limit(int n) {
        if (n < 0) {
            throw new ParamsError("Limit should be non-negative number");
        }
        return copy(state.withLimit(n));
    }

    /** Skips {@code n} rows; a negative n is a ParamsError. */
    public QuerySet<T> offset(int n) {
        if (n < 0) {
            throw new ParamsError("Offset should be non-negative number");
        }
        return copy(state.withOffset(n));
    }

    /**
     * Tortoise's {@code qs[start:stop]}: skips {@code start} rows (null: 0) and takes the rows
     * before index {@code stop} (null: all), replacing any limit and offset set before. A negative
     * start, or a stop not greater than start, is a ParamsError with Tortoise's words.
     */
    public QuerySet<T> slice(Integer start, Integer stop) {
        return slice(start, stop, null);
    }

    /** {@code qs[start:stop:step]}: as {@link #slice(Integer, Integer)}; a step other than null or 1 is a ParamsError. */
    public QuerySet<T> slice(Integer start, Integer stop, Integer step) {
        if (step != null && step != 1) {
            throw new ParamsError("Slice steps should be 1 or None.");
        }
        int from = start == null ? 0 : start;
        if (from < 0) {
            throw new ParamsError("Slice start should be non-negative number or None.");
        }
        if (stop != null && stop <= from) {
            throw new ParamsError("Slice stop should be non-negative number greater that slice start, or None.");
        }
        // Offset 0 is left out, as pypika renders no OFFSET for it.
        return copy(state.withOffset(from == 0 ? null : from).withLimit(stop == null ? null : stop - from));
    }

    /** SELECT DISTINCT. */
    public QuerySet<T> distinct() {
        return copy(state.withDistinct(true));
    }

    /** Loads only these fields (and the primary key); such partial instances save only with update fields. */
    public QuerySet<T> only(String... fields) {
        List<String> names = new ArrayList<>();
        String pk = state.meta.pk().name();
        for (String f : fields) {
            state.meta.field(f);
            names.add(f.equals("pk") ? pk : f);
        }
        return copy(state.withOnly(names));
    }

    /**
     * Adds a computed value under {@code name}, readable from instances and usable in filters,
     * ordering and values. A name that is also a field's wins over the field in filters, ordering
     * and values (Tortoise's {@code annotate(id=RawSQL("id + 1")).values("id")} gives the
     * annotation); an instance keeps the stored value in its field and the annotation in
     * {@link Model#annotation(String, Class)} and {@link Model#toMap()}.
     */
    public QuerySet<T> annotate(String name, Expression expression) {
        Map<String, Expression> a = new LinkedHashMap<>(state.annotations);
        a.put(name, expression);
        return copy(state.withAnnotations(a));
    }

    /** Adds several annotations, in the map's order. */
    public QuerySet<T> annotate(Map<String, ? extends Expression> annotations) {
        if (getClass() == QuerySet.class && !annotations.isEmpty()) {
            // What the calls below give, with one map and one state instead of one per annotation (a subclass
            // may override annotate(name, expression), so it keeps them).
            Map<String, Expression> a = new LinkedHashMap<>(state.annotations);
            for (Map.Entry<String, ? extends Expression> e : annotations.entrySet()) {
                a.put(e.getKey(), e.getValue());
            }
            return copy(state.withAnnotations(a));
        }
        QuerySet<T> qs = this;
        for (Map.Entry<String, ? extends Expression> e : annotations.entrySet()) {
            qs = qs.annotate(e.getKey(), e.getValue());
        }
        return qs;
    }

    /** Groups values()/valuesList() results by these fields. */
    public QuerySet<T> groupBy(String... fields) {
        return copy(state.withGroupBy(List.of(fields)));
    }

    /** Loads these FK/O2O relations by join, nested with {@code __}. */
    public QuerySet<T> selectRelated(String... relations) {
        List<String> s = new ArrayList<>(state.selectRelated);
        s.addAll(Arrays.asList(relations));
        return copy(state.withSelectRelated(s));
    }

    /** Loads these relations with one extra query per relation level: names or {@link Prefetch} objects. */
    public QuerySet<T> prefetchRelated(Object... relations) {
        List<PrefetchSpec> p = new ArrayList<>(state.prefetch);
        for (Object r : relations) {
            if (r instanceof String name) {
                p.add(new PrefetchSpec(name, null, null));
            } else if (r instanceof Prefetch pf) {
                p.add(pf.spec());
            } else {
                throw new ParamsError("prefetchRelated takes relation names or Prefetch objects, not " + r);
            }
        }
        return copy(state.withPrefetch(p));
    }

    /** Locks the selected rows (FOR UPDATE) where the database supports it; a no-op elsewhere. */
    public QuerySet<T> selectForUpdate() {
        return selectForUpdate(false, false);
    }

    /** Locks the selected rows with NOWAIT or SKIP LOCKED, optionally only the given tables. */
    public QuerySet<T> selectForUpdate(boolean nowait, boolean skipLocked, String... of) {
        return copy(state.withLock(new Lock(nowait, skipLocked, List.of(of))));
    }

    /** Runs on the named connection instead of the routed one (Tortoise's {@code using_db}). */
    public QuerySet<T> usingDb(String connection) {
        return copy(state.withConnection(connection));
    }

    /** Streams in chunks of {@code n} rows per round trip (a cursor where the driver supports it). */
    public QuerySet<T> fetchSize(int n) {
        if (n < 0) {
            throw new ParamsError("fetchSize should be non-negative number");
        }
        return copy(state.withFetchSize(n));
    }

    /**
     * Cancels each statement of this queryset on the database server when it runs longer than
     * {@code timeout}, overriding the runtime's {@code statement-timeout}; the caller then gets a
     * {@link dev.tortoise.exception.QueryTimeoutError} and the connection stays usable. A zero
     * duration means no limit, as with PostgreSQL's {@code statement_timeout}.
     */
    public QuerySet<T> timeout(java.time.Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new ParamsError("timeout should be a non-negative duration, got " + timeout);
        }
        return copy(state.withTimeout(timeout));
    }

    // ------------------------------------------------------------------ running

    private Flux<Object> run(CompiledQuery q) {
        return state.engine.run(q);
    }

    /** The instances, compiled and run when subscribed. */
    @SuppressWarnings("unchecked")
    public Flux<T> flux() {
        return Flux.defer(() -> (Flux<T>) (Flux<?>) run(SelectCompiler.compileModels(state)));
    }

    /**
     * Streams the instances to {@code subscriber}, as {@link #flux()} does: a queryset is itself a
     * {@link Publisher}, so WebFlux and Reactor operators can subscribe to it directly.
     */
    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        flux().subscribe(subscriber);
    }

    /** All instances in one list. */
    public Mono<List<T>> toList() {
        if (getClass() != QuerySet.class) {
            // A custom queryset may change flux(); its list is what its flux gives.
            return flux().collectList();
        }
        return ListRun.of(state);
    }

    /** The number of matching rows, honouring limit and offset (as Tortoise). */
    public Mono<Long> count() {
        return Mono.defer(() -> run(SelectCompiler.compile(state, Operation.COUNT, null, null)).singleOrEmpty().map(v -> {
            long n = ((Number) ((List<?>) v).get(0)).longValue();
            if (state.offset != null) {
                n = Math.max(0, n - state.offset);
            }
            if (state.limit != null) {
                n = Math.min(n, state.limit);
            }
            return n;
        }));
    }

    /** Whether any row matches. */
    public Mono<Boolean> exists() {
        return Mono.defer(() -> run(SelectCompiler.compile(state, Operation.EXISTS, null, null)).count().map(n -> n > 0));
    }

    /** The first instance in the query's order (by primary key when unordered), or empty. */
    public Mono<T> first() {
        // singleOrEmpty, not next(): the statement returns at most one row, and cancelling it after
        // that row would release the connection concurrently with the caller's next step.
        return copy(firstState(state)).flux().singleOrEmpty();
    }

    /** The last instance: the query's ordering reversed (or {@code -pk}), or empty. */
    public Mono<T> last() {
        return copy(lastState(state)).flux().singleOrEmpty();
    }

    /** The state of {@code first()}: one row, ordered by primary key when the query has no order. */
    static QueryState firstState(QueryState state) {
        QueryState s = state.withLimit(1);
        if (effectiveOrder(state).isEmpty()) {
            s = s.withOrder(List.of(state.meta.pk().name()));
        }
        return s;
    }

    /** The state of {@code last()}: one row, the query's ordering reversed (or {@code -pk}). */
    static QueryState lastState(QueryState state) {
        List<String> order = effectiveOrder(state);
        List<String> reversed = new ArrayList<>();
        if (order.isEmpty()) {
            reversed.add("-" + state.meta.pk().name());
        } else {
            for (String o : order) {
                reversed.add(o.startsWith("-") ? o.substring(1) : "-" + o);
            }
        }
        return state.withOrder(reversed).withLimit(1);
    }

    /** The state of {@code earliest(fields)} ({@code descending} false) or {@code latest(fields)}. */
    static QueryState extremeState(QueryState state, String[] fields, boolean descending) {
        if (fields.length == 0) {
            throw new FieldError("No fields passed");
        }
        List<String> order = new ArrayList<>();
        for (String f : fields) {
            order.add(!descending ? f : f.startsWith("-") ? f.substring(1) : "-" + f);
        }
        return firstState(state.withOrder(order));
    }

    private static List<String> effectiveOrder(QueryState state) {
        if (state.orderBy != null) {
            return state.orderBy;
        }
        return state.annotations.isEmpty() && state.groupBy.isEmpty() ? state.meta.ordering() : List.of();
    }

    /** The earliest instance by the given fields. */
    public Mono<T> earliest(String... fields) {
        return copy(extremeState(state, fields, false)).flux().singleOrEmpty();
    }

    /** The latest instance by the given fields. */
    public Mono<T> latest(String... fields) {
        return copy(extremeState(state, fields, true)).flux().singleOrEmpty();
    }

    /** The one matching instance; DoesNotExist or MultipleObjectsReturned otherwise. */
    public Mono<T> get() {
        return one(copy(state.withLimit(2)).flux());
    }

    /**
     * {@link #get(String, Object)} on a manager's queryset: a plain queryset of this class asked for
     * its primary key takes the model's get-by-pk template (compiled once, only the key bound
     * anew); anything else compiles as usual.
     */
    @SuppressWarnings("unchecked")
    Mono<T> get(String key, Object value, ModelTemplates templates) {
        CompiledQuery q = templates == null || getClass() != QuerySet.class ? null
                : templates.getByPk(state, key, value);
        if (q == null) {
            return get(key, value);
        }
        return OneRow.run(state.meta.name(), state.engine, q);
    }

    /** The one row of {@code rows} (fetched with a limit of two); DoesNotExist or MultipleObjectsReturned otherwise. */
    private Mono<T> one(Flux<T> rows) {
        return OneRow.of(state.meta.name(), rows);
    }

    /** The one instance matching the lookup. */
    public Mono<T> get(String key, Object value) {
        return filter(key, value).get();
    }

    /** The one instance matching the conditions. */
    public Mono<T> get(Q... conditions) {
        return filter(conditions).get();
    }

    /** The one instance matching the lookups. */
    public Mono<T> get(Map<String, ?> lookups) {
        return filter(lookups).get();
    }

    /** The one matching instance, empty when none; MultipleObjectsReturned when several. */
    public Mono<T> getOrNone() {
        return get().onErrorResume(DoesNotExist.class, e -> Mono.empty());
    }

    /** {@link #getOrNone()} of the rows that also match the given lookups. */
    public Mono<T> getOrNone(String key, Object value) {
        return filter(key, value).getOrNone();
    }

    /** {@link #getOrNone()} of the rows that also match the given lookups. */
    public Mono<T> getOrNone(Q... conditions) {
        return filter(conditions).getOrNone();
    }

    /** {@link #getOrNone()} of the rows that also match the given lookups. */
    public Mono<T> getOrNone(Map<String, ?> lookups) {
        return filter(lookups).getOrNone();
    }

    /** Instances keyed by their primary key, for the given keys (Tortoise's {@code in_bulk(ids)}, field_name="pk"). */
    public Mono<Map<Object, T>> inBulk(Collection<?> values) {
        return inBulk(values, "pk");
    }

    /** Instances keyed by the given field's value, for the given values (Tortoise's in_bulk). */
    public Mono<Map<Object, T>> inBulk(Collection<?> values, String fieldName) {
        FieldMeta f = state.meta.field(fieldName);
        if (!f.unique()) {
            throw new FieldError("in_bulk()'s field_name must be a unique field but '" + fieldName + "' isn't.");
        }
        return filter(fieldName + "__in", values).flux()
                .collectMap(i -> f.get(i), i -> i, LinkedHashMap::new);
    }

    /** Rows as maps from the given fields or paths (all fields and annotations when none). */
    public ValuesQuery<Map<String, Object>> values(String... fields) {
        return new ValuesQuery<>(state, keys(fields, true), ResultShape.Values.Kind.MAP);
    }

    /** Rows as maps with the given result keys for paths ({@code Map.of("tournament", "tournament__name")}). */
    public ValuesQuery<Map<String, Object>> values(Map<String, String> keyToPath) {
        return new ValuesQuery<>(state, new LinkedHashMap<>(keyToPath), ResultShape.Values.Kind.MAP);
    }

    /** Rows as lists of the given fields' values (duplicates allowed). */
    public ValuesQuery<List<Object>> valuesList(String... fields) {
        return new ValuesQuery<>(state, keys(fields, false), ResultShape.Values.Kind.LIST);
    }

    /**
     * Rows as lists, or, when {@code flat}, as the single field's values; flat needs exactly one
     * field (ParamsError otherwise, as Tortoise's TypeError).
     */
    public ValuesQuery<Object> valuesList(boolean flat, String... fields) {
        if (flat && fields.length != 1) {
            throw new ParamsError("You can flat value_list only if contains one field");
        }
        return new ValuesQuery<>(state, keys(fields, false),
                flat ? ResultShape.Values.Kind.FLAT : ResultShape.Values.Kind.LIST);
    }

    private Map<String, String> keys(String[] fields, boolean unique) {
        if (fields.length == 0) {
            return new SelectCompiler(state).allValueKeys();
        }
        CompiledShapes shapes = state.shapes;
        if (shapes != null) {
            Map<String, String> kept = shapes.valueKeys(fields, unique);
            if (kept != null) {
                return kept;
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        int i = 0;
        for (String f : fields) {
            String key = unique ? f : f + "#" + i++;
            if (keys.containsKey(key)) {
                throw new FieldError("Duplicate key " + f);
            }
            keys.put(key, f);
        }
        if (shapes == null) {
            return keys;
        }
        Map<String, String> result = java.util.Collections.unmodifiableMap(keys);
        shapes.keepValueKeys(fields, unique, result);
        return result;
    }

    /** Sets fields on every matching row; returns the number of rows changed. F expressions may refer to the row. */
    public Mono<Long> update(Map<String, ?> values) {
        return RowCountRun.of(state, Operation.UPDATE, values);
    }

    /** Sets one field on every matching row. */
    public Mono<Long> update(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, value);
        return update(m);
    }

    /** Sets two fields on every matching row. */
    public Mono<Long> update(String field1, Object value1, String field2, Object value2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field1, value1);
        m.put(field2, value2);
        return update(m);
    }

    /** Deletes every matching row; returns the number of rows deleted. Signals do not fire (as Tortoise). */
    public Mono<Long> delete() {
        return RowCountRun.of(state, Operation.DELETE, null);
    }

    /** The primary keys of the matching rows as a SELECT inside another query ({@code Subquery.of(qs)}). */
    SubquerySource.Compiled compileSubquery(dev.tortoise.sql.ast.BindSlots slots) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(state.meta.pk().name(), state.meta.pk().name());
        return new SelectCompiler(state, slots).subquery(keys);
    }

    /** The SQL text and bindings this queryset runs with, on its connection's dialect. */
    public SqlText sql() {
        return sql(false);
    }

    /**
     * Tortoise's {@code sql(params_inline)}: with {@code paramsInline} every bind value is written
     * into the text as a literal quoted by the connection's dialect (strings in single quotes with
     * quotes doubled, timestamps as typed literals), for logs and EXPLAIN by hand, and the bindings
     * are empty. The ORM itself always sends values as bind parameters.
     */
    public SqlText sql(boolean paramsInline) {
        CompiledQuery q = new SelectCompiler(state).models();
        return state.engine.sql(q.statement(), connectionFor(q), paramsInline);
    }

    private String connectionFor(CompiledQuery q) {
        return q.connection() != null ? q.connection() : state.meta.connectionName();
    }

    /** The database's plan for this query, as text (JSON on PostgreSQL). */
    public Mono<String> explain() {
        return Mono.defer(() -> {
            CompiledQuery q = new SelectCompiler(state).models();
            CompiledQuery explain = new CompiledQuery(new Explain(q.statement()), q.model(), q.connection(),
                    Operation.EXPLAIN, new ResultShape.Text(), 0, q.timeout());
            return run(explain).map(Object::toString).collectList().map(rows -> String.join("\n", rows));
        });
    }

    /** {@code QuerySet<Model>}: the queried model's name, never the SQL (see {@link #sql()}). */
    @Override
    public String toString() {
        return "QuerySet<" + state.meta.name() + ">";
    }
}
