package dev.tortoise.core.scan;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;

/** A fixture model found by package scanning. */
@Meta(table = "album", tableDescription = "Albums", uniqueTogether = "title,year", indexes = "year,title")
public class Album extends Base {
    @CharField(maxLength = 100, description = "The title")
    public String title;
    @IntField(index = true)
    public Integer year;
    @CharField(maxLength = 12, unique = true, nullable = true)
    public String isrc;
}
