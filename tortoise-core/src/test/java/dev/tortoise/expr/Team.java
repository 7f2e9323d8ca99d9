package dev.tortoise.expr;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;

/** A team fixture referred to by {@link Score#team} as a plain number (no relation). */
@Meta(table = "team")
public class Team extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 50)
    public String name;
    @IntField
    public Integer number;
}
