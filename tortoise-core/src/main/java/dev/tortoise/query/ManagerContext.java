package dev.tortoise.query;

import dev.tortoise.internal.expression.RelationJoiner;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.query.Persistence;
import dev.tortoise.internal.query.QueryEngine;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;

/**
 * What a manager needs from its runtime, an opaque handle: the ORM makes one per model at init and hands it to
 * the model's manager, and a custom {@link Manager} subclass passes it on to {@link Manager#Manager(ManagerContext)};
 * nothing else of it is public. The runtime makes it through {@code dev.tortoise.internal.query.QueryAccess}.
 *
 * @param <T> the model
 */
public final class ManagerContext<T extends Model> {
    private final ModelMeta meta;
    private final QueryEngine engine;
    private final RelationJoiner joiner;
    private final Persistence persistence;
    private final InstanceBinding binding;
    /**
     * The statements of this model's query shapes, compiled once each (see {@link CompiledShapes}); null when the
     * runtime keeps none (its statement cache is off).
     */
    private final CompiledShapes shapes;

    ManagerContext(ModelMeta meta, QueryEngine engine, RelationJoiner joiner, Persistence persistence,
                   InstanceBinding binding, boolean keepShapes) {
        this.shapes = keepShapes ? new CompiledShapes() : null;
        this.meta = meta;
        this.engine = engine;
        this.joiner = joiner;
        this.persistence = persistence;
        this.binding = binding;
    }

    /** The model. */
    ModelMeta meta() {
        return meta;
    }

    /** The query engine the model's queries run on. */
    QueryEngine engine() {
        return engine;
    }

    /** The relation joiner for lookups across relations. */
    RelationJoiner joiner() {
        return joiner;
    }

    /** Instance writes, or null for a bare context without them. */
    Persistence persistence() {
        return persistence;
    }

    /** The compiled statements kept per query shape for this model's querysets, or null when none are kept. */
    CompiledShapes shapes() {
        return shapes;
    }

    /** The runtime new instances are bound to. */
    InstanceBinding binding() {
        return binding;
    }

    @Override
    public String toString() {
        return "ManagerContext<" + meta.name() + ">";
    }
}
