package dev.tortoise.autoconfigure;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.DBConnectionError;
import dev.tortoise.exception.LockTimeoutError;
import dev.tortoise.exception.QueryTimeoutError;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.ObjectDoesNotExistError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.exception.ValidationError;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every error of a WebFlux request with RFC 9457 problem details ({@code application/problem+json}),
 * as Tortoise's FastAPI handlers do for the ORM's errors and Spring does for its own:
 * <ul>
 * <li>FieldError, ValidationError, ParamsError, ConfigurationError and UnSupportedError: 400;</li>
 * <li>DoesNotExist and ObjectDoesNotExistError: 404;</li>
 * <li>IntegrityError: 422, naming the kind of constraint and its fields ("unique on name");</li>
 * <li>DBConnectionError (also an acquire timeout or a refused connection): 503 with {@code Retry-After};</li>
 * <li>QueryTimeoutError and LockTimeoutError (a statement or lock wait past its timeout): 503 with
 * {@code Retry-After};</li>
 * <li>Spring's errors ({@link ErrorResponse}: a path variable that does not convert, an unknown route, 405,
 * 413, 415, a malformed or mistyped JSON body): their status, in our words;</li>
 * <li>anything else: 500.</li>
 * </ul>
 * A detail never holds SQL text, bind values, the database's or driver's message, a stack trace or a Java
 * class name. Server-side failures (5xx) are logged through an {@link ErrorLogThrottle}: one line per kind
 * per interval, so an outage does not write a stack trace per request. Ordered before Spring Boot's
 * {@code ErrorWebExceptionHandler} (order -1); an error after the response is committed passes on.
 */
public final class TortoiseExceptionHandler implements WebExceptionHandler, Ordered {
    private static final Log LOG = LogFactory.getLog(TortoiseExceptionHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Duration retryAfter;
    private final ErrorLogThrottle throttle;

    /** A handler answering 503 with {@code Retry-After: 5} and logging a failure kind at most every 10 s. */
    public TortoiseExceptionHandler() {
        this(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /**
     * @param retryAfter what a 503 answer's {@code Retry-After} says (whole seconds, at least one)
     * @param logInterval the shortest time between two log lines of one failure kind
     */
    public TortoiseExceptionHandler(Duration retryAfter, Duration logInterval) {
        this(retryAfter, new ErrorLogThrottle(LOG, logInterval));
    }

    TortoiseExceptionHandler(Duration retryAfter, ErrorLogThrottle throttle) {
        this.retryAfter = retryAfter;
        this.throttle = throttle;
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        Problem problem = problem(ex);
        if (problem.status().is5xxServerError()) {
            String kind = problem.status().value() + " " + problem.logKind();
            throttle.report(kind, "Answered " + exchange.getRequest().getMethod() + " "
                    + exchange.getRequest().getPath().value() + " with " + problem.status().value() + ": "
                    + problem.logKind() + ": " + ex.getMessage(), ex, problem.status().value() != 503);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.detail().getTitle());
        body.put("status", problem.status().value());
        body.put("detail", problem.detail().getDetail());
        body.put("instance", exchange.getRequest().getPath().value());
        if (problem.detail().getProperties() != null) {
            body.putAll(problem.detail().getProperties());
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponse().setStatusCode(problem.status());
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        problem.headers().forEach((name, values) -> headers.put(name, values));
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(bytes);
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }

    /** What to answer: the status, the problem detail (title, detail, extra properties), headers, a log key. */
    record Problem(HttpStatusCode status, ProblemDetail detail, HttpHeaders headers, String logKind) {
    }

    /** The answer to {@code ex}. */
    Problem problem(Throwable ex) {
        BaseORMException orm = find(ex);
        if (orm != null) {
            return ormProblem(orm);
        }
        if (has(ex, TimeoutException.class) || has(ex, java.net.ConnectException.class)) {
            return unavailable("connection");
        }
        ErrorResponse spring = first(ex, ErrorResponse.class);
        if (spring != null) {
            return springProblem(spring, ex);
        }
        JacksonException json = first(ex, JacksonException.class);
        if (json != null || has(ex, CodecException.class)) {
            return problem(HttpStatus.BAD_REQUEST, bodyDetail(json), "body");
        }
        if (has(ex, DataBufferLimitException.class)) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the server accepts",
                    "body");
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request",
                ex.getClass().getSimpleName());
    }

    private Problem ormProblem(BaseORMException orm) {
        String kind = orm.getClass().getSimpleName();
        if (orm instanceof DoesNotExist || orm instanceof ObjectDoesNotExistError) {
            return problem(HttpStatus.NOT_FOUND, safe(orm), kind);
        }
        if (orm instanceof IntegrityError integrity) {
            Problem p = problem(HttpStatus.UNPROCESSABLE_CONTENT, describe(integrity), kind);
            p.detail().setTitle("Integrity Error");
            p.detail().setProperty("constraint", integrity.kind().name().toLowerCase(Locale.ROOT));
            if (!integrity.fields().isEmpty()) {
                p.detail().setProperty("fields", integrity.fields());
            }
            return p;
        }
        if (orm instanceof DBConnectionError) {
            return unavailable(kind);
        }
        if (orm instanceof QueryTimeoutError || orm instanceof LockTimeoutError) {
            // transient: the statement ran past its timeout, or waited past the lock timeout, and changed nothing
            Problem p = unavailable(kind);
            p.detail().setDetail("The database did not answer in time; try again shortly");
            return p;
        }
        if (orm instanceof FieldError || orm instanceof ValidationError || orm instanceof ParamsError
                || orm instanceof ConfigurationError || orm instanceof UnSupportedError) {
            String detail = fromDatabase(orm) ? "The database refused a value of the request" : safe(orm);
            return problem(HttpStatus.BAD_REQUEST, detail, kind);
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request", kind);
    }

    private Problem unavailable(String kind) {
        Problem p = problem(HttpStatus.SERVICE_UNAVAILABLE, "The database is unavailable; try again shortly", kind);
        p.headers().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return p;
    }

    private Problem springProblem(ErrorResponse error, Throwable ex) {
        HttpStatusCode status = error.getStatusCode();
        String detail;
        if (error instanceof MethodNotAllowedException m) {
            detail = "Method " + m.getHttpMethod() + " is not allowed here; allowed: "
                    + String.join(", ", m.getSupportedMethods().stream().map(Object::toString).sorted().toList());
        } else if (error instanceof UnsupportedMediaTypeStatusException u) {
            detail = "Content type " + (u.getContentType() == null ? "(none)" : "'" + u.getContentType() + "'")
                    + " is not supported here; use " + MediaType.APPLICATION_JSON;
        } else if (error instanceof NotAcceptableStatusException) {
            detail = "None of the accepted media types can be produced; this endpoint produces "
                    + MediaType.APPLICATION_JSON;
        } else if (status.value() == 414) {
            detail = "The request URI is longer than the server accepts";
        } else if (status.value() == 413) {
            detail = "The request body is larger than the server accepts";
        } else if (status.value() == 404) {
            detail = "Nothing is found at this path";
        } else if (error instanceof MissingRequestValueException missing) {
            detail = "Missing " + missing.getLabel() + " '" + missing.getName() + "'";
        } else if (error instanceof ServerWebInputException input) {
            detail = inputDetail(input, ex);
        } else {
            HttpStatus known = HttpStatus.resolve(status.value());
            detail = known == null ? "The request failed" : known.getReasonPhrase();
        }
        Problem p = problem(status, detail, "spring");
        // Allow, Accept and the like, as Spring sets them for the error (never a body or a message)
        p.headers().putAll(error.getHeaders());
        return p;
    }

    private static String inputDetail(ServerWebInputException input, Throwable ex) {
        TypeMismatchException mismatch = first(ex, TypeMismatchException.class);
        if (mismatch != null) {
            String name = mismatch.getPropertyName();
            if (name == null && input.getMethodParameter() != null) {
                name = input.getMethodParameter().getParameterName();
            }
            return "Value '" + dev.tortoise.field.FieldType.shown(mismatch.getValue()) + "' of parameter '" + name
                    + "' is not " + expected(mismatch.getRequiredType());
        }
        JacksonException json = first(ex, JacksonException.class);
        if (json != null || has(ex, CodecException.class)) {
            return bodyDetail(json);
        }
        if (has(ex, DataBufferLimitException.class)) {
            return "The request body is larger than the server accepts";
        }
        String reason = input.getReason();
        return reason == null || reason.isBlank() ? "The request is not valid" : reason;
    }

    /** A body that could not be read: malformed JSON (where), or a value of the wrong type (at which key). */
    private static String bodyDetail(JacksonException json) {
        if (json == null) {
            return "The request body could not be read as JSON";
        }
        if (json instanceof StreamReadException) {
            TokenStreamLocation at = json.getLocation();
            return "The request body is not valid JSON" + (at == null || at.getLineNr() < 0 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        List<String> path = new ArrayList<>();
        for (JacksonException.Reference r : json.getPath()) {
            path.add(r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]");
        }
        return path.isEmpty() ? "The request body does not have the expected shape"
                : "The request body has a value of the wrong type at '" + String.join(".", path) + "'";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the expected type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "of the expected type";
    }

    private static Problem problem(HttpStatusCode status, String detail, String logKind) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        HttpStatus known = HttpStatus.resolve(status.value());
        pd.setTitle(known == null ? "Error" : known.getReasonPhrase());
        return new Problem(status, pd, new HttpHeaders(), logKind);
    }

    /** How an IntegrityError reads to a client: the kind of constraint and its fields, never values or SQL. */
    static String describe(IntegrityError e) {
        String fields = String.join(", ", e.fields());
        String what = switch (e.kind()) {
            case UNIQUE -> "unique" + (fields.isEmpty() ? "" : " on " + fields);
            case FOREIGN_KEY -> "foreign key" + (fields.isEmpty() ? "" : " " + fields);
            case NOT_NULL -> "not null" + (fields.isEmpty() ? "" : " on " + fields);
            case CHECK -> "check" + (fields.isEmpty() ? "" : " on " + fields);
            case OTHER -> null;
        };
        return what == null ? "The request violates a database constraint"
                : "The request violates a database constraint: " + what;
    }

    /** The ORM error in the cause chain; null for any other error. */
    static BaseORMException find(Throwable ex) {
        return first(ex, BaseORMException.class);
    }

    private static <T> T first(Throwable ex, Class<T> type) {
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean has(Throwable ex, Class<?> type) {
        return first(ex, type) != null;
    }

    /** Whether the error came from the database (its message would then be the database's, not ours). */
    private static boolean fromDatabase(BaseORMException e) {
        return has(e, R2dbcException.class);
    }

    /** The message without the SQL text the exception may carry. */
    static String safe(BaseORMException e) {
        String message = e.getMessage() == null ? "The request failed" : e.getMessage();
        String sql = e.sql();
        if (sql != null && !sql.isEmpty()) {
            int at = message.indexOf(sql);
            if (at >= 0) {
                message = message.substring(0, at).trim();
            }
        }
        return message;
    }
}
