package dev.tortoise.internal.relation;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.LockTimeoutError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.expression.Lookups;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.RelationJoiner;
import dev.tortoise.internal.query.QueryAccess;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.query.CompiledQuery;
import dev.tortoise.query.Operation;
import dev.tortoise.query.PrefetchSpec;
import dev.tortoise.query.QueryEngine;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.ResultShape;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseOneToOne;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.sql.ast.Binary;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Delete;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Join;
import dev.tortoise.sql.ast.Junction;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import dev.tortoise.sql.ast.TableRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The relation layer: joins relation segments of lookup paths (LEFT OUTER), attaches
 * select_related rows, prefetches relations with one query per relation level whatever the
 * number of parents, and carries out the relation holders' queries and M2M writes.
 */
public final class Relations implements RelationJoiner, RelationLoader {
    private static final String PREFETCH_KEY = "_prefetch_key";
    /** How often an M2M add that lost a race with a concurrent add of the same pair is tried in all. */
    private static final int M2M_ADD_ATTEMPTS = 5;

    private final QueryEngine engine;
    private final ToIntFunction<String> inListLimit;

    /**
     * @param inListLimit the most keys one IN list may carry on a connection (its dialect's bind limit,
     *                    or unlimited where lists are bound as one array)
     */
    public Relations(QueryEngine engine, ToIntFunction<String> inListLimit) {
        this.engine = engine;
        this.inListLimit = inListLimit;
    }

    // ------------------------------------------------------------------ joins

    @Override
    public Step join(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation, List<String> rest) {
        RelationInfo info = relation.relation();
        String alias = alias(fromAlias, relation.name());
        switch (relation.kind()) {
            case FOREIGN_KEY, ONE_TO_ONE -> {
                if (!rest.isEmpty() && namesReferencedField(rest.get(0), info)
                        && (rest.size() == 1 || Lookups.isLookup(rest.get(1)))) {
                    // tournament__id compares the key column itself: no join needed.
                    return new Step(from, fromAlias, info.keyField(), 1);
                }
                ModelMeta target = info.target();
                ctx.addJoin(alias, new Join(target.tableRef().as(alias), eq(new Column(alias, info.toField().column()),
                        new Column(fromAlias, info.keyField().column())), false));
                return new Step(target, alias, null, 0);
            }
            case BACKWARD_FK, BACKWARD_O2O -> {
                ModelMeta child = info.target();
                ctx.addJoin(alias, new Join(child.tableRef().as(alias), eq(new Column(alias,
                        info.keyField().column()), new Column(fromAlias, info.toField().column())), false));
                return new Step(child, alias, null, 0);
            }
            case MANY_TO_MANY -> {
                ModelMeta target = info.target();
                String through = alias + "__through";
                ctx.addJoin(through, new Join(throughRef(from, info).as(through), eq(new Column(through,
                        info.backwardKey()), new Column(fromAlias, from.pk().column())), false));
                ctx.addJoin(alias, new Join(target.tableRef().as(alias), eq(new Column(alias, target.pk().column()),
                        new Column(through, info.forwardKey())), false));
                return new Step(target, alias, null, 0);
            }
            default -> throw new FieldError("Field " + relation.name() + " on " + from.fullName()
                    + " is not a relation");
        }
    }

    /**
     * A NOT NULL foreign key (or one-to-one) reached through inner joins only is joined with an
     * INNER JOIN: its constraint guarantees the related row, and the planner may then reorder the
     * join. Nullable keys and reverse relations keep the LEFT OUTER JOIN that keeps rows without one.
     */
    @Override
    public Step joinRelated(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation) {
        boolean inner = (relation.kind() == FieldKind.FOREIGN_KEY || relation.kind() == FieldKind.ONE_TO_ONE)
                && !relation.nullable() && ctx.reachedByInnerJoins(fromAlias);
        Step step = join(ctx, from, fromAlias, relation, List.of());
        if (inner) {
            ctx.makeInner(step.alias());
        }
        return step;
    }

    /**
     * The alias of a joined relation: {@code parent__relation}, shortened with a hash when it would
     * pass PostgreSQL's 63-character identifier limit (where it would be silently truncated).
     */
    static String alias(String parent, String relation) {
        String alias = parent + "__" + relation;
        if (alias.length() <= 50) {
            return alias;
        }
        return alias.substring(0, 40) + "_" + Integer.toHexString(alias.hashCode());
    }

    private static boolean namesReferencedField(String name, RelationInfo info) {
        FieldMeta to = info.toField();
        return name.equals(to.name()) || (to.primaryKey() && name.equals("pk"));
    }

    private static Expr eq(Expr a, Expr b) {
        return new Binary(a, Binary.Op.EQ, b);
    }

    private static TableRef throughRef(ModelMeta owner, RelationInfo info) {
        return TableRef.of(owner.schema().isEmpty() ? null : owner.schema(), info.throughTable());
    }

    // ------------------------------------------------------------------ select_related

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void attach(Model parent, FieldMeta relation, Model child) {
        Object holder = relation.get(parent);
        if (holder instanceof ForeignKey fk) {
            fk.loaded(child);
        } else if (holder instanceof ReverseOneToOne r) {
            r.loaded(child);
        } else {
            throw new FieldError("Field " + relation.name() + " is not a relation that select_related can load");
        }
    }

    // ------------------------------------------------------------------ holder queries

    /** The related instance of a forward FK/O2O, queried by its key. */
    public <T extends Model> Mono<T> forward(Model owner, FieldMeta relation) {
        RelationInfo info = relation.relation();
        Object key = info.keyField().get(owner);
        if (key == null) {
            return Mono.empty();
        }
        QuerySet<T> qs = queryset(info.target());
        return qs.filter(info.toField().name(), key).get();
    }

    /** The related rows of a reverse FK/O2O or M2M relation, as a queryset. */
    public <T extends Model> QuerySet<T> reverse(Model owner, FieldMeta relation) {
        RelationInfo info = relation.relation();
        QuerySet<T> qs = queryset(info.target());
        if (relation.kind() == FieldKind.MANY_TO_MANY) {
            ModelMeta ownerMeta = relation.model();
            Object pk = ownerMeta.pk().get(owner);
            Select sub = new Select(false, List.of(new SelectItem(new Column("_m2m", info.forwardKey()), null)),
                    throughRef(ownerMeta, info).as("_m2m"), List.of(), eq(new Column("_m2m", info.backwardKey()),
                    ownerMeta.pk().bind(pk)), List.of(), null, List.of(), null, null, null);
            return qs.filter("pk__in", new SubqueryValue(sub));
        }
        Object key = info.toField().get(owner);
        return qs.filter(info.keyField().name(), key);
    }

    private <T extends Model> QuerySet<T> queryset(ModelMeta meta) {
        return QuerySet.create(QueryAccess.initialState(engine, this, meta));
    }

    // ------------------------------------------------------------------ M2M writes

    /**
     * Links instances through an M2M relation, skipping pairs already present; one INSERT for all
     * new pairs. Concurrent adds of the same pair leave one row and raise nothing: the INSERT skips
     * rows that conflict with the through table's unique pair index (ON CONFLICT DO NOTHING, or a
     * MERGE), and where that is not atomic by itself (H2's MERGE) an add that loses the race is run
     * again and finds the pair present.
     */
    public Mono<Void> m2mAdd(Model owner, FieldMeta relation, List<? extends Model> others) {
        if (others.isEmpty()) {
            return Mono.empty();
        }
        RelationInfo info = relation.relation();
        ModelMeta ownerMeta = relation.model();
        ModelMeta target = info.target();
        Object ownerPk = savedPk(ownerMeta, owner);
        Set<Object> keys = new LinkedHashSet<>();
        for (Model o : others) {
            if (!target.modelClass().isInstance(o)) {
                return Mono.error(new dev.tortoise.exception.ValidationError("Invalid type for relationship field '"
                        + relation.name() + "': expected " + target.name() + ", got " + o.getClass().getSimpleName()));
            }
            keys.add(savedPk(target, o));
        }
        TableRef through = throughRef(ownerMeta, info);
        Expr ownerMatch = eq(new Column(info.throughTable(), info.backwardKey()), ownerMeta.pk().bind(ownerPk));
        List<Bind> keyBinds = new ArrayList<>();
        for (Object k : keys) {
            keyBinds.add(target.pk().bind(k));
        }
        Select existing = new Select(false, List.of(new SelectItem(new Column(info.throughTable(), info.forwardKey()),
                null)), through, List.of(), new Junction(true, List.of(ownerMatch, new InList(new Column(
                info.throughTable(), info.forwardKey()), keyBinds, false, keyBinds.get(0).type()))), List.of(), null,
                List.of(), null, null, null);
        CompiledQuery select = new CompiledQuery(existing, ownerMeta, null, Operation.SELECT,
                new ResultShape.Values(List.of(new ResultShape.Slot("key", target.pk(), null)),
                        ResultShape.Values.Kind.FLAT), 0);
        List<String> pair = List.of(info.backwardKey(), info.forwardKey());
        Mono<Void> add = engine.run(select).map(row -> ((List<?>) row).get(0)).collectList().flatMap(present -> {
            List<List<Expr>> rows = new ArrayList<>();
            for (Object k : keys) {
                if (!present.contains(k)) {
                    rows.add(List.of(ownerMeta.pk().bind(ownerPk), target.pk().bind(k)));
                }
            }
            if (rows.isEmpty()) {
                return Mono.empty();
            }
            Insert insert = new Insert(through, pair, rows, List.of(),
                    new OnConflict(List.of(), List.of(), List.of(pair)));
            return engine.run(new CompiledQuery(insert, ownerMeta, null, Operation.INSERT,
                    new ResultShape.RowCount(), 0)).then();
        });
        if (engine.atomicUpserts(ownerMeta, null)) {
            return add;
        }
        // The MERGE looks for the pair, then inserts it: a concurrent add of the same pair can come in
        // between and make it fail with a unique violation. The add then runs again (in a transaction, or a
        // savepoint, so that the failed attempt leaves nothing) and finds the pair present. Under load the
        // losing add may instead wait on the winner's row lock past H2's lock timeout: that is retried too.
        return Mono.defer(() -> engine.atomic(ownerMeta, null, () -> add).then())
                .retryWhen(Retry.max(M2M_ADD_ATTEMPTS - 1).filter(e -> e instanceof IntegrityError || e instanceof LockTimeoutError)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    /** Unlinks instances of an M2M relation; OperationalError when none are given. */
    public Mono<Void> m2mRemove(Model owner, FieldMeta relation, List<? extends Model> others) {
        if (others.isEmpty()) {
            return Mono.error(new OperationalError("remove() called on no instances"));
        }
        RelationInfo info = relation.relation();
        ModelMeta ownerMeta = relation.model();
        Object ownerPk = savedPk(ownerMeta, owner);
        List<Bind> keyBinds = new ArrayList<>();
        for (Model o : others) {
            keyBinds.add(info.target().pk().bind(savedPk(info.target(), o)));
        }
        Expr where = new Junction(true, List.of(
                eq(new Column(info.throughTable(), info.backwardKey()), ownerMeta.pk().bind(ownerPk)),
                new InList(new Column(info.throughTable(), info.forwardKey()), keyBinds, false,
                        keyBinds.get(0).type())));
        return engine.run(new CompiledQuery(new Delete(throughRef(ownerMeta, info), where), ownerMeta, null,
                Operation.DELETE, new ResultShape.RowCount(), 0)).then();
    }

    /** Unlinks every instance of an M2M relation. */
    public Mono<Void> m2mClear(Model owner, FieldMeta relation) {
        RelationInfo info = relation.relation();
        ModelMeta ownerMeta = relation.model();
        Object ownerPk = savedPk(ownerMeta, owner);
        Expr where = eq(new Column(info.throughTable(), info.backwardKey()), ownerMeta.pk().bind(ownerPk));
        return engine.run(new CompiledQuery(new Delete(throughRef(ownerMeta, info), where), ownerMeta, null,
                Operation.DELETE, new ResultShape.RowCount(), 0)).then();
    }

    private static Object savedPk(ModelMeta meta, Model m) {
        Object pk = meta.pk().get(m);
        if (pk == null) {
            throw new OperationalError("You should first call .save() on <" + m.getClass().getSimpleName() + ">");
        }
        return pk;
    }

    // ------------------------------------------------------------------ prefetch

    /** Loads the named relations into the given instances (fetch_related / fetch_for_list). */
    public Mono<Void> fetchRelated(ModelMeta model, List<? extends Model> instances, List<String> names) {
        List<PrefetchSpec> specs = new ArrayList<>();
        for (String n : names) {
            specs.add(new PrefetchSpec(n, null, null));
        }
        return prefetch(model, instances, specs);
    }

    @Override
    public Mono<Void> prefetch(ModelMeta model, List<? extends Model> instances, List<PrefetchSpec> specs) {
        return Mono.defer(() -> {
            // Group the specs by their first relation, validating every name before any query runs.
            Map<String, List<PrefetchSpec>> byFirst = new LinkedHashMap<>();
            for (PrefetchSpec spec : specs) {
                String[] parts = spec.path().split("__", 2);
                FieldMeta f = model.fieldOrNull(parts[0]);
                if (f == null) {
                    return Mono.error(new FieldError("Relation " + parts[0] + " for " + model.fullName()
                            + " not found"));
                }
                if (!f.kind().isRelation()) {
                    return Mono.error(new FieldError("Field " + parts[0] + " on " + model.fullName()
                            + " is not a relation"));
                }
                String group = parts[0] + (parts.length == 1 && spec.toAttr() != null ? "->" + spec.toAttr() : "");
                byFirst.computeIfAbsent(group, k -> new ArrayList<>()).add(spec);
            }
            if (instances.isEmpty()) {
                return Mono.empty();
            }
            return Flux.fromIterable(byFirst.values()).concatMap(group -> level(model, instances, group)).then();
        });
    }

    /** Loads one relation level for every instance, then the levels below it. */
    private Mono<Void> level(ModelMeta model, List<? extends Model> instances, List<PrefetchSpec> group) {
        String first = group.get(0).path().split("__", 2)[0];
        FieldMeta relation = model.field(first);
        PrefetchSpec direct = null;
        List<PrefetchSpec> nested = new ArrayList<>();
        for (PrefetchSpec s : group) {
            String[] parts = s.path().split("__", 2);
            if (parts.length == 1) {
                direct = s;
            } else {
                nested.add(new PrefetchSpec(parts[1], s.queryset(), s.toAttr()));
            }
        }
        QuerySet<?> custom = direct == null ? null : direct.queryset();
        String toAttr = direct == null ? null : direct.toAttr();
        ModelMeta target = relation.relation().target();
        return load(model, instances, relation, custom, toAttr).flatMap(related -> nested.isEmpty()
                ? Mono.empty() : prefetch(target, related, nested));
    }

    /** Runs the query of one relation level and stitches its rows; emits the related instances (deduplicated). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Mono<List<Model>> load(ModelMeta model, List<? extends Model> parents, FieldMeta relation,
                                   QuerySet<?> custom, String toAttr) {
        RelationInfo info = relation.relation();
        ModelMeta target = info.target();
        if (custom != null && custom.meta() != target) {
            return Mono.error(new OperationalError("Prefetch queryset of " + custom.meta().name()
                    + " does not match relation " + relation.name() + " of " + model.name() + " (" + target.name()
                    + ")"));
        }
        QuerySet<Model> base = custom != null ? (QuerySet<Model>) custom : queryset(target);
        if (QueryAccess.orderBy(base.state()) == null && !target.ordering().isEmpty()) {
            base = base.orderBy(target.ordering().toArray(new String[0]));
        }
        FieldKind kind = relation.kind();
        FieldMeta parentKey;
        String filterKey;
        FieldMeta childKey;
        QuerySet<Model> qs;
        switch (kind) {
            case FOREIGN_KEY, ONE_TO_ONE -> {
                parentKey = info.keyField();
                childKey = info.toField();
                filterKey = childKey.name() + "__in";
                qs = base;
            }
            case BACKWARD_FK, BACKWARD_O2O -> {
                parentKey = info.toField();
                childKey = info.keyField();
                filterKey = childKey.name() + "__in";
                qs = base;
            }
            case MANY_TO_MANY -> {
                parentKey = model.pk();
                childKey = null;
                filterKey = PREFETCH_KEY + "__in";
                qs = base.annotate(PREFETCH_KEY, new ThroughKey(info, model.pk(), model.schema()));
            }
            default -> {
                return Mono.error(new FieldError("Field " + relation.name() + " is not a relation"));
            }
        }
        Set<Object> keys = new LinkedHashSet<>();
        for (Model p : parents) {
            Object k = parentKey.get(p);
            if (k != null) {
                keys.add(k);
            }
        }
        String connection = qs.meta().connectionName();
        int chunk = Math.max(1, inListLimit.applyAsInt(connection));
        List<List<Object>> chunks = new ArrayList<>();
        List<Object> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += chunk) {
            chunks.add(all.subList(i, Math.min(all.size(), i + chunk)));
        }
        QuerySet<Model> query = qs;
        Flux<Model> rows = Flux.fromIterable(chunks).concatMap(c -> query.filter(filterKey, c).flux());
        return rows.collectList().map(children -> {
            Map<Object, List<Model>> grouped = new LinkedHashMap<>(Math.max(16, keys.size() * 4 / 3 + 1));
            for (Model child : children) {
                Object k;
                if (childKey == null) {
                    k = Model.state(child).removeAnnotation(PREFETCH_KEY);
                } else {
                    k = childKey.get(child);
                }
                grouped.computeIfAbsent(k, x -> new ArrayList<>()).add(child);
            }
            for (Model p : parents) {
                Object k = parentKey.get(p);
                List<Model> mine = k == null ? List.of() : grouped.getOrDefault(k, List.of());
                store(p, relation, mine, toAttr);
            }
            Map<Model, Boolean> seen = new IdentityHashMap<>(children.size());
            List<Model> distinct = new ArrayList<>(children.size());
            for (Model c : children) {
                if (seen.put(c, Boolean.TRUE) == null) {
                    distinct.add(c);
                }
            }
            return distinct;
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void store(Model parent, FieldMeta relation, List<Model> rows, String toAttr) {
        boolean single = relation.kind() == FieldKind.FOREIGN_KEY || relation.kind() == FieldKind.ONE_TO_ONE
                || relation.kind() == FieldKind.BACKWARD_O2O;
        if (toAttr != null) {
            Model.state(parent).attributes().put(toAttr, single ? (rows.isEmpty() ? null : rows.get(0))
                    : Collections.unmodifiableList(new ArrayList<>(rows)));
            return;
        }
        Object holder = relation.get(parent);
        if (holder instanceof ForeignKey fk) {
            fk.loaded(rows.isEmpty() ? null : rows.get(0));
        } else if (holder instanceof ReverseOneToOne r) {
            r.loaded(rows.isEmpty() ? null : rows.get(0));
        } else if (holder instanceof ReverseRelation r) {
            r.loaded(new ArrayList<>(rows));
        }
    }
}
