package dev.tortoise.bench.model;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

/** The wide benchmark model: the narrow columns plus four groups of float, smallint, int, bigint, varchar, text, decimal(12,8) and json. */
@Meta(table = "bench_wide")
public class Wide extends Model {
    @IntField(primaryKey = true)
    public Integer id;
    @DatetimeField(autoNowAdd = true)
    public OffsetDateTime timestamp;
    @SmallIntField(index = true)
    public Short level;
    @CharField(maxLength = 255, index = true)
    public String text;
    @FloatField
    public Double col_float1;
    @SmallIntField
    public Short col_smallint1;
    @IntField
    public Integer col_int1;
    @BigIntField
    public Long col_bigint1;
    @CharField(maxLength = 255)
    public String col_char1;
    @TextField
    public String col_text1;
    @DecimalField(maxDigits = 12, decimalPlaces = 8)
    public BigDecimal col_decimal1;
    @JSONField
    public Map<String, Object> col_json1;
    @FloatField
    public Double col_float2;
    @SmallIntField
    public Short col_smallint2;
    @IntField
    public Integer col_int2;
    @BigIntField
    public Long col_bigint2;
    @CharField(maxLength = 255)
    public String col_char2;
    @TextField
    public String col_text2;
    @DecimalField(maxDigits = 12, decimalPlaces = 8)
    public BigDecimal col_decimal2;
    @JSONField
    public Map<String, Object> col_json2;
    @FloatField
    public Double col_float3;
    @SmallIntField
    public Short col_smallint3;
    @IntField
    public Integer col_int3;
    @BigIntField
    public Long col_bigint3;
    @CharField(maxLength = 255)
    public String col_char3;
    @TextField
    public String col_text3;
    @DecimalField(maxDigits = 12, decimalPlaces = 8)
    public BigDecimal col_decimal3;
    @JSONField
    public Map<String, Object> col_json3;
    @FloatField
    public Double col_float4;
    @SmallIntField
    public Short col_smallint4;
    @IntField
    public Integer col_int4;
    @BigIntField
    public Long col_bigint4;
    @CharField(maxLength = 255)
    public String col_char4;
    @TextField
    public String col_text4;
    @DecimalField(maxDigits = 12, decimalPlaces = 8)
    public BigDecimal col_decimal4;
    @JSONField
    public Map<String, Object> col_json4;
}
