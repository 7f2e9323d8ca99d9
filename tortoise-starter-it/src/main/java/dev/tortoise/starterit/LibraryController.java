package dev.tortoise.starterit;

import dev.tortoise.ModelManager;
import dev.tortoise.starterit.models.Author;
import dev.tortoise.starterit.models.Book;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The HTTP API of the library: reads straight through {@link ModelManager}, writes through {@link Library}. */
@RestController
public class LibraryController {
    /** Two authors to create. */
    public record Pair(String first, String second) {
    }

    /** A book as the API takes and gives it. */
    public record BookBody(Integer id, String title, String author, List<String> tags, Map<String, Object> details) {
    }

    private final ModelManager models;
    private final Library library;

    public LibraryController(ModelManager models, Library library) {
        this.models = models;
        this.library = library;
    }

    @GetMapping("/authors")
    Mono<List<String>> authors() {
        return models.of(Author.class).all().flux().map(a -> a.name).collectList();
    }

    @PostMapping("/authors/pair")
    Mono<ResponseEntity<List<String>>> pair(@RequestBody Pair pair, @RequestParam(defaultValue = "false") boolean fail) {
        return refusedAsConflict(library.twoAuthors(pair.first(), pair.second(), fail));
    }

    @PostMapping("/authors/nested")
    Mono<ResponseEntity<List<String>>> nested(@RequestBody Pair pair, @RequestParam(defaultValue = "none") String fail) {
        return refusedAsConflict(library.nested(pair.first(), pair.second(), fail));
    }

    @PostMapping("/books")
    Mono<ResponseEntity<BookBody>> createBook(@RequestBody BookBody body) {
        return library.createBook(body.title(), body.author(), body.tags() == null ? List.of() : body.tags(),
                        body.details())
                .flatMap(book -> read(book.id))
                .map(b -> ResponseEntity.status(HttpStatus.CREATED).body(b));
    }

    /**
     * Book titles filtered by Tortoise lookups taken straight from the query string ({@code ?title__icontains=x}),
     * ordered by {@code order_by}: a bad key or value is the ORM's error, which the starter answers as a problem.
     */
    @GetMapping("/books")
    Mono<List<String>> books(@RequestParam Map<String, String> query) {
        Map<String, String> lookups = new java.util.LinkedHashMap<>(query);
        String orderBy = lookups.remove("order_by");
        var books = models.of(Book.class).filter(lookups);
        if (orderBy != null) {
            books = books.orderBy(orderBy.split(","));
        }
        return books.flux().map(b -> b.title).collectList();
    }

    /** Creates one author from the body's key/value pairs, as given: unknown keys and bad values are refused. */
    @PostMapping("/authors")
    Mono<ResponseEntity<String>> createAuthor(@RequestBody Map<String, Object> body) {
        return models.of(Author.class).create(body).map(a -> ResponseEntity.status(HttpStatus.CREATED).body(a.name));
    }

    @GetMapping("/books/{id}")
    Mono<BookBody> book(@PathVariable int id) {
        return read(id);
    }

    private Mono<BookBody> read(int id) {
        return models.of(Book.class).filter("id", id).prefetchRelated("author", "tags").get()
                .map(b -> new BookBody(b.id, b.title, b.author.get().name,
                        b.tags.list().stream().map(t -> t.name).toList(), b.details));
    }

    private static Mono<ResponseEntity<List<String>>> refusedAsConflict(Mono<List<String>> work) {
        return work.map(ResponseEntity::ok)
                .onErrorResume(Library.Refused.class, e -> Mono.just(ResponseEntity.status(HttpStatus.CONFLICT).build()));
    }
}
