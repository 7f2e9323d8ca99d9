package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.ValidationError;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.test.StepVerifier;

/** Problem details for ORM errors, never with SQL text or bind values. */
class TortoiseExceptionHandlerTests {
    private final TortoiseExceptionHandler handler = new TortoiseExceptionHandler();

    private MockServerWebExchange handle(Throwable error) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/things/1"));
        StepVerifier.create(handler.handle(exchange, error)).expectComplete().verify(Duration.ofSeconds(5));
        return exchange;
    }

    private static String body(MockServerWebExchange exchange) {
        return exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5));
    }

    @Test
    void doesNotExistIs404() {
        MockServerWebExchange ex = handle(new DoesNotExist("Thing"));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ex.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(ex)).contains("\"status\":404", "Object \\\"Thing\\\" does not exist", "\"instance\":\"/things/1\"");
    }

    @Test
    void integrityErrorIs422WithoutTheDriverMessageOrSql() {
        BaseORMException e = new IntegrityError("duplicate key value violates unique constraint \"thing_name_key\" "
                + "Detail: Key (name)=(Secret) already exists.").withSql("INSERT INTO \"thing\" (\"name\") VALUES ($1)");
        MockServerWebExchange ex = handle(e);
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(ex)).contains("\"status\":422").doesNotContain("Secret", "INSERT", "thing_name_key");
    }

    @Test
    void validationFieldAndParamsErrorsAre400() {
        for (BaseORMException e : new BaseORMException[] {new ValidationError("name: too long"),
                new FieldError("Unknown field 'colour'"), new ParamsError("limit must be an integer")}) {
            MockServerWebExchange ex = handle(e);
            assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(body(ex)).contains(e.getMessage().replace("'", "'"));
        }
    }

    @Test
    void sqlAppendedToAMessageIsCutOff() {
        BaseORMException e = new FieldError("Bad field 'x' in SELECT \"a\" FROM \"t\" WHERE \"b\"=$1")
                .withSql("SELECT \"a\" FROM \"t\" WHERE \"b\"=$1");
        assertThat(body(handle(e))).contains("Bad field 'x' in").doesNotContain("SELECT");
    }

    @Test
    void wrappedErrorsAreFoundInTheCauseChain() {
        MockServerWebExchange ex = handle(new ServerWebInputException("Failed to read HTTP message", null,
                new RuntimeException(new FieldError("Unknown field 'colour'"))));
        assertThat(ex.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(ex)).contains("'colour'");
    }

    @Test
    void otherErrorsPassThrough() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
        StepVerifier.create(handler.handle(exchange, new OperationalError("connection refused")))
                .expectError(OperationalError.class).verify(Duration.ofSeconds(5));
    }
}
