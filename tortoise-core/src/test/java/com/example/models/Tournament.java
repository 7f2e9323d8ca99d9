package com.example.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import java.time.OffsetDateTime;

// The README's model, verbatim from the Meta annotation on (ReadmeExampleTest checks they stay identical).
@Meta(table = "tournament")
public class Tournament extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 255, unique = true) public String name;
    @DatetimeField(autoNowAdd = true) public OffsetDateTime created;
}
