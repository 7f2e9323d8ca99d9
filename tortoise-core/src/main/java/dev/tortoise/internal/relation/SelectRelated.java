package dev.tortoise.internal.relation;

import dev.tortoise.exception.FieldError;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseOneToOne;

/** Stores the instances read by select_related into their parents' relation holders. */
public final class SelectRelated {
    private SelectRelated() {
    }

    /** Stores an instance read by select_related (null for a missing row) into its parent's relation. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void attach(Model parent, FieldMeta relation, Model child) {
        Object holder = relation.get(parent);
        if (holder instanceof ForeignKey fk) {
            fk.loaded(child);
        } else if (holder instanceof ReverseOneToOne r) {
            r.loaded(child);
        } else {
            throw new FieldError("Field " + relation.name() + " is not a relation that select_related can load");
        }
    }
}
