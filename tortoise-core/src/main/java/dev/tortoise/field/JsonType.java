package dev.tortoise.field;

import dev.tortoise.exception.FieldError;
import dev.tortoise.sql.ast.ColumnType;
import java.lang.reflect.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

final class JsonType extends FieldType {
    private final FieldContext ctx;
    private final JavaType jacksonType;

    JsonType(String field, Class<?> javaType, FieldContext ctx, Type genericType) {
        super(field, javaType);
        this.ctx = ctx;
        this.jacksonType = ctx.jsonMapper().constructType(genericType);
    }

    @Override
    public String typeName() {
        return "JSONField";
    }

    @Override
    public String pythonType() {
        return "Union[dict, list]";
    }

    @Override
    public ColumnType columnType() {
        return ColumnType.of(ColumnType.Kind.JSON);
    }

    @Override
    public Class<?> readClass() {
        return String.class;
    }

    @Override
    public boolean indexable() {
        return false;
    }

    @Override
    protected boolean accepts(Class<?> boxed) {
        return !boxed.isPrimitive();
    }

    @Override
    protected String expectedJavaTypes() {
        return "a reference type";
    }

    @Override
    public Object coerce(Object input) {
        if (input == null) {
            return null;
        }
        if (input instanceof CharSequence s && javaType() != String.class) {
            try {
                return ctx.jsonMapper().readValue(s.toString(), jacksonType);
            } catch (JacksonException e) {
                throw new FieldError("Value " + input + " is invalid json value.");
            }
        }
        if (javaType().isInstance(input)) {
            return input;
        }
        try {
            return ctx.jsonMapper().convertValue(input, jacksonType);
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid(input);
        }
    }

    /** The JSON text of a value (for binds and for JSON lookups). */
    public String toJson(Object value) {
        return ctx.jsonMapper().writeValueAsString(value);
    }

    @Override
    public Object toDb(Object value) {
        return value == null ? null : toJson(value);
    }

    @Override
    public Object fromDb(Object dbValue) {
        if (dbValue == null) {
            return null;
        }
        return ctx.jsonMapper().readValue(dbValue.toString(), jacksonType);
    }

    @Override
    public Object parseDefault(String text) {
        return ctx.jsonMapper().readValue(text, jacksonType);
    }

    @Override
    public boolean supportsJson() {
        return true;
    }
}
