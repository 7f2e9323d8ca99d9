package dev.tortoise.starterit.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ManyToMany;

/** A tag books carry. */
@Meta(table = "it_tag", ordering = "name")
public class Tag extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 50, unique = true)
    public String name;
    public ManyToMany<Book> books;
}
