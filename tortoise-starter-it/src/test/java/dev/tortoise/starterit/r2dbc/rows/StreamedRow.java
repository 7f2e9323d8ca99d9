package dev.tortoise.starterit.r2dbc.rows;

import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import java.util.concurrent.atomic.AtomicLong;

/** A row of a large table, counting the instances built: one per row mapped. */
@Meta(table = "it_streamed_row")
public class StreamedRow extends Model {
    /** How many instances were built. */
    public static final AtomicLong CONSTRUCTED = new AtomicLong();

    @IntField(primaryKey = true)
    public Integer id;
    @IntField
    public Integer n;

    public StreamedRow() {
        CONSTRUCTED.incrementAndGet();
    }
}
