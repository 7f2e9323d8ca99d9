package dev.tortoise.bench.model;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import java.time.OffsetDateTime;

/** The narrow benchmark model's fields: id, timestamp (auto_now_add), level (smallint, indexed), text (varchar(255), indexed). */
@Meta(isAbstract = true)
public abstract class NarrowBase extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @DatetimeField(autoNowAdd = true)
    public OffsetDateTime timestamp;
    @SmallIntField(index = true)
    public Short level;
    @CharField(maxLength = 255, index = true)
    public String text;
}
