package dev.tortoise.internal.execution;

import dev.tortoise.sql.dialect.Dialect;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends statements that run past their timeout: a server-side cancel once the time is up, a backstop
 * for a server that does not answer it, and the QueryTimeoutError the caller then gets.
 */
final class StatementTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise.db_client");
    /**
     * How long past its timeout a statement is still waited for: the server normally ends it at
     * once, and only a server that does not answer the cancel (or H2 busy in application code) is
     * given up on, its connection then closed once it is no longer in use or SETTLE_LIMIT passes.
     */
    static final Duration TIMEOUT_BACKSTOP = Duration.ofSeconds(2);
    /** SQLSTATE of a statement cancelled by a cancel request or a statement timeout (PostgreSQL and H2). */
    private static final String QUERY_CANCELED = "57014";

    private StatementTimeouts() {
    }

    /**
     * The statement's rows, cancelled on the server by the driver's cancel request (PostgreSQL) once
     * it has run for {@code timeout}; the server ends it with SQLSTATE 57014 and the connection stays
     * usable. (Where the driver has no cancel request, the session's own statement timeout, H2's
     * QUERY_TIMEOUT, is set before the statement instead and ends it the same way.)
     */
    static Flux<Object> cancelledAfter(Flux<Object> rows, DatabaseConnection db, SettlingRows settling,
                                               Duration timeout) {
        return Flux.defer(() -> {
            Disposable timer = settling.stopAfter(timeout, () -> LOG.debug("{}: statement timeout of {} ms reached, "
                    + "cancelling the statement on the server", db.name(), timeout.toMillis()));
            return rows.doFinally(signal -> timer.dispose());
        });
    }

    /**
     * Ends the wait for a statement that the server did not end within {@link #TIMEOUT_BACKSTOP}
     * after its timeout (a server that does not answer, or H2 busy in application code): the caller
     * gets the timeout error, and the connection is released only once the statement has settled.
     */
    static Flux<Object> backstop(Flux<Object> rows, Duration timeout) {
        return Flux.defer(() -> {
            java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
            return rows
                    .takeUntilOther(Mono.delay(timeout.plus(TIMEOUT_BACKSTOP)).doOnNext(x -> abandoned.set(true)))
                    .concatWith(Mono.defer(() -> abandoned.get() ? Mono.error(timedOut(timeout, null))
                            : Mono.empty()));
        });
    }

    static boolean isCancelled(Throwable e, Dialect dialect) {
        Throwable t = e instanceof dev.tortoise.exception.BaseORMException && e.getCause() != null ? e.getCause() : e;
        return t instanceof io.r2dbc.spi.R2dbcException r && (QUERY_CANCELED.equals(r.getSqlState())
                || dialect.isStatementTimeout(r.getSqlState() == null ? "" : r.getSqlState(), r.getErrorCode()));
    }

    static dev.tortoise.exception.QueryTimeoutError timedOut(Duration timeout, Throwable cause) {
        return new dev.tortoise.exception.QueryTimeoutError("canceling statement due to statement timeout ("
                + timeout.toMillis() + " ms)", cause);
    }
}
