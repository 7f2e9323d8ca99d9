package dev.tortoise.internal.relation;

import dev.tortoise.internal.model.InstanceBinding;

/**
 * A runtime's binding that also gives its relation layer, which the relation holders run their queries through.
 * It extends the binding here rather than adding the accessor to {@link InstanceBinding} because the binding lives
 * below the relation layer (model and mapping see it; neither may see {@link Relations}).
 */
public interface RelationBinding extends InstanceBinding {

    /** The relation layer of this runtime. */
    Relations relations();

    /**
     * The relation layer of the runtime an instance is bound to; every runtime's binding is a RelationBinding, so
     * another kind of binding is a programming error.
     */
    static Relations relationsOf(InstanceBinding binding) {
        if (binding instanceof RelationBinding r) {
            return r.relations();
        }
        throw new IllegalStateException("Not a runtime's binding (it has no relation layer): " + binding);
    }
}
