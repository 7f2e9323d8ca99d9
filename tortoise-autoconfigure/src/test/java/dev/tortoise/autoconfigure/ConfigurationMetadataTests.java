package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata IDEs complete from: the nested connection and app keys, with descriptions and hints. */
class ConfigurationMetadataTests {

    private static JsonNode metadata() throws Exception {
        // the processor's output merged with additional-spring-configuration-metadata.json
        try (InputStream in = TortoiseProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            return JsonMapper.builder().build().readTree(in);
        }
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> out = new HashMap<>();
        array.forEach(n -> out.put(n.get("name").asString(), n));
        return out;
    }

    @Test
    void nestedConnectionAndAppKeysHaveTypesAndDescriptions() throws Exception {
        Map<String, JsonNode> properties = byName(metadata().get("properties"));
        List<String> nested = List.of("url", "engine", "credentials.host", "credentials.port", "credentials.user",
                "credentials.password", "credentials.database", "credentials.schema", "pool.initial-size",
                "pool.max-size", "pool.acquire-timeout", "pool.create-timeout", "pool.validation-timeout",
                "pool.max-idle-time", "pool.max-life-time");
        for (String key : nested) {
            JsonNode p = properties.get("tortoise.config.connections.default." + key);
            assertThat(p).as(key).isNotNull();
            assertThat(p.get("type").asString()).as(key).isNotBlank();
            assertThat(p.get("description").asString()).as(key)
                    .endsWith("(Shown for the connection named \"default\"; the same keys apply under any connection name.)");
        }
        assertThat(properties.get("tortoise.config.connections.default.credentials.port").get("type").asString())
                .isEqualTo("java.lang.Integer");
        for (String key : List.of("models", "default-connection")) {
            assertThat(properties.get("tortoise.config.apps.models." + key).get("description").asString()).as(key)
                    .endsWith("(Shown for the app labelled \"models\"; the same keys apply under any app label.)");
        }
        // the maps themselves, from the processor
        assertThat(properties.get("tortoise.config.connections").get("type").asString())
                .isEqualTo("java.util.Map<java.lang.String,dev.tortoise.autoconfigure.TortoiseProperties$Connection>");
    }

    @Test
    void engineHasValueHints() throws Exception {
        JsonNode hint = byName(metadata().get("hints")).get("tortoise.config.connections.default.engine");
        List<String> values = new java.util.ArrayList<>();
        hint.get("values").forEach(v -> {
            values.add(v.get("value").asString());
            assertThat(v.get("description").asString()).isNotBlank();
        });
        assertThat(values).containsExactly("postgres", "tortoise.backends.asyncpg", "h2", "tortoise.backends.sqlite");
    }
}
