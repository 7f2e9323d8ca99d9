package dev.tortoise.autoconfigure;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.ValidationError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers ORM errors with RFC 9457 problem details ({@code application/problem+json}), as Tortoise's FastAPI
 * handlers do: DoesNotExist is 404, IntegrityError 422, ValidationError, FieldError and ParamsError 400 (also
 * when they arrive wrapped, e.g. from reading a request body). A detail never holds SQL text or bind values:
 * IntegrityError's driver message can quote the offending values, so its detail is a fixed sentence.
 * Runs before Spring Boot's default error handler; any other error passes on to it.
 */
public final class TortoiseExceptionHandler implements WebExceptionHandler, Ordered {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        BaseORMException orm = find(ex);
        if (orm == null || exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatus status;
        String title;
        String detail;
        if (orm instanceof DoesNotExist) {
            status = HttpStatus.NOT_FOUND;
            title = "Not Found";
            detail = safe(orm);
        } else if (orm instanceof IntegrityError) {
            status = HttpStatus.UNPROCESSABLE_CONTENT;
            title = "Integrity Error";
            detail = "The request violates a database constraint (unique, foreign key, not null or check)";
        } else {
            status = HttpStatus.BAD_REQUEST;
            title = "Bad Request";
            detail = safe(orm);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("error", orm.getClass().getSimpleName());
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(bytes);
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }

    /** The ORM error this handler answers, found in the cause chain; null for any other error. */
    static BaseORMException find(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DoesNotExist || t instanceof IntegrityError || t instanceof ValidationError
                    || t instanceof FieldError || t instanceof ParamsError) {
                return (BaseORMException) t;
            }
        }
        return null;
    }

    /** The message without the SQL text the exception may carry. */
    static String safe(BaseORMException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
