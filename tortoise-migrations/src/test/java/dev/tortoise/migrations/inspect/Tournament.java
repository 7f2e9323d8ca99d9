package dev.tortoise.migrations.inspect;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

@Meta(table = "tournament", tableDescription = "Tournaments")
public class Tournament extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100, unique = true) public String name;
    @TextField(nullable = true, description = "What it is") public String description;
}
