package dev.tortoise.bench.model;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ManyToMany;

/** A tag of {@link Item}s (P2, M2M prefetch). */
@Meta(table = "bench_tag")
public class Tag extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 255)
    public String name;
    public ManyToMany<Item> items;
}
