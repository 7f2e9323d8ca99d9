package dev.tortoise.relation;

import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.InstanceBinding;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.RelationHolder;

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

    InstanceBinding binding() {
        return Model.bindingOf(owner);
    }

    Relations relations() {
        return binding().service(Relations.class);
    }

    ModelMeta ownerMeta() {
        return binding().metaOrNull(owner.getClass());
    }

    FieldMeta field() {
        return ownerMeta().field(name);
    }
}
