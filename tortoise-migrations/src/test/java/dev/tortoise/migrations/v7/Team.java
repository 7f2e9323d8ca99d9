package dev.tortoise.migrations.v7;

import dev.tortoise.field.*;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;

/** Model version 7 of the migration sequence. */
@Meta(table = "club")
public class Team extends Model {
    @IntField(primaryKey = true) public Integer id;
    @CharField(maxLength = 50) public String name;
}
