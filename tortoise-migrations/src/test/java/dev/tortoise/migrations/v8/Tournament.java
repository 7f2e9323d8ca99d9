package dev.tortoise.migrations.v8;

import dev.tortoise.field.*;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;

/** Model version 8 of the migration sequence. */
@Meta(table = "tournament")
public class Tournament extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 200) public String name;
}
