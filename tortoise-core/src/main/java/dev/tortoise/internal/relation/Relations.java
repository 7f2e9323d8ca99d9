package dev.tortoise.internal.relation;

import static dev.tortoise.internal.relation.RelationJoins.eq;
import static dev.tortoise.internal.relation.RelationJoins.throughRef;

import dev.tortoise.exception.OperationalError;
import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.query.QueryAccess;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.model.FieldKind;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationInfo;
import dev.tortoise.query.QuerySet;
import dev.tortoise.sql.ast.Column;
import dev.tortoise.sql.ast.Select;
import dev.tortoise.sql.ast.SelectItem;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * What relation holders and instances ask of the runtime: the related rows of one instance's
 * relation (queried by key, or as a queryset), many-to-many writes, and fetch_related.
 */
public final class Relations {
    private final QueryEngine engine;
    private final RelationJoiner joiner;
    private final ManyToManyWrites m2m;
    private final Prefetcher prefetcher;

    Relations(QueryEngine engine, RelationJoiner joiner, Prefetcher prefetcher) {
        this.engine = engine;
        this.joiner = joiner;
        this.m2m = new ManyToManyWrites(engine);
        this.prefetcher = prefetcher;
    }

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
            return qs.filter("pk__in", new SubqueryValue(ctx -> new Select(false, List.of(new SelectItem(
                    new Column("_m2m", info.forwardKey()), null)), throughRef(ownerMeta, info).as("_m2m"), List.of(),
                    eq(new Column("_m2m", info.backwardKey()), ownerMeta.pk().bind(ctx.slots(), pk)), List.of(), null,
                    List.of(), null, null, null)));
        }
        Object key = info.toField().get(owner);
        return qs.filter(info.keyField().name(), key);
    }

    private <T extends Model> QuerySet<T> queryset(ModelMeta meta) {
        return QuerySet.create(QueryAccess.initialState(engine, joiner, meta));
    }

    /** Links instances through an M2M relation ({@link ManyToManyWrites#m2mAdd}). */
    public Mono<Void> m2mAdd(Model owner, FieldMeta relation, List<? extends Model> others) {
        return m2m.m2mAdd(owner, relation, others);
    }

    /** Unlinks instances of an M2M relation; OperationalError when none are given. */
    public Mono<Void> m2mRemove(Model owner, FieldMeta relation, List<? extends Model> others) {
        return m2m.m2mRemove(owner, relation, others);
    }

    /** Unlinks every instance of an M2M relation. */
    public Mono<Void> m2mClear(Model owner, FieldMeta relation) {
        return m2m.m2mClear(owner, relation);
    }

    /** Loads the named relations into the given instances (fetch_related / fetch_for_list). */
    public Mono<Void> fetchRelated(ModelMeta model, List<? extends Model> instances, List<String> names) {
        return prefetcher.fetchRelated(model, instances, names);
    }
}
