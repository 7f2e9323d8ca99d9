package dev.tortoise.core.scan;

import dev.tortoise.field.IntField;
import dev.tortoise.model.Model;

/** An abstract base in the scanned package: contributes its key, gets no table. */
public abstract class Base extends Model {
    @IntField(primaryKey = true)
    public Integer id;
}
