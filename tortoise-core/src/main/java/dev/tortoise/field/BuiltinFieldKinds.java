package dev.tortoise.field;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.sql.ast.ColumnType;
import java.lang.annotation.Annotation;
import java.util.Map;

/** The factories of the field kinds this library declares, by annotation type. */
final class BuiltinFieldKinds {
    static final Map<Class<? extends Annotation>, FieldTypeFactory> FACTORIES = Map.ofEntries(
            Map.entry(IntField.class, d -> new IntegerType(d.field(), d.javaType(), "IntField", ColumnType.Kind.INT,
                    Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE)),
            Map.entry(BigIntField.class, d -> new IntegerType(d.field(), d.javaType(), "BigIntField",
                    ColumnType.Kind.BIGINT, Long.class, Long.MIN_VALUE, Long.MAX_VALUE)),
            Map.entry(SmallIntField.class, d -> new IntegerType(d.field(), d.javaType(), "SmallIntField",
                    ColumnType.Kind.SMALLINT, Short.class, Short.MIN_VALUE, Short.MAX_VALUE)),
            Map.entry(FloatField.class, d -> new FloatType(d.field(), d.javaType())),
            Map.entry(DecimalField.class, BuiltinFieldKinds::decimal),
            Map.entry(BooleanField.class, d -> new BooleanType(d.field(), d.javaType())),
            Map.entry(CharField.class, BuiltinFieldKinds::chars),
            Map.entry(TextField.class, d -> new StringType(d.field(), d.javaType(), "TextField",
                    ColumnType.of(ColumnType.Kind.TEXT))),
            Map.entry(UUIDField.class, d -> new UuidType(d.field(), d.javaType())),
            Map.entry(DatetimeField.class, d -> new DatetimeType(d.field(), d.javaType(), d.context())),
            Map.entry(DateField.class, d -> new DateType(d.field(), d.javaType())),
            Map.entry(TimeField.class, d -> new TimeType(d.field(), d.javaType())),
            Map.entry(TimeDeltaField.class, d -> new DurationType(d.field(), d.javaType())),
            Map.entry(JSONField.class, d -> new JsonType(d.field(), d.javaType(), d.context(), d.genericType())),
            Map.entry(BinaryField.class, d -> new BinaryType(d.field(), d.javaType())),
            Map.entry(CharEnumField.class, d -> new CharEnumType(d.field(), d.javaType(), d.where(), d.maxLength())),
            Map.entry(IntEnumField.class, d -> new IntEnumType(d.field(), d.javaType(), d.where())));

    private BuiltinFieldKinds() {
    }

    private static FieldType decimal(FieldDeclaration d) {
        if (d.maxDigits() < 1) {
            throw new ConfigurationError(d.where() + ": DecimalField needs maxDigits >= 1");
        }
        if (d.decimalPlaces() < 0) {
            throw new ConfigurationError(d.where() + ": DecimalField needs decimalPlaces >= 0");
        }
        return new DecimalType(d.field(), d.javaType(), d.maxDigits(), d.decimalPlaces());
    }

    private static FieldType chars(FieldDeclaration d) {
        if (d.maxLength() < 1) {
            throw new ConfigurationError(d.where() + ": CharField needs 'maxLength' >= 1");
        }
        return new StringType(d.field(), d.javaType(), "CharField", ColumnType.varchar(d.maxLength()));
    }
}
