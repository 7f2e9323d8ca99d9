package dev.tortoise.internal.relation;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.query.CompiledQuery;
import dev.tortoise.internal.query.PrefetchSpec;
import dev.tortoise.internal.query.QueryAccess;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.QueryState;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseOneToOne;
import dev.tortoise.relation.ReverseRelation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prefetches relations of already-read instances: one query per relation level whatever the number
 * of parents (split only where the dialect limits an IN list), its rows stitched into the parents.
 */
final class Prefetcher {
    private static final String PREFETCH_KEY = "_prefetch_key";

    private final QueryEngine engine;
    private final RelationJoiner joiner;
    private final ToIntFunction<String> inListLimit;
    /**
     * Per related model, the state prefetch querysets start from: their statements are kept per query shape
     * (a cache of their own, not the model manager's), so a prefetch run again with other keys compiles only
     * its key filter and takes the statement text, slot layout and result shape as kept.
     */
    private final Map<ModelMeta, QueryState> bases = new ConcurrentHashMap<>();
    /**
     * The through-key annotation of each M2M relation: one object per relation, because kept shapes tell
     * annotations apart by identity.
     */
    private final Map<FieldMeta, ThroughKey> throughKeys = new ConcurrentHashMap<>();
    /** Whether the prefetch queries keep their compiled statements per query shape (off with the statement cache). */
    private final boolean keepShapes;
    /**
     * Per relation, the queryset its prefetches filter by keys when no queryset of their own is given (the base
     * with the target's ordering, and an M2M's through-key annotation), so that each prefetch builds only its key
     * filter on it rather than two or three states first; an entry made from another base or through key is
     * made again.
     */
    private final Map<FieldMeta, Prepared> prepared = new ConcurrentHashMap<>();

    /** A relation's prefetch queryset, {@code query}, made from {@code base} (and {@code through}, for an M2M). */
    private record Prepared(QueryState base, ThroughKey through, QuerySet<Model> query) {
    }

    /**
     * @param inListLimit the most keys one IN list may carry on a connection (its dialect's bind limit,
     *                    or unlimited where lists are bound as one array)
     */
    Prefetcher(QueryEngine engine, RelationJoiner joiner, ToIntFunction<String> inListLimit, boolean keepShapes) {
        this.engine = engine;
        this.joiner = joiner;
        this.inListLimit = inListLimit;
        this.keepShapes = keepShapes;
    }

    private QueryState base(ModelMeta meta) {
        QueryState base = bases.get(meta);
        if (base == null) {
            base = bases.computeIfAbsent(meta, m -> keepShapes ? QueryAccess.keptInitialState(engine, joiner, m)
                    : QueryAccess.initialState(engine, joiner, m));
        }
        return base;
    }

    /**
     * The queryset a prefetch of {@code relation} (of {@code owner}) filters by keys when it has none of its own:
     * the target's base ordered by the target's ordering, with the through key annotated for an M2M.
     */
    @SuppressWarnings("unchecked")
    private QuerySet<Model> prepared(FieldMeta relation, ModelMeta owner) {
        ModelMeta target = relation.relation().target();
        QueryState base = base(target);
        ThroughKey through = relation.kind() == FieldKind.MANY_TO_MANY ? throughKey(relation, owner) : null;
        Prepared p = prepared.get(relation);
        if (p != null && p.base == base && p.through == through) {
            return p.query;
        }
        QuerySet<Model> q = QuerySet.create(base);
        q = ordered(q, target);
        if (through != null) {
            q = q.annotate(PREFETCH_KEY, through);
        }
        prepared.put(relation, new Prepared(base, through, q));
        return q;
    }

    /** {@code qs} ordered by {@code target}'s ordering when it has no order of its own. */
    private static QuerySet<Model> ordered(QuerySet<Model> qs, ModelMeta target) {
        if (QueryAccess.orderBy(qs.state()) == null && !target.ordering().isEmpty()) {
            return qs.orderBy(target.ordering().toArray(new String[0]));
        }
        return qs;
    }

    private ThroughKey throughKey(FieldMeta relation, ModelMeta owner) {
        ThroughKey k = throughKeys.get(relation);
        if (k == null || !k.isFor(owner.pk(), owner.schema())) {
            k = new ThroughKey(relation.relation(), owner.pk(), owner.schema());
            throughKeys.put(relation, k);
        }
        return k;
    }

    /** The part of a prefetch path before its first {@code __}. */
    private static String head(String path) {
        int at = path.indexOf("__");
        return at < 0 ? path : path.substring(0, at);
    }

    /** Loads the named relations into the given instances (fetch_related / fetch_for_list). */
    public Mono<Void> fetchRelated(ModelMeta model, List<? extends Model> instances, List<String> names) {
        List<PrefetchSpec> specs = new ArrayList<>();
        for (String n : names) {
            specs.add(new PrefetchSpec(n, null, null));
        }
        return prefetch(model, instances, specs);
    }

    /** Runs the prefetch queries for {@code instances} (one per relation level) and stitches the results. */
    public Mono<Void> prefetch(ModelMeta model, List<? extends Model> instances, List<PrefetchSpec> specs) {
        return Mono.defer(() -> {
            if (specs.size() == 1) {
                // The usual case, one relation: validated and loaded without a group map.
                PrefetchSpec spec = specs.get(0);
                FieldError invalid = invalid(model, head(spec.path()));
                if (invalid != null) {
                    return Mono.error(invalid);
                }
                return instances.isEmpty() ? Mono.empty() : level(model, instances, specs);
            }
            // Group the specs by their first relation, validating every name before any query runs.
            Map<String, List<PrefetchSpec>> byFirst = new LinkedHashMap<>();
            for (PrefetchSpec spec : specs) {
                String first = head(spec.path());
                FieldError invalid = invalid(model, first);
                if (invalid != null) {
                    return Mono.error(invalid);
                }
                boolean direct = first.length() == spec.path().length();
                String group = direct && spec.toAttr() != null ? first + "->" + spec.toAttr() : first;
                byFirst.computeIfAbsent(group, k -> new ArrayList<>()).add(spec);
            }
            if (instances.isEmpty()) {
                return Mono.empty();
            }
            return Flux.fromIterable(byFirst.values()).concatMap(group -> level(model, instances, group)).then();
        });
    }

    /** Why {@code name} cannot be prefetched from {@code model} (no such field, or not a relation), or null. */
    private static FieldError invalid(ModelMeta model, String name) {
        FieldMeta f = model.fieldOrNull(name);
        if (f == null) {
            return new FieldError("Relation " + name + " for " + model.fullName() + " not found");
        }
        if (!f.kind().isRelation()) {
            return new FieldError("Field " + name + " on " + model.fullName() + " is not a relation");
        }
        return null;
    }

    /** Loads one relation level for every instance, then the levels below it. */
    private Mono<Void> level(ModelMeta model, List<? extends Model> instances, List<PrefetchSpec> group) {
        String first = head(group.get(0).path());
        FieldMeta relation = model.field(first);
        PrefetchSpec direct = null;
        List<PrefetchSpec> nested = List.of();
        for (PrefetchSpec s : group) {
            String path = s.path();
            if (path.length() == first.length()) {
                direct = s;
            } else {
                if (nested.isEmpty()) {
                    nested = new ArrayList<>();
                }
                nested.add(new PrefetchSpec(path.substring(first.length() + 2), s.queryset(), s.toAttr()));
            }
        }
        QuerySet<?> custom = direct == null ? null : direct.queryset();
        String toAttr = direct == null ? null : direct.toAttr();
        ModelMeta target = relation.relation().target();
        List<PrefetchSpec> below = nested;
        if (below.isEmpty()) {
            return load(model, instances, relation, custom, toAttr, false).then();
        }
        return load(model, instances, relation, custom, toAttr, true).flatMap(related -> prefetch(target, related,
                below));
    }

    /**
     * Runs the query of one relation level and stitches its rows; emits the related instances (deduplicated) when
     * {@code related} (a level below needs them), otherwise an empty list.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Mono<List<Model>> load(ModelMeta model, List<? extends Model> parents, FieldMeta relation,
                                   QuerySet<?> custom, String toAttr, boolean related) {
        RelationInfo info = relation.relation();
        ModelMeta target = info.target();
        if (custom != null && custom.meta() != target) {
            return Mono.error(new OperationalError("Prefetch queryset of " + custom.meta().name()
                    + " does not match relation " + relation.name() + " of " + model.name() + " (" + target.name()
                    + ")"));
        }
        QuerySet<Model> qs = custom != null ? ordered((QuerySet<Model>) custom, target) : null;
        FieldKind kind = relation.kind();
        FieldMeta parentKey;
        String filterKey;
        FieldMeta childKey;
        switch (kind) {
            case FOREIGN_KEY, ONE_TO_ONE -> {
                parentKey = info.keyField();
                childKey = info.toField();
                filterKey = childKey.name() + "__in";
            }
            case BACKWARD_FK, BACKWARD_O2O -> {
                parentKey = info.toField();
                childKey = info.keyField();
                filterKey = childKey.name() + "__in";
            }
            case MANY_TO_MANY -> {
                parentKey = model.pk();
                childKey = null;
                filterKey = PREFETCH_KEY + "__in";
                if (qs != null) {
                    qs = qs.annotate(PREFETCH_KEY, throughKey(relation, model));
                }
            }
            default -> {
                return Mono.error(new FieldError("Field " + relation.name() + " is not a relation"));
            }
        }
        if (qs == null) {
            qs = prepared(relation, model);
        }
        String connection = qs.meta().connectionName();
        int chunk = Math.max(1, inListLimit.applyAsInt(connection));
        QuerySet<Model> query = qs;
        return Mono.defer(() -> {
            // The parents' distinct keys, in the parents' order, each with the (empty) group its rows go to: the
            // group map is the set the keys are made distinct by.
            // Each parent's group is noted by position too, so that stitching reads neither keys nor the map again.
            Map<Object, List<Model>> grouped = new HashMap<>(Math.max(16, parents.size() * 4 / 3 + 1));
            List<Object> all = new ArrayList<>(parents.size());
            @SuppressWarnings("unchecked")
            List<Model>[] groupOf = new List[parents.size()];
            int keyed = 0;
            int at = 0;
            for (Model p : parents) {
                Object k = parentKey.get(p);
                if (k != null) {
                    keyed++;
                    List<Model> g = grouped.get(k);
                    if (g == null) {
                        g = new ArrayList<>();
                        grouped.put(k, g);
                        all.add(k);
                    }
                    groupOf[at] = g;
                }
                at++;
            }
            // When no two parents share a key, each group list goes to one parent only and is handed over as it is.
            boolean ownGroups = keyed == all.size();
            List<List<Object>> chunks;
            if (all.isEmpty()) {
                chunks = List.of();
            } else if (all.size() <= chunk) {
                chunks = List.of(all);
            } else {
                chunks = new ArrayList<>();
                for (int i = 0; i < all.size(); i += chunk) {
                    chunks.add(all.subList(i, Math.min(all.size(), i + chunk)));
                }
            }
            // Rows are grouped as they are mapped, and kept in one list as well only when a level below needs them:
            // that list (grown from 10 to the row count) is ~14 bytes a row.
            List<Model> children = related ? new ArrayList<>() : List.of();
            Flux<Model> rows;
            if (childKey == null) {
                // The through table's owner key comes beside each row rather than as an annotation, so the
                // instances get no ModelState for it; the rows are grouped by it as they are mapped.
                BiConsumer<Model, Object> sink = (child, k) -> {
                    group(grouped, k).add(child);
                    if (related) {
                        children.add(child);
                    }
                };
                rows = chunked(chunks, c -> keyedRows(query.filter(filterKey, c), sink));
            } else {
                rows = chunked(chunks, c -> query.filter(filterKey, c).flux()).doOnNext(child -> {
                    group(grouped, childKey.get(child)).add(child);
                    if (related) {
                        children.add(child);
                    }
                });
            }
            return rows.then(Mono.fromSupplier(() -> stitch(parents, groupOf, relation, toAttr, ownGroups,
                    children)));
        });
    }

    /** The group of {@code key}, made if no parent has that key (a row's key of another type than the parents'). */
    private static List<Model> group(Map<Object, List<Model>> grouped, Object key) {
        List<Model> group = grouped.get(key);
        if (group == null) {
            group = new ArrayList<>();
            grouped.put(key, group);
        }
        return group;
    }

    /** The rows of each chunk's query, one chunk after the other (the one query itself when there is one chunk). */
    private static Flux<Model> chunked(List<List<Object>> chunks, Function<List<Object>, Flux<Model>> query) {
        if (chunks.size() == 1) {
            return query.apply(chunks.get(0));
        }
        return Flux.fromIterable(chunks).concatMap(query);
    }

    /**
     * The instances of {@code qs}, as its {@code flux()} gives them, with each row's last annotation (the
     * join key) handed with its instance to {@code sink} instead of stored on it.
     */
    private static Flux<Model> keyedRows(QuerySet<Model> qs, BiConsumer<Model, Object> sink) {
        return Flux.defer(() -> {
            CompiledQuery q = QueryAccess.compileModels(qs.state());
            ResultShape.Models shape = (ResultShape.Models) q.shape();
            List<ResultShape.Slot> annotations = shape.annotations();
            if (annotations.isEmpty() || !PREFETCH_KEY.equals(annotations.get(annotations.size() - 1).key())) {
                return Flux.error(new IllegalStateException("The prefetch key is not the last annotation of "
                        + annotations));
            }
            CompiledQuery keyed = new CompiledQuery(q.statement(), q.model(), q.connection(), q.operation(),
                    shape.withKeySink(sink), q.fetchSize(), q.timeout());
            // The rows of a models shape are its model's instances: passed on as they are, without a cast per row.
            @SuppressWarnings("unchecked")
            Flux<Model> rows = (Flux<Model>) (Flux<?>) QueryAccess.engine(qs.state()).run(keyed);
            return rows;
        });
    }

    /**
     * Hands each parent its group ({@code groupOf}, by the parent's position; null for a parent without a key);
     * emits {@code children}.
     */
    private static List<Model> stitch(List<? extends Model> parents, List<Model>[] groupOf, FieldMeta relation,
                                      String toAttr, boolean ownGroups, List<Model> children) {
        int at = 0;
        for (Model p : parents) {
            List<Model> mine = groupOf[at++];
            if (mine == null || mine.isEmpty()) {
                store(p, relation, List.of(), toAttr, false);
            } else {
                store(p, relation, mine, toAttr, ownGroups);
            }
        }
        // Every row is mapped to an instance of its own (there is no identity map across rows), so the
        // children are already distinct.
        return children;
    }

    /**
     * Stores a parent's related rows; {@code owned} when {@code rows} is a fresh list no other parent gets,
     * kept as it is instead of copied.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void store(Model parent, FieldMeta relation, List<Model> rows, String toAttr, boolean owned) {
        boolean single = relation.kind() == FieldKind.FOREIGN_KEY || relation.kind() == FieldKind.ONE_TO_ONE
                || relation.kind() == FieldKind.BACKWARD_O2O;
        if (toAttr != null) {
            Instances.state(parent).attributes().put(toAttr, single ? (rows.isEmpty() ? null : rows.get(0))
                    : Collections.unmodifiableList(owned ? rows : new ArrayList<>(rows)));
            return;
        }
        Object holder = relation.get(parent);
        if (holder instanceof ForeignKey fk) {
            fk.loaded(rows.isEmpty() ? null : rows.get(0));
        } else if (holder instanceof ReverseOneToOne r) {
            r.loaded(rows.isEmpty() ? null : rows.get(0));
        } else if (holder instanceof ReverseRelation r) {
            r.loaded(owned ? rows : new ArrayList<>(rows));
        }
    }
}
