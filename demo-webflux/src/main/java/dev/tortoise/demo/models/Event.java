package dev.tortoise.demo.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** An event of a tournament, with the teams taking part. */
@Meta(table = "event")
public class Event extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 255)
    public String name;
    @ForeignKeyField(relatedName = "events")
    public ForeignKey<Tournament> tournament;
    @ManyToManyField(relatedName = "events", through = "event_team")
    public ManyToMany<Team> participants;
    @DatetimeField(autoNow = true)
    public OffsetDateTime modified;
    @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
    public BigDecimal prize;
}
