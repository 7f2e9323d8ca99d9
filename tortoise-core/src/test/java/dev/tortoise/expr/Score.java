package dev.tortoise.expr;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import java.math.BigDecimal;

/** A flat fixture for expression tests: a player's score in a team. */
@Meta(table = "score", ordering = "name")
public class Score extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 50)
    public String name;
    @IntField
    public Integer rating;
    @IntField
    public Integer team;
    @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
    public BigDecimal prize;
    @FloatField(nullable = true)
    public Double weight;
}
