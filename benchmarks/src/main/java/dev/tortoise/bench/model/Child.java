package dev.tortoise.bench.model;

import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;

/** A child row with a foreign key to {@link Parent}. */
@Meta(table = "bench_child")
public class Child extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @ForeignKeyField(relatedName = "children")
    public ForeignKey<Parent> parent;
    @SmallIntField
    public Short level;
    @CharField(maxLength = 255)
    public String text;
}
