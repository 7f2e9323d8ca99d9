package dev.tortoise.bench.spring;

import java.time.OffsetDateTime;
import org.springframework.data.relational.core.mapping.Table;

/** The narrow entity on the write table. */
@Table("bench_narrow_w")
public class SNarrowW extends SNarrow {
    public SNarrowW() {
    }

    public SNarrowW(Integer id, OffsetDateTime timestamp, Short level, String text) {
        super(id, timestamp, level, text);
    }
}
