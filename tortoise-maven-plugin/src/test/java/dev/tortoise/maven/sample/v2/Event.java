package dev.tortoise.maven.sample.v2;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

/** The sample project's model after the user's change: name renamed to title, prize added. */
@Meta(table = "event")
public class Event extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100) public String title;
    @IntField(nullable = true, index = true) public Integer prize;
}
