package dev.tortoise.bench.model;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ManyToMany;

/** An item with many {@link Tag}s through {@code bench_item_tag}. */
@Meta(table = "bench_item")
public class Item extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 255)
    public String name;
    @ManyToManyField(relatedName = "items", through = "bench_item_tag", backwardKey = "item_id", forwardKey = "tag_id")
    public ManyToMany<Tag> tags;
}
