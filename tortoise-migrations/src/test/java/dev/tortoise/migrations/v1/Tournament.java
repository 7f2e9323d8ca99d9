package dev.tortoise.migrations.v1;

import dev.tortoise.field.*;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;

/** Model version 1 of the migration sequence. */
@Meta(table = "tournament")
public class Tournament extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 100) public String name;
}
