package dev.tortoise.field;

import java.time.ZoneId;
import java.time.ZoneOffset;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime settings conversions depend on: the time zone datetimes are presented in
 * ({@code use_tz} means UTC, else {@code timezone}) and the JSON mapper.
 */
public record FieldContext(boolean useTz, ZoneId timezone, JsonMapper jsonMapper) {

    /** UTC, no use_tz, a default JSON mapper. */
    public static FieldContext defaults() {
        return new FieldContext(false, ZoneOffset.UTC, JsonMapper.builder().build());
    }

    /** The zone datetimes read from the database are presented in. */
    public ZoneId presentationZone() {
        return useTz ? ZoneOffset.UTC : timezone;
    }
}
