package dev.tortoise.test.autoconfigure.shop.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

/** Created by the Flyway migration V1. */
@Meta(table = "product")
public class Product extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 100, unique = true)
    public String name;
}
