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

    /**
     * {@code statement}, run once the session of {@code connection} limits statements to {@code millis} (0: none):
     * at subscription, directly where the session already has that limit, else after setting it. The check
     * and the statement are one deferred stage rather than a setting step concatenated before every statement
     * (a defer, an ignore and a concat with their subscribers, ~200 bytes a statement on MariaDB and H2).
     */
    <T> Flux<T> before(Connection connection, Dialect dialect, long millis, Flux<T> statement) {
        return Flux.defer(() -> {
            Mono<Void> set = ensureNow(connection, dialect, millis);
            return set == null ? statement : set.thenMany(statement);
        });
    }

    /** The setting of the session's limit, or null where it already has it (or the dialect sets none); decided now. */
    Mono<Void> ensureNow(Connection connection, Dialect dialect, long millis) {
        String sql = dialect.sessionStatementTimeoutSql(millis);
        if (sql == null) {
            return null;
        }
        // The driver's own connection: the setting belongs to the session, whichever wrapper lends it
        // out, and recording proxies should not see it as one of the application's statements.
        Connection physical = Drivers.physical(connection);
        Long now = current.get(physical);
        if ((now == null ? 0L : now) == millis) {
            return null;
        }
        return Flux.from(physical.createStatement(sql).execute())
                .flatMap(Result::getRowsUpdated)
                .then(Mono.fromRunnable(() -> current.put(physical, millis)));
    }
}
