package dev.tortoise.bench;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper every contender parses JSON columns with, so the work is the same. */
public final class Json {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final JsonMapper mapper = JsonMapper.builder().build();

    public JsonMapper mapper() {
        return mapper;
    }

    public Map<String, Object> read(String text) {
        return text == null ? null : mapper.readValue(text, MAP);
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }
}
