package dev.tortoise.model;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.QueryState;

/**
 * A model with a queryset class of its own, for {@link RuntimeUnloadingTest}, which loads both anew per runtime
 * through a class loader of their own (so they are a top-level class and its member, nothing outside them).
 */
@Meta(table = "unloadable_item", queryset = UnloadableItem.Items.class)
public class UnloadableItem extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 20)
    public String name;

    /** The model's queryset class: made through its {@link QueryState} constructor for every queryset. */
    public static class Items<T extends Model> extends QuerySet<T> {
        public Items(QueryState state) {
            super(state);
        }

        public QuerySet<T> named(String name) {
            return filter("name", name);
        }
    }
}
