package dev.tortoise.autoconfigure;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Reactor Netty answers two kinds of bad request itself, before WebFlux sees them, with an empty body: a
 * request line longer than its limit (414) and a URI that does not parse, such as a bad percent-encoding
 * ({@code ?name=%zz}, 400). This raises Netty's request-line limit to four times {@code tortoise.web.max-uri-length}
 * (never lowering a larger {@code server.netty.max-initial-line-length}), so that {@link UriLengthFilter}
 * answers long URIs in problem details, and gives the 400 of an unparsable URI a problem-details body. Ordered
 * after Spring Boot's own Netty customizer, whose request-line limit it builds on.
 */
final class NettyProblemDetails implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {
    private final int maxUriLength;

    NettyProblemDetails(int maxUriLength) {
        this.maxUriLength = maxUriLength;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        int limit = (int) Math.min(Integer.MAX_VALUE, 4L * maxUriLength);
        factory.addServerCustomizers(server -> server
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(Math.max(spec.maxInitialLineLength(), limit)))
                .mapHandle((handled, connection) -> handled.then(Mono.defer(() -> badUri(connection)))));
    }

    /** A problem-details body for the 400 Netty's adapter set, unsent, for a URI it could not parse. */
    private static Mono<Void> badUri(Object connection) {
        if (!(connection instanceof HttpServerResponse response) || response.hasSentHeaders()
                || response.status().code() != 400 || response.responseHeaders().contains("Content-Type")) {
            return Mono.empty();
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"The request URI is not valid (a bad percent-encoding or character)\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.header("Content-Type", "application/problem+json");
        response.header("Content-Length", Integer.toString(bytes.length));
        return response.sendByteArray(Mono.just(bytes)).then();
    }
}
