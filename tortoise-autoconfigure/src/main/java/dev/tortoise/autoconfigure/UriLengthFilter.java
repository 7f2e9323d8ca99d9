package dev.tortoise.autoconfigure;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose URI (path and query, as sent) is longer than the limit with 414, which the
 * exception handler answers with problem details; Netty would answer an over-long request line itself,
 * with an empty body.
 */
final class UriLengthFilter implements WebFilter {
    private final int maxLength;

    UriLengthFilter(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        java.net.URI uri = exchange.getRequest().getURI();
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        long length = (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
        if (length > maxLength) {
            return Mono.error(new ResponseStatusException(HttpStatus.URI_TOO_LONG,
                    "The request URI is longer than the server accepts (" + maxLength + " characters)"));
        }
        return chain.filter(exchange);
    }
}
