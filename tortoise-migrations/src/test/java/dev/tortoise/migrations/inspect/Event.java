package dev.tortoise.migrations.inspect;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.field.OnDelete;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

@Meta(table = "event")
public class Event extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 255) public String name;
    @ForeignKeyField(relatedName = "events") public ForeignKey<Tournament> tournament;
    @ForeignKeyField(relatedName = "won", nullable = true, onDelete = OnDelete.SET_NULL) public ForeignKey<Team> winner;
    @ManyToManyField(relatedName = "events", through = "event_team") public ManyToMany<Team> participants;
    @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true) public BigDecimal prize;
    @BooleanField public Boolean open;
    @DateField(nullable = true) public LocalDate day;
    @DatetimeField public OffsetDateTime starts;
    @BigIntField public Long seats;
}
