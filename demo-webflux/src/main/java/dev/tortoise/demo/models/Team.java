package dev.tortoise.demo.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ManyToMany;

/** A team that takes part in events. */
@Meta(table = "team")
public class Team extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 255)
    public String name;
    public ManyToMany<Event> events;
}
