package dev.tortoise.bench.model;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ReverseRelation;

/** A parent of {@link Child} rows (P1 prefetch, S select_related). */
@Meta(table = "bench_parent")
public class Parent extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 255)
    public String name;
    public ReverseRelation<Child> children;
}
