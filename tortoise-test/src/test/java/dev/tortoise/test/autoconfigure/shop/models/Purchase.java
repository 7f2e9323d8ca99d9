package dev.tortoise.test.autoconfigure.shop.models;

import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.field.ForeignKeyField;

/** Created by schema generation (no migration has it). */
@Meta(table = "purchase")
public class Purchase extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @ForeignKeyField(relatedName = "purchases")
    public ForeignKey<Product> product;
    @IntField
    public Integer quantity;
}
