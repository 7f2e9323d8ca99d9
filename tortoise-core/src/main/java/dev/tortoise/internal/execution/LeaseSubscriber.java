package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.Loggers;
import reactor.util.context.Context;

/**
 * Lends a pooled connection to one piece of work exactly as {@code Flux.usingWhen(acquire, use,
 * release, (c, e) -> afterError, onCancel)} with an {@code onErrorMap(translate)} on the acquire
 * would: the work's completion or error goes on only after the release has ended, a cancel
 * releases in the background, and a connection that arrives after a cancel is released too.
 *
 * <p>Why not {@code Flux.usingWhen}: it costs six Reactor objects per statement (the operator, its
 * resource and main subscribers, the acquire's error mapping); this is one subscriber for the
 * work and downstream, one for the acquire and one for the release. The release signals follow
 * reactor-core's {@code FluxUsingWhen} (3.8): a release error after completion becomes a
 * {@code RuntimeException("Async resource cleanup failed after onComplete")}, after an error a
 * {@code RuntimeException("Async resource cleanup failed after onError")} with the work's error
 * suppressed, after a cancel a logged warning.
 *
 * <p>{@code settled} (may be null) is what a cancelled or failed statement's settling waits on:
 * when it is given, the release after an error or a cancel is {@code settleThenRelease(c,
 * settled)}; otherwise it is {@code release(c)}.
 */
final class LeaseSubscriber<R> extends Operators.DeferredSubscription implements CoreSubscriber<R> {

    /** The lease as a publisher: each subscription acquires and lends a connection of its own. */
    static final class Lend<R> extends Flux<R> {
        private final Mono<Connection> acquire;
        private final Function<Throwable, Throwable> translate;
        private final Function<Connection, ? extends Publisher<R>> use;
        private final Function<Connection, Mono<Void>> release;
        private final BiFunction<Connection, Mono<Void>, Mono<Void>> settleThenRelease;
        private final Mono<Void> settled;

        Lend(Mono<Connection> acquire, Function<Throwable, Throwable> translate,
             Function<Connection, ? extends Publisher<R>> use, Function<Connection, Mono<Void>> release,
             BiFunction<Connection, Mono<Void>, Mono<Void>> settleThenRelease, Mono<Void> settled) {
            this.acquire = acquire;
            this.translate = translate;
            this.use = use;
            this.release = release;
            this.settleThenRelease = settleThenRelease;
            this.settled = settled;
        }

        /** A lease as the constructor makes it, passed through Reactor's assembly hooks as {@code Flux.usingWhen} is. */
        static <R> Flux<R> of(Mono<Connection> acquire, Function<Throwable, Throwable> translate,
                              Function<Connection, ? extends Publisher<R>> use, Function<Connection, Mono<Void>> release,
                              BiFunction<Connection, Mono<Void>, Mono<Void>> settleThenRelease, Mono<Void> settled) {
            return onAssembly(new Lend<>(acquire, translate, use, release, settleThenRelease, settled));
        }

        @Override
        public void subscribe(CoreSubscriber<? super R> actual) {
            // As Publisher.subscribe, so that Reactor's last-operator hooks apply as they do for usingWhen.
            ((Publisher<Connection>) acquire).subscribe(new LeaseSubscriber<>(actual, this).acquirer);
        }
    }

    private static final int OPEN = 0;
    private static final int COMPLETED = 1;
    private static final int FAILED = 2;
    private static final int CANCELLED = 3;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<LeaseSubscriber> CALLBACK =
            AtomicIntegerFieldUpdater.newUpdater(LeaseSubscriber.class, "callback");

    private final CoreSubscriber<? super R> actual;
    private final Lend<R> lend;
    private final Acquirer acquirer = new Acquirer();
    /** The lent connection, once it has arrived; read by a cancel racing with its arrival. */
    private volatile Connection connection;
    /** Which of complete, error and cancel releases the connection: the first one only. */
    private volatile int callback;
    /** Whether the work's subscription has been handed to this (and cancelled, if this was cancelled before). */
    private volatile boolean workSet;

    private LeaseSubscriber(CoreSubscriber<? super R> actual, Lend<R> lend) {
        this.actual = actual;
        this.lend = lend;
    }

    @Override
    public Context currentContext() {
        return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
        // A cancel that came before the work subscribed found no subscription to cancel: set()
        // cancels it, and the connection is released then, as usingWhen does. Whichever of this
        // and cancel() sees the other's write releases (both may: the release happens once).
        set(s);
        workSet = true;
        if (isCancelled()) {
            releaseOnCancel();
        }
    }

    @Override
    public void onNext(R r) {
        actual.onNext(r);
    }

    @Override
    public void onError(Throwable t) {
        if (CALLBACK.compareAndSet(this, OPEN, FAILED)) {
            Connection c = connection;
            Mono<Void> settled = lend.settled;
            Publisher<?> p;
            try {
                p = Objects.requireNonNull(settled == null ? lend.release.apply(c)
                        : lend.settleThenRelease.apply(c, settled), "The asyncError returned a null Publisher");
            } catch (Throwable e) {
                actual.onError(Exceptions.addSuppressed(Operators.onOperatorError(e, actual.currentContext()), t));
                return;
            }
            p.subscribe(new Release(FAILED, t));
        }
    }

    @Override
    public void onComplete() {
        if (CALLBACK.compareAndSet(this, OPEN, COMPLETED)) {
            Publisher<?> p;
            try {
                p = Objects.requireNonNull(lend.release.apply(connection),
                        "The asyncComplete returned a null Publisher");
            } catch (Throwable e) {
                actual.onError(Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            p.subscribe(new Release(COMPLETED, null));
        }
    }

    @Override
    public void cancel() {
        if (!acquirer.provided) {
            acquirer.upstream.cancel();
        }
        super.cancel();
        if (workSet) {
            releaseOnCancel();
        }
    }

    private void releaseOnCancel() {
        if (CALLBACK.compareAndSet(this, OPEN, CANCELLED)) {
            Connection c = connection;
            Mono<Void> settled = lend.settled;
            try {
                Publisher<?> p = settled == null ? lend.release.apply(c) : lend.settleThenRelease.apply(c, settled);
                p.subscribe(new Release(CANCELLED, null));
            } catch (Throwable error) {
                Loggers.getLogger(Flux.class).warn("Error generating async resource cleanup during onCancel", error);
            }
        }
    }

    /** Subscribes to the acquire; its connection starts the work. */
    private final class Acquirer implements CoreSubscriber<Connection> {
        Subscription upstream;
        boolean provided;

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(LeaseSubscriber.this);
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Connection c) {
            if (provided) {
                Operators.onNextDropped(c, actual.currentContext());
                return;
            }
            provided = true;
            connection = c;
            Publisher<R> p;
            try {
                p = Objects.requireNonNull(lend.use.apply(c), "The resourceClosure function returned a null value");
            } catch (Throwable e) {
                p = Flux.error(e);
            }
            p.subscribe(LeaseSubscriber.this);
        }

        @Override
        public void onError(Throwable t) {
            Throwable e = lend.translate.apply(t);
            if (provided) {
                Operators.onErrorDropped(e, actual.currentContext());
                return;
            }
            actual.onError(e);
        }

        @Override
        public void onComplete() {
            if (!provided) {
                actual.onComplete();
            }
        }
    }

    /** Subscribes to a release and passes the work's outcome on once it has ended. */
    private final class Release implements CoreSubscriber<Object> {
        private final int after;
        private final Throwable cause;

        Release(int after, Throwable cause) {
            this.after = after;
            this.cause = cause;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object o) {
        }

        @Override
        public void onError(Throwable e) {
            switch (after) {
                case COMPLETED -> actual.onError(new RuntimeException("Async resource cleanup failed after onComplete",
                        Operators.onOperatorError(e, actual.currentContext())));
                case FAILED -> actual.onError(Exceptions.addSuppressed(
                        new RuntimeException("Async resource cleanup failed after onError", e), cause));
                default -> Loggers.getLogger(Flux.class).warn("Async resource cleanup failed after cancel", e);
            }
        }

        @Override
        public void onComplete() {
            switch (after) {
                case COMPLETED -> actual.onComplete();
                case FAILED -> actual.onError(cause);
                default -> { }
            }
        }
    }
}
