package dev.tortoise.starterit.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import java.util.Map;

/** A book by one author, with tags and free-form details in a JSON column. */
@Meta(table = "it_book", ordering = "id")
public class Book extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 200)
    public String title;
    @ForeignKeyField(relatedName = "books")
    public ForeignKey<Author> author;
    @ManyToManyField(relatedName = "books", through = "it_book_tag")
    public ManyToMany<Tag> tags;
    @JSONField(nullable = true)
    public Map<String, Object> details;
}
