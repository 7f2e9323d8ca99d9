package dev.tortoise.bench.spring;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** The wide model as a Spring Data entity (also the raw contender's hand-mapped row class). */
@Table("bench_wide")
public class SWide {
    @Id
    public Integer id;
    public OffsetDateTime timestamp;
    public Short level;
    public String text;
    public Double col_float1;
    public Short col_smallint1;
    public Integer col_int1;
    public Long col_bigint1;
    public String col_char1;
    public String col_text1;
    public BigDecimal col_decimal1;
    public Map<String, Object> col_json1;
    public Double col_float2;
    public Short col_smallint2;
    public Integer col_int2;
    public Long col_bigint2;
    public String col_char2;
    public String col_text2;
    public BigDecimal col_decimal2;
    public Map<String, Object> col_json2;
    public Double col_float3;
    public Short col_smallint3;
    public Integer col_int3;
    public Long col_bigint3;
    public String col_char3;
    public String col_text3;
    public BigDecimal col_decimal3;
    public Map<String, Object> col_json3;
    public Double col_float4;
    public Short col_smallint4;
    public Integer col_int4;
    public Long col_bigint4;
    public String col_char4;
    public String col_text4;
    public BigDecimal col_decimal4;
    public Map<String, Object> col_json4;

    /** Reads the row by column index, in the order of {@link #COLUMNS}. */
    public static SWide read(io.r2dbc.spi.Readable row, dev.tortoise.bench.Json json) {
        SWide w = new SWide();
        w.id = row.get(0, Integer.class);
        w.timestamp = dev.tortoise.bench.RawSql.timestamp(row, 1);
        w.level = row.get(2, Short.class);
        w.text = row.get(3, String.class);
        w.col_float1 = row.get(4, Double.class);
        w.col_smallint1 = row.get(5, Short.class);
        w.col_int1 = row.get(6, Integer.class);
        w.col_bigint1 = row.get(7, Long.class);
        w.col_char1 = row.get(8, String.class);
        w.col_text1 = row.get(9, String.class);
        w.col_decimal1 = row.get(10, BigDecimal.class);
        w.col_json1 = json.read(row.get(11, String.class));
        w.col_float2 = row.get(12, Double.class);
        w.col_smallint2 = row.get(13, Short.class);
        w.col_int2 = row.get(14, Integer.class);
        w.col_bigint2 = row.get(15, Long.class);
        w.col_char2 = row.get(16, String.class);
        w.col_text2 = row.get(17, String.class);
        w.col_decimal2 = row.get(18, BigDecimal.class);
        w.col_json2 = json.read(row.get(19, String.class));
        w.col_float3 = row.get(20, Double.class);
        w.col_smallint3 = row.get(21, Short.class);
        w.col_int3 = row.get(22, Integer.class);
        w.col_bigint3 = row.get(23, Long.class);
        w.col_char3 = row.get(24, String.class);
        w.col_text3 = row.get(25, String.class);
        w.col_decimal3 = row.get(26, BigDecimal.class);
        w.col_json3 = json.read(row.get(27, String.class));
        w.col_float4 = row.get(28, Double.class);
        w.col_smallint4 = row.get(29, Short.class);
        w.col_int4 = row.get(30, Integer.class);
        w.col_bigint4 = row.get(31, Long.class);
        w.col_char4 = row.get(32, String.class);
        w.col_text4 = row.get(33, String.class);
        w.col_decimal4 = row.get(34, BigDecimal.class);
        w.col_json4 = json.read(row.get(35, String.class));
        return w;
    }

    /** The values in column order, normalised for comparing contenders. */
    public java.util.List<Object> canonical() {
        return dev.tortoise.bench.Canon.of(id, timestamp, level, text, col_float1, col_smallint1, col_int1, col_bigint1, col_char1, col_text1, col_decimal1, col_json1, col_float2, col_smallint2, col_int2, col_bigint2, col_char2, col_text2, col_decimal2, col_json2, col_float3, col_smallint3, col_int3, col_bigint3, col_char3, col_text3, col_decimal3, col_json3, col_float4, col_smallint4, col_int4, col_bigint4, col_char4, col_text4, col_decimal4, col_json4);
    }

    public static final String COLUMNS = "id, timestamp, level, text, col_float1, col_smallint1, col_int1, col_bigint1, col_char1, col_text1, col_decimal1, col_json1, col_float2, col_smallint2, col_int2, col_bigint2, col_char2, col_text2, col_decimal2, col_json2, col_float3, col_smallint3, col_int3, col_bigint3, col_char3, col_text3, col_decimal3, col_json3, col_float4, col_smallint4, col_int4, col_bigint4, col_char4, col_text4, col_decimal4, col_json4";
}
