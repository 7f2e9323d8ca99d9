package dev.tortoise.migrations.v7;

import dev.tortoise.field.*;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;

/** Model version 7 of the migration sequence. */
@Meta(table = "event", tableDescription = "Sporting events", uniqueTogether = "title,tournament")
public class Event extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100) public String title;
    @ForeignKeyField(relatedName = "events", onDelete = OnDelete.RESTRICT) public ForeignKey<Tournament> tournament;
    @CharField(maxLength = 20, nullable = true, defaultValue = "planned") public String status;
}
