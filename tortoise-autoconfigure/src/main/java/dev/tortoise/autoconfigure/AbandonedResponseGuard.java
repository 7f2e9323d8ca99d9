package dev.tortoise.autoconfigure;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Cancels a response body whose write failed before the server read it, so that the query
 * behind the body lets go of its connection.
 *
 * <p>Why: Spring's {@code ChannelSendOperator} (behind every streamed response body, such as a
 * {@code Flux} of models encoded as a JSON array) subscribes to the body and requests its first
 * element before the response is committed. When the client has gone away by then, Reactor
 * Netty refuses the write ("Connection has been closed BEFORE send operation") without ever
 * subscribing, and the operator reports the error downstream but never cancels the body. The
 * body's query is left with its first row delivered, no further demand and no cancel: its
 * pooled connection stays acquired for good. Abandon enough requests (clients that time out,
 * browsers that navigate away) and every connection of the pool is held so, and every later
 * request waits for one until the acquire timeout. This decorator sits around every response
 * and cancels the body when its write ends in an error or a cancel.
 */
final class AbandonedResponseGuard implements HttpHandlerDecoratorFactory {

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> handler.handle(request, new GuardedResponse(response));
    }

    /** A response whose body writes cancel their source when the write fails or is cancelled. */
    static final class GuardedResponse extends ServerHttpResponseDecorator {
        GuardedResponse(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (body instanceof Mono) {
                // A single buffer is written without the operator that loses the subscription.
                return super.writeWith(body);
            }
            Cancellable<DataBuffer> source = new Cancellable<>(body);
            return super.writeWith(source).doOnError(e -> source.abort()).doOnCancel(source::abort);
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            Cancellable<Publisher<? extends DataBuffer>> source = new Cancellable<>(body);
            return super.writeAndFlushWith(source).doOnError(e -> source.abort()).doOnCancel(source::abort);
        }
    }

    /**
     * A publisher that passes its source through and can cancel it from outside; elements that
     * arrive after that are released (data buffers) instead of emitted.
     */
    static final class Cancellable<T> extends Flux<T> {
        private final Publisher<? extends T> source;
        private volatile Relay<T> relay;
        private volatile boolean aborted;

        Cancellable(Publisher<? extends T> source) {
            this.source = source;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Relay<T> r = new Relay<>(actual);
            relay = r;
            source.subscribe(r);
            if (aborted) {
                r.abort();
            }
        }

        /** Cancels the source (now, or as soon as it is subscribed). */
        void abort() {
            aborted = true;
            Relay<T> r = relay;
            if (r != null) {
                r.abort();
            }
        }
    }

    private static final class Relay<T> implements CoreSubscriber<T>, Subscription {
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<Relay> CANCELLED =
                AtomicIntegerFieldUpdater.newUpdater(Relay.class, "cancelled");

        private final CoreSubscriber<? super T> actual;
        private volatile Subscription upstream;
        private volatile int cancelled;

        Relay(CoreSubscriber<? super T> actual) {
            this.actual = actual;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                if (cancelled == 1) {
                    s.cancel();
                }
            }
        }

        @Override
        public void onNext(T t) {
            if (cancelled == 1) {
                release(t);
                return;
            }
            actual.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            if (cancelled == 0) {
                actual.onError(t);
            }
        }

        @Override
        public void onComplete() {
            if (cancelled == 0) {
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            abort();
        }

        void abort() {
            if (CANCELLED.compareAndSet(this, 0, 1)) {
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
            }
        }

        private static void release(Object item) {
            if (item instanceof DataBuffer buffer) {
                DataBufferUtils.release(buffer);
            }
        }
    }
}
