package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.autoconfigure.fixture.models.Author;
import dev.tortoise.autoconfigure.fixture.models.Book;
import dev.tortoise.exception.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The model JSON shape: fields by name, the FK key, fetched relations nested, unfetched ones left out. */
class TortoiseJacksonModuleTests {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private Tortoise orm;
    private JsonMapper json;

    @BeforeEach
    void start() {
        orm = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(Author.class, Book.class).build());
        orm.generateSchemas(true).block(TIMEOUT);
        json = JsonMapper.builder().addModule(new TortoiseJacksonModule(orm::registry)).build();
    }

    @AfterEach
    void stop() {
        orm.close().block(TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(Object value) {
        return json.readValue(json.writeValueAsString(value), Map.class);
    }

    @Test
    void unfetchedForeignKeyIsItsKeyAndUnfetchedReverseRelationIsLeftOut() {
        Author a = orm.of(Author.class).create("name", "Le Guin").block(TIMEOUT);
        Book b = orm.of(Book.class).create("title", "Earthsea", "author", a).block(TIMEOUT);
        Book loaded = orm.of(Book.class).get("id", b.id).block(TIMEOUT);
        assertThat(tree(loaded)).containsOnlyKeys("id", "title", "author_id")
                .containsEntry("author_id", a.id).containsEntry("title", "Earthsea");
        assertThat(tree(orm.of(Author.class).get("id", a.id).block(TIMEOUT))).containsOnlyKeys("id", "name");
    }

    @Test
    @SuppressWarnings("unchecked")
    void fetchedRelationsAreNested() {
        Author a = orm.of(Author.class).create("name", "Le Guin").block(TIMEOUT);
        orm.of(Book.class).create("title", "Earthsea", "author", a).block(TIMEOUT);
        Book book = orm.of(Book.class).all().prefetchRelated("author").first().block(TIMEOUT);
        Map<String, Object> t = tree(book);
        assertThat((Map<String, Object>) t.get("author")).containsEntry("name", "Le Guin");
        assertThat(t).containsEntry("author_id", a.id);
        Author withBooks = orm.of(Author.class).all().prefetchRelated("books").first().block(TIMEOUT);
        List<Map<String, Object>> books = (List<Map<String, Object>>) tree(withBooks).get("books");
        assertThat(books).extracting(m -> m.get("title")).containsExactly("Earthsea");
    }

    @Test
    void annotationsAreIncluded() {
        Author a = orm.of(Author.class).create("name", "Le Guin").block(TIMEOUT);
        orm.of(Book.class).create("title", "Earthsea", "author", a).block(TIMEOUT);
        orm.of(Book.class).create("title", "Lathe", "author", a).block(TIMEOUT);
        Author counted = orm.of(Author.class).all()
                .annotate("books_count", dev.tortoise.expression.Functions.count("books")).first().block(TIMEOUT);
        assertThat(tree(counted)).containsEntry("books_count", 2).containsEntry("name", "Le Guin");
    }

    @Test
    void aListOfModelsIsAnArray() {
        orm.of(Author.class).create("name", "A").block(TIMEOUT);
        orm.of(Author.class).create("name", "B").block(TIMEOUT);
        String text = json.writeValueAsString(orm.of(Author.class).all().orderBy("name").toList().block(TIMEOUT));
        assertThat(text).matches("\\[\\{\"id\":\\d+,\"name\":\"A\"},\\{\"id\":\\d+,\"name\":\"B\"}]");
    }

    @Test
    void deserializesByFieldNameIncludingTheForeignKeyKey() {
        Author a = orm.of(Author.class).create("name", "Le Guin").block(TIMEOUT);
        Book b = json.readValue("{\"title\": \"Earthsea\", \"author_id\": " + a.id + "}", Book.class);
        assertThat(b.title).isEqualTo("Earthsea");
        assertThat(b.author.id()).isEqualTo(a.id);
        Book saved = orm.create(b).block(TIMEOUT);
        assertThat(orm.of(Book.class).get("id", saved.id).block(TIMEOUT).author.id()).isEqualTo(a.id);
    }

    @Test
    void aNestedRelatedObjectIsRefusedNamingTheKeyToSet() {
        assertThatThrownBy(() -> json.readValue("{\"title\": \"Earthsea\", \"author\": {\"id\": 7}}", Book.class))
                .satisfies(e -> assertThat(TortoiseExceptionHandler.find(e)).isExactlyInstanceOf(FieldError.class)
                        .hasMessage("Field 'author' of Book is read-only: a relation is set through its key "
                                + "'author_id'"));
    }

    @Test
    void aGeneratedKeyAndValuesOfTheWrongJsonTypeAreRefused() {
        assertThatThrownBy(() -> json.readValue("{\"id\": 5, \"title\": \"x\"}", Book.class))
                .satisfies(e -> assertThat(TortoiseExceptionHandler.find(e)).isExactlyInstanceOf(FieldError.class)
                        .hasMessage("Field 'id' of Book is read-only: the database generates it"));
        assertThatThrownBy(() -> json.readValue("{\"title\": 12345}", Book.class))
                .satisfies(e -> assertThat(TortoiseExceptionHandler.find(e))
                        .isExactlyInstanceOf(dev.tortoise.exception.ValidationError.class)
                        .hasMessage("title: expected a JSON string, got the number 12345"));
        assertThatThrownBy(() -> json.readValue("{\"name\": false}", Author.class))
                .satisfies(e -> assertThat(TortoiseExceptionHandler.find(e))
                        .isExactlyInstanceOf(dev.tortoise.exception.ValidationError.class)
                        .hasMessage("name: expected a JSON string, got the boolean false"));
    }

    @Test
    void unknownKeyIsAFieldErrorNamingIt() {
        assertThatThrownBy(() -> json.readValue("{\"title\": \"x\", \"isbn\": \"1\"}", Book.class))
                .satisfies(e -> assertThat(TortoiseExceptionHandler.find(e)).isInstanceOf(FieldError.class)
                        .hasMessageContaining("\"isbn\""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void toMapHasTheKeysOfTheJsonInTheSameOrder() {
        Author a = orm.of(Author.class).create("name", "Le Guin").block(TIMEOUT);
        orm.of(Book.class).create("title", "Earthsea", "author", a).block(TIMEOUT);
        Book plain = orm.of(Book.class).all().first().block(TIMEOUT);
        assertThat(List.copyOf(plain.toMap().keySet())).isEqualTo(List.copyOf(tree(plain).keySet()));
        Book book = orm.of(Book.class).all().prefetchRelated("author").first().block(TIMEOUT);
        assertThat(List.copyOf(book.toMap().keySet())).isEqualTo(List.copyOf(tree(book).keySet()));
        assertThat(((Map<String, Object>) book.toMap().get("author")).keySet())
                .containsExactlyElementsOf(((Map<String, Object>) tree(book).get("author")).keySet());
        Author counted = orm.of(Author.class).all().prefetchRelated("books")
                .annotate("books_count", dev.tortoise.expression.Functions.count("books")).first().block(TIMEOUT);
        assertThat(List.copyOf(counted.toMap().keySet())).isEqualTo(List.copyOf(tree(counted).keySet()))
                .containsExactly("id", "name", "books", "books_count");
        assertThat(counted.toMap()).containsEntry("name", "Le Guin");
        assertThat(((Number) counted.toMap().get("books_count")).intValue()).isEqualTo(1);
    }
}
