package dev.tortoise.relation;

import dev.tortoise.exception.FieldError;
import dev.tortoise.execution.DefaultQueryEngine;
import dev.tortoise.expression.QueryContext;
import dev.tortoise.expression.RelationJoiner;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.query.PrefetchSpec;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The relation layer: joins relation segments of lookup paths, attaches select_related rows and
 * prefetches relations with one query per relation level.
 */
public final class Relations implements RelationJoiner, RelationLoader {
    private final Object engine;
    private final ModelRegistry registry;

    public Relations(Object engine, ModelRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    @Override
    public Step join(QueryContext ctx, ModelMeta from, String fromAlias, FieldMeta relation, List<String> rest) {
        throw new FieldError("Field " + relation.name() + " on " + from.fullName() + " is not a relation");
    }

    @Override
    public void attach(Model parent, FieldMeta relation, Model child) {
        throw new FieldError("Field " + relation.name() + " is not a relation");
    }

    @Override
    public Mono<Void> prefetch(ModelMeta model, List<? extends Model> instances, List<PrefetchSpec> specs) {
        return Mono.defer(() -> {
            for (PrefetchSpec spec : specs) {
                String first = spec.path().split("__")[0];
                FieldMeta f = model.fieldOrNull(first);
                if (f == null) {
                    return Mono.error(new FieldError("Relation " + first + " for " + model.fullName()
                            + " not found"));
                }
                if (!f.kind().isRelation()) {
                    return Mono.error(new FieldError("Field " + first + " on " + model.fullName()
                            + " is not a relation"));
                }
            }
            return Mono.empty();
        });
    }

    /** The related instance of a forward FK/O2O, queried by its key. */
    public <T extends Model> Mono<T> forward(Model owner, FieldMeta relation) {
        throw new FieldError("Relation " + relation + " cannot be loaded yet");
    }

    /** The related rows of a reverse FK or M2M relation, as a queryset. */
    public <T extends Model> dev.tortoise.query.QuerySet<T> reverse(Model owner, FieldMeta relation) {
        throw new FieldError("Relation " + relation + " cannot be queried yet");
    }

    /** Links instances through an M2M relation. */
    public Mono<Void> m2mAdd(Model owner, FieldMeta relation, List<? extends Model> others) {
        return Mono.error(new FieldError("Relation " + relation + " cannot be changed yet"));
    }

    /** Unlinks instances of an M2M relation. */
    public Mono<Void> m2mRemove(Model owner, FieldMeta relation, List<? extends Model> others) {
        return Mono.error(new FieldError("Relation " + relation + " cannot be changed yet"));
    }

    /** Unlinks every instance of an M2M relation. */
    public Mono<Void> m2mClear(Model owner, FieldMeta relation) {
        return Mono.error(new FieldError("Relation " + relation + " cannot be changed yet"));
    }

    /** Loads the named relations into the given instances (fetch_related / fetch_for_list). */
    public Mono<Void> fetchRelated(ModelMeta model, List<? extends Model> instances, List<String> names) {
        List<PrefetchSpec> specs = new ArrayList<>();
        for (String n : names) {
            specs.add(new PrefetchSpec(n, null, null));
        }
        return prefetch(model, instances, specs);
    }
}
