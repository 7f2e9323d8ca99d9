package dev.tortoise.demo.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ReverseRelation;
import java.time.OffsetDateTime;

/** A tournament: a named series of events. */
@Meta(table = "tournament")
public class Tournament extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 255, unique = true)
    public String name;
    @TextField(nullable = true)
    public String description;
    @DatetimeField(autoNowAdd = true)
    public OffsetDateTime created;
    public ReverseRelation<Event> events;
}
