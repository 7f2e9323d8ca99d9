package dev.tortoise.starterit.models;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.Validators;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ReverseRelation;

/** An author; names are unique and at least two characters long. */
@Meta(table = "it_author", ordering = "name")
public class Author extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @CharField(maxLength = 100, unique = true, validators = AtLeastTwoCharacters.class)
    public String name;
    public ReverseRelation<Book> books;

    /** A built-in validator with its argument: annotations take classes, so the argument goes in a subclass. */
    public static final class AtLeastTwoCharacters extends Validators.MinLength {
        public AtLeastTwoCharacters() {
            super(2);
        }
    }
}
