package dev.tortoise.relation;

import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.RelationHolder;
import dev.tortoise.internal.relation.RelationBinding;
import dev.tortoise.internal.relation.Relations;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;

/** What every relation holder shares: its owner, its name and the way to its runtime. */
abstract class AbstractHolder implements RelationHolder {
    private Model owner;
    private String name;

    @Override
    public void attach(Model owner, String fieldName) {
        this.owner = owner;
        this.name = fieldName;
    }

    /** The instance this relation belongs to. */
    public Model owner() {
        return owner;
    }

    /** The relation's field name. */
    public String name() {
        return name;
    }

    /**
     * Binds a new, unbound owner to the runtime of the instance it is being related to, so that
     * {@code new Event().tournament.set(cup)} works when several runtimes know the model.
     */
    void adoptBinding(Model related) {
        if (related == null) {
            return;
        }
        dev.tortoise.internal.model.ModelState mine = Instances.state(owner);
        if (mine.binding() == null) {
            InstanceBinding theirs = Instances.state(related).binding();
            if (theirs != null && theirs.metaOrNull(owner.getClass()) != null) {
                mine.binding(theirs);
            }
        }
    }

    InstanceBinding binding() {
        return Instances.bindingOf(owner);
    }

    Relations relations() {
        return RelationBinding.relationsOf(binding());
    }

    ModelMeta ownerMeta() {
        return binding().metaOrNull(owner.getClass());
    }

    FieldMeta field() {
        return ownerMeta().field(name);
    }
}
