package dev.tortoise.test.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

@Meta(table = "item")
public class Item extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 100, unique = true)
    public String name;
}
