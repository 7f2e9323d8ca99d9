package dev.tortoise.bench.spring;

import dev.tortoise.bench.Canon;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** The narrow model as a Spring Data entity (also the raw contender's hand-mapped row class). */
@Table("bench_narrow")
public class SNarrow {
    @Id
    public Integer id;
    public OffsetDateTime timestamp;
    public Short level;
    public String text;

    public SNarrow() {
    }

    public SNarrow(Integer id, OffsetDateTime timestamp, Short level, String text) {
        this.id = id;
        this.timestamp = timestamp;
        this.level = level;
        this.text = text;
    }

    /** Reads {@code id, timestamp, level, text} by column index. */
    public static SNarrow read(io.r2dbc.spi.Readable row) {
        return new SNarrow(row.get(0, Integer.class), dev.tortoise.bench.RawSql.timestamp(row, 1), row.get(2, Short.class),
                row.get(3, String.class));
    }

    public List<Object> canonical() {
        return Canon.of(id, timestamp, level, text);
    }
}
