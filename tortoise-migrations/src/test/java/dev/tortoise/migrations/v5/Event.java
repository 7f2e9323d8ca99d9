package dev.tortoise.migrations.v5;

import dev.tortoise.field.*;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;

/** Model version 5 of the migration sequence. */
@Meta(table = "event", tableDescription = "Sporting events", uniqueTogether = "title,tournament", indexes = "status,prize")
public class Event extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100, index = true) public String title;
    @ForeignKeyField(relatedName = "events", onDelete = OnDelete.RESTRICT) public ForeignKey<Tournament> tournament;
    @BigIntField(nullable = true, description = "Prize money in cents") public Long prize;
    @CharField(maxLength = 20, nullable = true, defaultValue = "planned") public String status;
    @ManyToManyField(relatedName = "events", through = "event_team", forwardKey = "team_id", backwardKey = "event_id") public ManyToMany<Team> participants;
}
