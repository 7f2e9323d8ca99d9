package dev.tortoise.relation;

import dev.tortoise.model.Model;

/** The forward side of a one-to-one key; behaves as a {@link ForeignKey} whose target is unique. */
public class OneToOne<T extends Model> extends ForeignKey<T> {
    public OneToOne() {
    }
}
