package dev.tortoise.maven.sample.v1;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

/** The sample project's model before the user's change. */
@Meta(table = "event")
public class Event extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100) public String name;
}
