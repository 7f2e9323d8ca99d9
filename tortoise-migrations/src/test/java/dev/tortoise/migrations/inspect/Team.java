package dev.tortoise.migrations.inspect;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

@Meta(table = "team")
public class Team extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 50) public String name;
}
