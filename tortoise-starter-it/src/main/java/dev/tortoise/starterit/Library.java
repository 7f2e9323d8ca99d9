package dev.tortoise.starterit;

import dev.tortoise.ModelManager;
import dev.tortoise.starterit.models.Author;
import dev.tortoise.starterit.models.Book;
import dev.tortoise.starterit.models.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The application's writes, each one Spring transaction that the ORM's calls join. */
@Service
public class Library {
    /** What a method throws after its writes, to show that they roll back. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final ModelManager models;

    public Library(ModelManager models) {
        this.models = models;
    }

    /** Creates two authors, then fails when asked to: the transaction rolls both back. */
    @Transactional
    public Mono<List<String>> twoAuthors(String first, String second, boolean fail) {
        Mono<List<String>> created = models.of(Author.class).create("name", first)
                .then(models.of(Author.class).create("name", second))
                .then(models.of(Author.class).all().flux().map(a -> a.name).collectList());
        return fail ? created.then(Mono.error(new Refused("refused after creating " + first + " and " + second)))
                : created;
    }

    /**
     * Creates one author in the Spring transaction and one in a nested ORM {@code atomic} block (a savepoint of
     * the same transaction); a failure inside the block undoes only the block, one after it undoes both.
     */
    @Transactional
    public Mono<List<String>> nested(String outer, String inner, String failWhere) {
        Mono<Author> block = models.atomic(() -> models.of(Author.class).create("name", inner)
                .flatMap(a -> "inner".equals(failWhere) ? Mono.error(new Refused("inner block refused")) : Mono.just(a)));
        return models.of(Author.class).create("name", outer)
                .then("inner".equals(failWhere) ? block.onErrorResume(Refused.class, e -> Mono.empty()) : block)
                .then(models.of(Author.class).all().flux().map(a -> a.name).collectList())
                .flatMap(names -> "outer".equals(failWhere) ? Mono.error(new Refused("outer method refused"))
                        : Mono.just(names));
    }

    /** Creates a book with its author and tags (created when missing). */
    @Transactional
    public Mono<Book> createBook(String title, String authorName, List<String> tagNames, Map<String, Object> details) {
        return models.of(Author.class).getOrCreate(Map.of("name", authorName)).map(r -> r.instance())
                .flatMap(author -> models.of(Book.class).create("title", title, "author", author, "details", details))
                .flatMap(book -> Flux.fromIterable(tagNames)
                        .concatMap(name -> models.of(Tag.class).getOrCreate(Map.of("name", name))
                                .map(r -> r.instance()))
                        .collectList()
                        .flatMap(tags -> book.tags.add(tags))
                        .thenReturn(book));
    }
}
