package dev.tortoise.internal.execution;

import dev.tortoise.sql.dialect.Dialect;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The statement timeout each database session is set to, for dialects that limit statements by a
 * session setting ({@link Dialect#sessionStatementTimeoutSql}): before a statement runs, its
 * session is set to the statement's timeout unless it already has it, so a session is set once
 * while every statement uses the same timeout. Sessions never set have no limit.
 */
final class SessionTimeouts {
    private final Map<Connection, Long> current = Collections.synchronizedMap(new WeakHashMap<>());

    /** Sets the session of {@code connection} to limit statements to {@code millis} (0: none) unless it already does. */
    Mono<Void> ensure(Connection connection, Dialect dialect, long millis) {
        return Mono.defer(() -> {
            String sql = dialect.sessionStatementTimeoutSql(millis);
            if (sql == null) {
                return Mono.empty();
            }
            // The driver's own connection: the setting belongs to the session, whichever wrapper lends it
            // out, and recording proxies should not see it as one of the application's statements.
            Connection physical = Drivers.physical(connection);
            Long now = current.get(physical);
            if ((now == null ? 0L : now) == millis) {
                return Mono.empty();
            }
            return Flux.from(physical.createStatement(sql).execute())
                    .flatMap(Result::getRowsUpdated)
                    .then(Mono.fromRunnable(() -> current.put(physical, millis)));
        });
    }
}
