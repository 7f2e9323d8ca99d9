package dev.tortoise.autoconfigure;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Starts the handling of every request on Reactor Netty in a task of its own on the connection's event loop, so
 * that a kept-alive connection always goes on reading its next request.
 *
 * <p>Why: Reactor Netty 1.3.6 and 1.3.7 stop reading a kept-alive HTTP/1.1 connection in this sequence
 * (<a href="https://github.com/reactor/reactor-netty/issues/4361">reactor-netty#4361</a>, fixed in 1.3.8,
 * whose {@code HttpTrafficHandler.run} asks for the next read when its queue drains; analysis in
 * <a href="https://github.com/reactor/reactor-netty/pull/4347">reactor-netty#4347</a>):
 * <ol>
 * <li>a response is finished off the event loop (a query's answer on a driver or bounded-elastic thread), the
 * client reads it and sends its next request before the server has let go of the first one: the server buffers
 * that request and its trailing empty content ("Buffering keep-alive request, previous ops not yet
 * terminated");</li>
 * <li>when the first exchange ends, Netty's handler dispatches the buffered request from its queue; if that
 * request is answered synchronously, on the spot, which every refusal before database work is (a bad filter key,
 * an unknown route, 413, 415), its end re-enters the handler while the trailing content is still queued: a second
 * drain is scheduled, the first drains the content, the second finds the queue empty and returns;</li>
 * <li>nobody asks the channel to read again, and the idle timeout is not armed: the client's next request is
 * never read. It waits for the client's timeout, with no log line on the server.</li>
 * </ol>
 * Handling the request in a later event-loop task takes away the re-entry: the drain finishes with an empty queue,
 * then the request is handled, its exchange ends and Netty asks for the next read as usual. Deferring only the
 * handler's completion is not enough: Reactor Netty ends the exchange as soon as a single-buffer body (every
 * problem-details answer) is written, before the handler completes. The cost is one event-loop task per request.
 * Remove this once the Reactor Netty that Spring Boot manages is 1.3.8 or later.
 */
final class KeepAliveReadGuard implements HttpHandlerDecoratorFactory {

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> {
            Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
            if (!(nativeRequest instanceof Connection connection)) {
                return handler.handle(request, response);
            }
            // not trampolined: the handling always starts in a new task on the connection's event loop
            return Mono.defer(() -> handler.handle(request, response))
                    .subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
        };
    }
}
