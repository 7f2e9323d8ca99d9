package dev.tortoise.core.scan.sub;

import dev.tortoise.core.scan.Base;
import dev.tortoise.field.CharField;
import dev.tortoise.field.TimeDeltaField;
import dev.tortoise.model.Meta;
import java.time.Duration;

/** A fixture model in a sub-package, found by scanning the parent package. */
@Meta(table = "track")
public class Track extends Base {
    @CharField(maxLength = 50)
    public String name;
    @TimeDeltaField(nullable = true)
    public Duration length;
}
