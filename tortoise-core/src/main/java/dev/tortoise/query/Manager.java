package dev.tortoise.query;

import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Q;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.ModelTemplates;
import dev.tortoise.internal.query.Operation;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.SaveOptions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The entry point for one model's queries and writes, as Tortoise's model class methods:
 * {@code models.of(Event.class).filter(...)}, {@code .create(...)}, {@code .get(...)}. Subclass it
 * for a custom manager ({@code @Meta(manager = ...)}); a subclass needs a constructor taking a
 * {@link ManagerContext} and may override {@link #getQueryset()}.
 */
public class Manager<T extends Model> {
    private final ManagerContext<T> context;
    /** The model's templates once looked up (the same object every time: Persistence keeps one per model). */
    private ModelTemplates templates;
    /** The state of {@link #getQueryset()} as this class builds it (immutable), once built for a get by key. */
    private QueryState initialState;

    /** Creates the manager of one model; called by the ORM at init with the model's context. */
    public Manager(ManagerContext<T> context) {
        this.context = context;
    }

    /** The model's metadata. */
    public ModelMeta meta() {
        return context.meta();
    }

    /** The queryset every query of this manager starts from; override to restrict it. */
    public QuerySet<T> getQueryset() {
        return QuerySet.create(QueryState.initial(context.engine(), context.joiner(), context.meta(),
                context.shapes()));
    }

    // -------------------------------------------------------------- queryset shortcuts

    /** Every row of the model, as {@link #getQueryset()} gives them: Tortoise's {@code Model.all()}. */
    public QuerySet<T> all() {
        return getQueryset();
    }

    /** The rows that match the lookups (Tortoise's {@code Model.filter(...)}); see {@link QuerySet#filter(Map)}. */
    public QuerySet<T> filter(String key, Object value) {
        return getQueryset().filter(key, value);
    }

    /** The rows that match the lookups (Tortoise's {@code Model.filter(...)}); see {@link QuerySet#filter(Map)}. */
    public QuerySet<T> filter(String key1, Object value1, String key2, Object value2) {
        return getQueryset().filter(key1, value1, key2, value2);
    }

    /** The rows that match the lookups (Tortoise's {@code Model.filter(...)}); see {@link QuerySet#filter(Map)}. */
    public QuerySet<T> filter(Map<String, ?> lookups) {
        return getQueryset().filter(lookups);
    }

    /** The rows that match the lookups (Tortoise's {@code Model.filter(...)}); see {@link QuerySet#filter(Map)}. */
    public QuerySet<T> filter(Q... conditions) {
        return getQueryset().filter(conditions);
    }

    /**
     * The rows that do not match the lookups (Tortoise's {@code Model.exclude(...)}); see {@link
     * QuerySet#exclude(Map)}.
     */
    public QuerySet<T> exclude(String key, Object value) {
        return getQueryset().exclude(key, value);
    }

    /**
     * The rows that do not match the lookups (Tortoise's {@code Model.exclude(...)}); see {@link
     * QuerySet#exclude(Map)}.
     */
    public QuerySet<T> exclude(Map<String, ?> lookups) {
        return getQueryset().exclude(lookups);
    }

    /**
     * The rows that do not match the lookups (Tortoise's {@code Model.exclude(...)}); see {@link
     * QuerySet#exclude(Map)}.
     */
    public QuerySet<T> exclude(Q... conditions) {
        return getQueryset().exclude(conditions);
    }

    /** Every row, ordered by the given keys ({@code "-name"} descending); see {@link QuerySet#orderBy(String...)}. */
    public QuerySet<T> orderBy(String... keys) {
        return getQueryset().orderBy(keys);
    }

    /** At most {@code n} rows; see {@link QuerySet#limit(int)}. */
    public QuerySet<T> limit(int n) {
        return getQueryset().limit(n);
    }

    /** Every row after the first {@code n}; see {@link QuerySet#offset(int)}. */
    public QuerySet<T> offset(int n) {
        return getQueryset().offset(n);
    }

    /** Every row with only the given fields loaded; see {@link QuerySet#only(String...)}. */
    public QuerySet<T> only(String... fields) {
        return getQueryset().only(fields);
    }

    /** Every row, without repeats; see {@link QuerySet#distinct()}. */
    public QuerySet<T> distinct() {
        return getQueryset().distinct();
    }

    /** Tortoise's {@code Model.all()[start:stop]}; see {@link QuerySet#slice(Integer, Integer)}. */
    public QuerySet<T> slice(Integer start, Integer stop) {
        return getQueryset().slice(start, stop);
    }

    /**
     * Every row with computed values added under the given names; see {@link QuerySet#annotate(String, Expression)}.
     */
    public QuerySet<T> annotate(String name, Expression expression) {
        return getQueryset().annotate(name, expression);
    }

    /**
     * Every row with computed values added under the given names; see {@link QuerySet#annotate(String, Expression)}.
     */
    public QuerySet<T> annotate(Map<String, ? extends Expression> annotations) {
        return getQueryset().annotate(annotations);
    }

    /**
     * Every row with the given foreign-key relations loaded in the same query (joins); see {@link
     * QuerySet#selectRelated(String...)}.
     */
    public QuerySet<T> selectRelated(String... relations) {
        return getQueryset().selectRelated(relations);
    }

    /**
     * Every row with the given relations loaded by one extra query per relation level; see {@link
     * QuerySet#prefetchRelated(Object...)}.
     */
    public QuerySet<T> prefetchRelated(Object... relations) {
        return getQueryset().prefetchRelated(relations);
    }

    /**
     * Every row, locked for update until the surrounding transaction ends; see {@link QuerySet#selectForUpdate(boolean,
     * boolean, String...)}.
     */
    public QuerySet<T> selectForUpdate() {
        return getQueryset().selectForUpdate();
    }

    /**
     * Every row, locked for update until the surrounding transaction ends; see {@link QuerySet#selectForUpdate(boolean,
     * boolean, String...)}.
     */
    public QuerySet<T> selectForUpdate(boolean nowait, boolean skipLocked, String... of) {
        return getQueryset().selectForUpdate(nowait, skipLocked, of);
    }

    /** Every row, read from the named connection instead of the model's own; see {@link QuerySet#usingDb(String)}. */
    public QuerySet<T> usingDb(String connection) {
        return getQueryset().usingDb(connection);
    }

    /**
     * The one row that matches: DoesNotExist when none does, MultipleObjectsReturned when several do (Tortoise's {@code
     * Model.get(...)}).
     */
    public Mono<T> get(String key, Object value) {
        ModelTemplates t = templates();
        if (t != null && getClass() == Manager.class && context.meta().querysetClass() == null) {
            // getQueryset() is this class's own, a plain queryset over the initial state: the template
            // is asked as that queryset would ask it, without building the queryset.
            QueryState initial = initialState;
            if (initial == null) {
                initial = QueryState.initial(context.engine(), context.joiner(), context.meta(), context.shapes());
                initialState = initial;
            }
            dev.tortoise.internal.query.CompiledQuery q = t.getByPk(initial, key, value);
            if (q != null) {
                return OneRow.run(context.meta().name(), context.engine(), q);
            }
        }
        return getQueryset().get(key, value, t);
    }

    /** The model's statement templates, or null when this manager has no persistence (a bare context). */
    private ModelTemplates templates() {
        ModelTemplates t = templates;
        if (t == null && context.persistence() != null) {
            t = context.persistence().templates(context.meta());
            templates = t;
        }
        return t;
    }

    /**
     * The one row that matches: DoesNotExist when none does, MultipleObjectsReturned when several do (Tortoise's {@code
     * Model.get(...)}).
     */
    public Mono<T> get(Q... conditions) {
        return getQueryset().get(conditions);
    }

    /**
     * The one row that matches: DoesNotExist when none does, MultipleObjectsReturned when several do (Tortoise's {@code
     * Model.get(...)}).
     */
    public Mono<T> get(Map<String, ?> lookups) {
        return getQueryset().get(lookups);
    }

    /** The one row that matches, or an empty Mono when none does; MultipleObjectsReturned when several do. */
    public Mono<T> getOrNone(String key, Object value) {
        return getQueryset().getOrNone(key, value);
    }

    /** The one row that matches, or an empty Mono when none does; MultipleObjectsReturned when several do. */
    public Mono<T> getOrNone(Q... conditions) {
        return getQueryset().getOrNone(conditions);
    }

    /**
     * Tortoise's {@code Model[pk]}: the instance with this primary key. ObjectDoesNotExistError
     * ({@code "Event has no object with id=7"}) when there is none or when the key cannot be
     * converted to the primary key's type.
     */
    public Mono<T> byPk(Object pk) {
        return Mono.defer(() -> {
            dev.tortoise.model.FieldMeta pkField = meta().pk();
            dev.tortoise.exception.ObjectDoesNotExistError missing = new dev.tortoise.exception.ObjectDoesNotExistError(
                    meta().name(), pkField.name(), pk);
            Object key;
            try {
                key = pkField.coerce(pk);
            } catch (RuntimeException e) {
                return Mono.error(missing);
            }
            if (key == null) {
                return Mono.error(missing);
            }
            return getQueryset().get(pkField.name(), key, templates())
                    .onErrorMap(dev.tortoise.exception.DoesNotExist.class, e -> missing);
        });
    }

    /** The first row in the model's ordering (by primary key when it has none), or an empty Mono. */
    public Mono<T> first() {
        return getQueryset().first();
    }

    /** The last row in the model's ordering (by primary key when it has none), or an empty Mono. */
    public Mono<T> last() {
        return getQueryset().last();
    }

    /** The row that comes first when ordered by the given fields, or an empty Mono. */
    public Mono<T> earliest(String... fields) {
        return getQueryset().earliest(fields);
    }

    /** The row that comes last when ordered by the given fields, or an empty Mono. */
    public Mono<T> latest(String... fields) {
        return getQueryset().latest(fields);
    }

    /** The number of rows. */
    public Mono<Long> count() {
        return getQueryset().count();
    }

    /** Whether any row (that matches the conditions) exists. */
    public Mono<Boolean> exists() {
        return getQueryset().exists();
    }

    /** Whether any row (that matches the conditions) exists. */
    public Mono<Boolean> exists(Q... conditions) {
        return getQueryset().filter(conditions).exists();
    }

    /** Instances keyed by primary key for the given keys. */
    public Mono<Map<Object, T>> inBulk(Collection<?> values) {
        return getQueryset().inBulk(values);
    }

    /** Instances keyed by the given field's value, for the given values (missing values are left out). */
    public Mono<Map<Object, T>> inBulk(Collection<?> values, String fieldName) {
        return getQueryset().inBulk(values, fieldName);
    }

    /**
     * Every row as a map from field (or annotation, or related path) to value; see {@link QuerySet#values(String...)}.
     */
    public ValuesQuery<Map<String, Object>> values(String... fields) {
        return getQueryset().values(fields);
    }

    /**
     * Every row as a list of values in the order of the given fields (a single value with {@code flat}); see {@link
     * QuerySet#valuesList(boolean, String...)}.
     */
    public ValuesQuery<List<Object>> valuesList(String... fields) {
        return getQueryset().valuesList(fields);
    }

    /**
     * Every row as a list of values in the order of the given fields (a single value with {@code flat}); see {@link
     * QuerySet#valuesList(boolean, String...)}.
     */
    public ValuesQuery<Object> valuesList(boolean flat, String... fields) {
        return getQueryset().valuesList(flat, fields);
    }

    /** Instances from application SQL, mapped by column name; the values are bound, never spliced. */
    @SuppressWarnings("unchecked")
    public Flux<T> raw(String sql, Object... params) {
        return Flux.defer(() -> (Flux<T>) (Flux<?>) context.engine().run(new CompiledQuery(
                new dev.tortoise.sql.ast.RawStatement(sql, java.util.Arrays.asList(params)), meta(), null,
                Operation.RAW, new ResultShape.Raw(meta()), 0)));
    }

    // -------------------------------------------------------------- instances

    /**
     * A new, unsaved instance with fields from the map (unknown keys as the model's {@code extra} says) and defaults
     * applied.
     */
    @SuppressWarnings("unchecked")
    public T build(Map<String, ?> values) {
        ModelMeta meta = meta();
        T instance = (T) meta.newInstance();
        // A new instance is unbound: this binds it without making its state (most built instances never need one).
        Instances.bindIfUnbound(instance, context.binding());
        meta.apply(instance, values);
        meta.applyDefaults(instance);
        return instance;
    }

    /** Inserts a new row from the map and returns the saved instance (generated keys filled in). */
    public Mono<T> create(Map<String, ?> values) {
        if (getClass() == Manager.class) {
            // build and save are this class's own: built and saved in one subscriber.
            return context.persistence().saveBuilt(meta(), () -> build(values), SaveOptions.creating());
        }
        return Mono.defer(() -> create(build(values)));
    }

    /** Inserts a new row from the given key/value pairs: {@code create("name", "Cup", "prize", 10)}. */
    public Mono<T> create(Object... keyValues) {
        if (getClass() == Manager.class) {
            // build and save are this class's own: built and saved in one subscriber.
            return context.persistence().saveBuilt(meta(), () -> build(pairs(keyValues)), SaveOptions.creating());
        }
        return Mono.defer(() -> create(build(pairs(keyValues))));
    }

    /**
     * Inserts a new instance set up by {@code init}, typed: {@code create(e -> { e.name = "Final";
     * e.tournament.set(cup); })}. Defaults fill the fields {@code init} leaves unset; the saved
     * instance (generated keys filled in) is returned.
     */
    public Mono<T> create(java.util.function.Consumer<? super T> init) {
        return Mono.defer(() -> {
            T instance = build(Map.of());
            init.accept(instance);
            meta().applyDefaults(instance);
            return create(instance);
        });
    }

    /** Inserts the given (new) instance and returns it. */
    public Mono<T> create(T instance) {
        return save(instance, SaveOptions.creating());
    }

    /** Inserts or updates an instance by Tortoise's rules and returns it. */
    public Mono<T> save(T instance) {
        return save(instance, SaveOptions.DEFAULT);
    }

    /** Saves with explicit options and returns the instance. */
    public Mono<T> save(T instance, SaveOptions options) {
        return context.persistence().saveReturning(meta(), instance, options);
    }

    /** Deletes an instance's row. */
    public Mono<Void> delete(T instance) {
        return context.persistence().delete(meta(), instance, null);
    }

    // -------------------------------------------------------------- get_or_create / update_or_create

    /** get_or_create with no defaults: the instance matching {@code lookups}, created from them if none does. */
    public Mono<CreateResult<T>> getOrCreate(Map<String, ?> lookups) {
        return getOrCreate(Map.of(), lookups);
    }

    /**
     * Tortoise's {@code get_or_create(defaults, **lookups)}: the one instance matching
     * {@code lookups}, or a new one created from {@code lookups} and {@code defaults}. Safe under
     * concurrency given a unique constraint on the looked-up fields: the create runs atomically (a
     * savepoint inside an open transaction), and when it loses a race (IntegrityError) the winner's
     * row is read again and returned. A key in both maps with different values is a ParamsError.
     */
    public Mono<CreateResult<T>> getOrCreate(Map<String, ?> defaults, Map<String, ?> lookups) {
        return Mono.defer(() -> {
            Map<String, Object> values = merge(defaults, lookups);
            return getOrCreate(values, lookups, 1);
        });
    }

    private static final int CREATE_ATTEMPTS = 5;

    private Mono<CreateResult<T>> getOrCreate(Map<String, Object> values, Map<String, ?> lookups, int attempt) {
        QuerySet<T> qs = filter(lookups);
        return qs.getOrNone().map(found -> new CreateResult<>(found, false))
                .switchIfEmpty(Mono.defer(() -> context.engine().atomic(meta(), null, () -> create(values))
                        .singleOrEmpty()
                        .map(created -> new CreateResult<>(created, true))
                        // a clash with a concurrent create of the same key; on H2 the loser may instead wait
                        // on the winner's uncommitted row past the lock timeout
                        .onErrorResume(e -> e instanceof dev.tortoise.exception.IntegrityError
                                || e instanceof dev.tortoise.exception.TransactionManagementError
                                || e instanceof dev.tortoise.exception.LockTimeoutError, e -> qs.getOrNone()
                                .map(found -> new CreateResult<>(found, false))
                                // The winner may not have committed yet where the database reports the clash
                                // at once (H2): try again a few times before giving up.
                                .switchIfEmpty(Mono.defer(() -> attempt < CREATE_ATTEMPTS
                                        ? Mono.delay(java.time.Duration.ofMillis(10L * attempt))
                                                .then(getOrCreate(values, lookups, attempt + 1))
                                        : Mono.error(e))))));
    }

    /**
     * Tortoise's {@code update_or_create(defaults, **lookups)}: in a transaction, locks the row
     * matching {@code lookups} (select_for_update), applies {@code defaults} and saves it; creates
     * it (race-safe, as {@link #getOrCreate(Map, Map)}) when there is none.
     */
    public Mono<CreateResult<T>> updateOrCreate(Map<String, ?> defaults, Map<String, ?> lookups) {
        return Mono.defer(() -> {
            Map<String, Object> values = merge(defaults, lookups);
            Mono<CreateResult<T>> update = context.engine().atomic(meta(), null, () -> filter(lookups)
                    .selectForUpdate().getOrNone()
                    .flatMap(found -> applyAndSave(found, defaults))).singleOrEmpty();
            return update.switchIfEmpty(Mono.defer(() -> getOrCreate(values, lookups, 1)
                    .flatMap(r -> r.created() ? Mono.just(r) : context.engine().atomic(meta(), null,
                            () -> filter(lookups).selectForUpdate().get()
                                    .flatMap(found -> applyAndSave(found, defaults))).singleOrEmpty())));
        });
    }

    private Mono<CreateResult<T>> applyAndSave(T found, Map<String, ?> defaults) {
        if (defaults.isEmpty()) {
            return Mono.just(new CreateResult<>(found, false));
        }
        found.updateFromDict(defaults);
        return save(found, SaveOptions.updateFields(defaults.keySet().toArray(new String[0])))
                .map(saved -> new CreateResult<>(saved, false));
    }

    private static Map<String, Object> merge(Map<String, ?> defaults, Map<String, ?> lookups) {
        Map<String, Object> values = new java.util.LinkedHashMap<>(lookups);
        for (Map.Entry<String, ?> e : defaults.entrySet()) {
            if (lookups.containsKey(e.getKey()) && !java.util.Objects.equals(e.getValue(), lookups.get(e.getKey()))) {
                throw new dev.tortoise.exception.ParamsError("Conflict value with key=" + e.getKey() + ": "
                        + e.getValue() + " != " + lookups.get(e.getKey()));
            }
            values.put(e.getKey(), e.getValue());
        }
        return values;
    }

    // -------------------------------------------------------------- bulk writes

    /**
     * Inserts every object with as few statements as the database's bind-parameter limit allows,
     * all or nothing; generated primary keys are written back to the objects. Signals do not fire.
     */
    public Mono<List<T>> bulkCreate(Collection<T> objects) {
        return bulkCreate(objects, null, false, null, null);
    }

    /** bulk_create with at most {@code batchSize} rows per statement. */
    public Mono<List<T>> bulkCreate(Collection<T> objects, int batchSize) {
        return bulkCreate(objects, batchSize, false, null, null);
    }

    /**
     * Tortoise's {@code bulk_create(objects, batch_size, ignore_conflicts, update_fields, on_conflict)}:
     * {@code ignoreConflicts} skips rows that conflict with a unique key; {@code updateFields} with
     * {@code onConflict} (the unique fields to match on) updates the conflicting rows instead (an
     * upsert). Keys are written back only for plain inserts. ParamsError for contradictory options.
     *
     * @param batchSize the most rows per statement, or null for as many as the database allows
     */
    public Mono<List<T>> bulkCreate(Collection<T> objects, Integer batchSize, boolean ignoreConflicts,
                                    List<String> updateFields, List<String> onConflict) {
        return BulkWriter.create(context.engine(), meta(), objects,
                new BulkWriter.CreateOptions(batchSize, ignoreConflicts, updateFields, onConflict, null),
                context.binding(), templates());
    }

    /**
     * bulk_create with named options: {@code bulkCreate(list, BulkCreateOptions.defaults().batchSize(100))}.
     * The same rules as {@link #bulkCreate(Collection, Integer, boolean, List, List)}.
     */
    public Mono<List<T>> bulkCreate(Collection<T> objects, BulkCreateOptions options) {
        return BulkWriter.create(context.engine(), meta(), objects,
                new BulkWriter.CreateOptions(options.getBatchSize(), options.isIgnoreConflicts(),
                        options.getUpdateFields(), options.getOnConflict(), options.getConnection()),
                context.binding(), templates());
    }

    /** Updates the given fields of every object from its values, one statement per batch; returns the rows updated. */
    public Mono<Long> bulkUpdate(Collection<T> objects, List<String> fields) {
        return BulkWriter.update(context.engine(), meta(), objects, fields, null, null);
    }

    /** bulk_update with at most {@code batchSize} objects per statement. */
    public Mono<Long> bulkUpdate(Collection<T> objects, List<String> fields, Integer batchSize) {
        return BulkWriter.update(context.engine(), meta(), objects, fields, batchSize, null);
    }

    static Map<String, Object> pairs(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new dev.tortoise.exception.ParamsError("create() takes key/value pairs, got an odd number of "
                    + "arguments");
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String key)) {
                throw new dev.tortoise.exception.ParamsError("create() keys must be field names, got "
                        + keyValues[i]);
            }
            m.put(key, keyValues[i + 1]);
        }
        return m;
    }
}
