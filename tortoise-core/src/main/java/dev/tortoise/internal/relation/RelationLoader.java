package dev.tortoise.internal.relation;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.query.PrefetchSpec;
import java.util.List;
import reactor.core.publisher.Mono;

/** Loads relations of already-read instances: select_related attachment and prefetch queries. */
public interface RelationLoader {

    /** Attaches an instance read by select_related (null for a missing row) to its parent's relation. */
    void attach(Model parent, FieldMeta relation, Model child);

    /** Runs the prefetch queries for {@code instances} (one per relation level) and stitches the results. */
    Mono<Void> prefetch(ModelMeta model, List<? extends Model> instances, List<PrefetchSpec> specs);
}
