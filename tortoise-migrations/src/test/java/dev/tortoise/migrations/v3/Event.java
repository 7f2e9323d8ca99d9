package dev.tortoise.migrations.v3;

import dev.tortoise.field.*;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;

/** Model version 3 of the migration sequence. */
@Meta(table = "event", tableDescription = "Events")
public class Event extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100, index = true) public String title;
    @ForeignKeyField(relatedName = "events") public ForeignKey<Tournament> tournament;
    @IntField(nullable = true, description = "Prize money") public Integer prize;
    @CharField(maxLength = 20, defaultValue = "open") public String status;
}
