package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.DBConnectionError;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.MultipleObjectsReturned;
import dev.tortoise.exception.ObjectDoesNotExistError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.exception.ValidationError;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error is answered with problem details and a status; no detail carries SQL text, bind values, the
 * database's message, a stack trace or a Java class name; server-side failures are logged once per kind
 * per interval.
 */
class TortoiseExceptionHandlerTests {
    private final TortoiseExceptionHandler handler = new TortoiseExceptionHandler();

    private MockServerWebExchange handle(Throwable error) {
        return handle(handler, error);
    }

    private static MockServerWebExchange handle(TortoiseExceptionHandler handler, Throwable error) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/things/1"));
        StepVerifier.create(handler.handle(exchange, error)).expectComplete().verify(Duration.ofSeconds(5));
        return exchange;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(MockServerWebExchange exchange) {
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String text = exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5));
        return JsonMapper.builder().build().readValue(text, Map.class);
    }

    @Test
    void doesNotExistIs404() {
        MockServerWebExchange ex = handle(new DoesNotExist("Thing"));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(body(ex)).isEqualTo(Map.of("type", "about:blank", "title", "Not Found", "status", 404,
                "detail", "Object \"Thing\" does not exist", "instance", "/things/1"));
    }

    @Test
    void everyOrmErrorHasAStatus() {
        Map<BaseORMException, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put(new FieldError("Unknown filter param 'colour'"), 400);
        cases.put(new ValidationError("name: too long"), 400);
        cases.put(new ParamsError("Parameter 'limit' must be a non-negative integer"), 400);
        cases.put(new ConfigurationError("You can't set m2m relations through init, use m2m_manager instead"), 400);
        cases.put(new UnSupportedError("The search lookup (full-text search) is not supported by the h2 dialect"),
                400);
        cases.put(new ObjectDoesNotExistError("Thing", "id", 3), 404);
        cases.put(new IntegrityError("duplicate"), 422);
        cases.put(new DBConnectionError("Connection refused"), 503);
        cases.put(new MultipleObjectsReturned("Thing"), 500);
        cases.put(new OperationalError("relation \"thing\" does not exist"), 500);
        cases.forEach((error, status) -> {
            MockServerWebExchange ex = handle(error);
            assertThat(ex.getResponse().getStatusCode().value()).as("%s", error).isEqualTo(status);
            Map<String, Object> body = body(ex);
            assertThat(body.get("status")).isEqualTo(status);
            if (status == 400 || status == 404) {
                assertThat(body.get("detail")).isEqualTo(error.getMessage());
            }
        });
        assertThat(body(handle(new OperationalError("relation \"thing\" does not exist"))).get("detail"))
                .isEqualTo("The server could not complete the request");
        for (BaseORMException timeout : List.of(
                new dev.tortoise.exception.QueryTimeoutError("canceling statement due to statement timeout (500 ms)"),
                new dev.tortoise.exception.LockTimeoutError("Timeout trying to lock table \"THING\"", null))) {
            MockServerWebExchange ex = handle(timeout);
            assertThat(ex.getResponse().getStatusCode()).as("%s", timeout).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(ex.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(body(ex).get("detail")).isEqualTo("The database did not answer in time; try again shortly");
        }
    }

    @Test
    void integrityErrorIs422NamingTheConstraintKindAndFieldsWithoutTheDriverMessageOrSql() {
        BaseORMException e = new IntegrityError("duplicate key value violates unique constraint \"thing_name_key\" "
                + "Detail: Key (name)=(Secret) already exists.", null, IntegrityError.Kind.UNIQUE, "Thing",
                List.of("name"), "thing_name_key").withSql("INSERT INTO \"thing\" (\"name\") VALUES ($1)");
        MockServerWebExchange ex = handle(e);
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(ex)).isEqualTo(Map.of("type", "about:blank", "title", "Integrity Error", "status", 422,
                "detail", "The request violates a database constraint: unique on name", "instance", "/things/1",
                "constraint", "unique", "fields", List.of("name")));
        assertThat(TortoiseExceptionHandler.describe(new IntegrityError("x", null, IntegrityError.Kind.FOREIGN_KEY,
                "Book", List.of("author_id"), "fk_book"))).isEqualTo(
                "The request violates a database constraint: foreign key author_id");
        assertThat(TortoiseExceptionHandler.describe(new IntegrityError("x", null, IntegrityError.Kind.NOT_NULL,
                "Book", List.of("title"), null))).isEqualTo("The request violates a database constraint: not null "
                + "on title");
        assertThat(TortoiseExceptionHandler.describe(new IntegrityError("x")))
                .isEqualTo("The request violates a database constraint");
    }

    @Test
    void aDatabaseOutageIs503WithRetryAfter() {
        for (Throwable e : List.of(new DBConnectionError("Connection refused: /127.0.0.1:5432",
                        new R2dbcNonTransientResourceException("Connection refused")),
                new DBConnectionError("Timed out acquiring a database connection"),
                new RuntimeException(new TimeoutException("Did not observe any item or terminal signal within 30000ms")))) {
            MockServerWebExchange ex = handle(new TortoiseExceptionHandler(Duration.ofSeconds(7), Duration.ofSeconds(1)),
                    e);
            assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(ex.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("7");
            assertThat(body(ex).get("detail")).isEqualTo("The database is unavailable; try again shortly");
        }
    }

    @Test
    void anErrorTheDatabaseRaisedKeepsItsStatusButNotItsMessage() {
        BaseORMException e = new ValidationError("invalid byte sequence for encoding \"UTF8\": 0x00",
                new R2dbcDataIntegrityViolationException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))
                .withSql("SELECT 1");
        Map<String, Object> body = body(handle(e));
        assertThat(body.get("status")).isEqualTo(400);
        assertThat(body.get("detail")).isEqualTo("The database refused a value of the request");
    }

    @Test
    void sqlAppendedToAMessageIsCutOff() {
        BaseORMException e = new FieldError("Bad field 'x' in SELECT \"a\" FROM \"t\" WHERE \"b\"=$1")
                .withSql("SELECT \"a\" FROM \"t\" WHERE \"b\"=$1");
        assertThat(body(handle(e)).get("detail")).isEqualTo("Bad field 'x' in");
    }

    @Test
    void wrappedErrorsAreFoundInTheCauseChain() {
        MockServerWebExchange ex = handle(new ServerWebInputException("Failed to read HTTP message", null,
                new RuntimeException(new FieldError("Unknown field 'colour'"))));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(ex).get("detail")).isEqualTo("Unknown field 'colour'");
    }

    @Test
    void springsOwnErrorsAreProblemDetailsInOurWords() throws Exception {
        MockServerWebExchange ex = handle(new MethodNotAllowedException(HttpMethod.PATCH,
                Set.of(HttpMethod.GET, HttpMethod.POST)));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(ex.getResponse().getHeaders().getAllow()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);
        assertThat(body(ex).get("detail")).isEqualTo("Method PATCH is not allowed here; allowed: GET, POST");

        ex = handle(new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(body(ex).get("detail")).isEqualTo("Content type 'text/plain' is not supported here; use "
                + "application/json");

        ex = handle(new NoResourceFoundException(java.net.URI.create("/nowhere"), "nowhere"));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(body(ex).get("detail")).isEqualTo("Nothing is found at this path");

        ex = handle(new PayloadTooLargeException(null));
        assertThat(ex.getResponse().getStatusCode().value()).isEqualTo(413);
        assertThat(body(ex).get("detail")).isEqualTo("The request body is larger than the server accepts");

        MethodParameter id = new MethodParameter(Sample.class.getDeclaredMethod("get", int.class), 0);
        ex = handle(new ServerWebInputException("Type mismatch.", id, new TypeMismatchException("1.5", int.class)));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(ex).get("detail")).isIn("Value '1.5' of parameter 'id' is not an integer",
                "Value '1.5' of parameter 'arg0' is not an integer");
    }

    @Test
    void malformedOrMistypedJsonBodiesAreProblemDetailsWithoutParserText() {
        JsonMapper json = JsonMapper.builder().build();
        Throwable malformed = catching(() -> json.readValue("{\"name\": ", Map.class));
        Map<String, Object> body = body(handle(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error: " + malformed.getMessage(), malformed))));
        assertThat(body.get("status")).isEqualTo(400);
        assertThat((String) body.get("detail")).startsWith("The request body is not valid JSON (line 1, column ");

        Throwable mistyped = catching(() -> json.readValue("{\"n\": {\"x\": [1]}}", Wrapper.class));
        body = body(handle(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error", mistyped))));
        assertThat(body.get("detail")).isEqualTo("The request body has a value of the wrong type at 'n.x'");
    }

    @Test
    void anyOtherErrorIs500WithoutItsMessageOrType() {
        Map<String, Object> body = body(handle(new IllegalStateException("secret internals at com.example.Foo")));
        assertThat(body).isEqualTo(Map.of("type", "about:blank", "title", "Internal Server Error", "status", 500,
                "detail", "The server could not complete the request", "instance", "/things/1"));
    }

    @Test
    void serverSideFailuresAreLoggedOncePerKindPerInterval() {
        Log log = mock(Log.class);
        AtomicLong now = new AtomicLong();
        ErrorLogThrottle throttle = new ErrorLogThrottle(log, Duration.ofSeconds(10), now::get);
        TortoiseExceptionHandler h = new TortoiseExceptionHandler(Duration.ofSeconds(5), throttle);
        for (int i = 0; i < 1_000; i++) {
            handle(h, new DBConnectionError("Connection refused"));
            handle(h, new FieldError("Unknown filter param 'x'"));
            now.addAndGet(Duration.ofMillis(15).toNanos());
        }
        // 15 s in all: the first line, then one more after 10 s carrying the count of those in between
        verify(log, times(1)).warn(eq("Answered GET /things/1 with 503: DBConnectionError: Connection refused"));
        verify(log, times(1)).warn(eq("Answered GET /things/1 with 503: DBConnectionError: Connection refused "
                + "(666 more like it since the last report)"));
        verify(log, times(2)).warn(anyString());
        verify(log, never()).error(any(), any());
        handle(h, new IllegalStateException("boom"));
        handle(h, new IllegalStateException("boom"));
        verify(log, times(1)).error(eq("Answered GET /things/1 with 500: IllegalStateException: boom"),
                any(IllegalStateException.class));
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    static class Wrapper {
        public Map<String, Integer> n;
    }

    static class Sample {
        void get(int id) {
        }
    }
}
