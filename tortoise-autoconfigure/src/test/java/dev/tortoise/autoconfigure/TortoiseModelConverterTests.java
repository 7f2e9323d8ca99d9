package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.autoconfigure.fixture.models.Author;
import dev.tortoise.autoconfigure.fixture.models.Book;
import dev.tortoise.modelschema.ModelSchemas;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The OpenAPI components swagger-core makes of models through {@link TortoiseModelConverter}. */
class TortoiseModelConverterTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private Tortoise orm;
    private ModelConverters converters;

    @BeforeEach
    void start() {
        orm = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(Author.class, Book.class).build());
        converters = new ModelConverters();
        converters.addConverter(new TortoiseModelConverter(ModelSchemas.of(orm.registry())));
    }

    @AfterEach
    void stop() {
        orm.close().block(TIMEOUT);
    }

    private Map<String, String> components(Class<?> type) {
        @SuppressWarnings("rawtypes")
        Map<String, Schema> all = converters.readAll(type);
        Map<String, String> out = new TreeMap<>();
        all.forEach((name, schema) -> out.put(name, Json.pretty(schema).replaceAll("\\s+", "")));
        return out;
    }

    @Test
    void aModelIsOneComponentPerSchemaWithKeysRelationsAndConstraints() {
        assertThat(components(Book.class)).containsExactly(
                Map.entry("Book", "{\"required\":[\"author_id\",\"id\",\"title\"],\"type\":\"object\",\"properties\":"
                        + "{\"id\":{\"type\":\"integer\",\"format\":\"int32\",\"readOnly\":true},"
                        + "\"title\":{\"maxLength\":100,\"type\":\"string\"},"
                        + "\"author\":{\"readOnly\":true,\"allOf\":[{\"$ref\":\"#/components/schemas/Book.author\"}]},"
                        + "\"author_id\":{\"type\":\"integer\",\"format\":\"int32\"}}}"),
                Map.entry("Book.author", "{\"required\":[\"id\",\"name\"],\"type\":\"object\",\"properties\":"
                        + "{\"id\":{\"type\":\"integer\",\"format\":\"int32\",\"readOnly\":true},"
                        + "\"name\":{\"maxLength\":100,\"type\":\"string\"}}}"));
    }

    @Test
    void aReverseRelationIsAReadOnlyArray() {
        assertThat(components(Author.class)).containsOnlyKeys("Author", "Author.books")
                .containsEntry("Author", "{\"required\":[\"id\",\"name\"],\"type\":\"object\",\"properties\":"
                        + "{\"id\":{\"type\":\"integer\",\"format\":\"int32\",\"readOnly\":true},"
                        + "\"name\":{\"maxLength\":100,\"type\":\"string\"},"
                        + "\"books\":{\"type\":\"array\",\"readOnly\":true,\"items\":"
                        + "{\"$ref\":\"#/components/schemas/Author.books\"}}}}");
    }

    @Test
    void theConverterIsRegisteredOnlyWhenSpringdocIsPresent() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TortoiseSpringDocAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TortoiseModelConverter.class));
    }
}
