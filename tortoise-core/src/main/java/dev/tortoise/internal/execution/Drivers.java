package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * What the ORM asks of a driver beyond the R2DBC SPI, found by unwrapping a connection (pool,
 * r2dbc-proxy, ...) down to the driver's own. Drivers are optional dependencies, so each is
 * looked at only when its classes are on the class path.
 */
final class Drivers {
    private static final boolean POSTGRES = present("io.r2dbc.postgresql.api.PostgresqlConnection");

    private Drivers() {
    }

    /** The driver's own connection under every wrapper, or {@code c} itself when it wraps nothing. */
    static Connection physical(Connection c) {
        Connection physical = c;
        Object at = c;
        while (at instanceof io.r2dbc.spi.Wrapped<?> w && w.unwrap() instanceof Connection inner && inner != at) {
            physical = inner;
            at = inner;
        }
        return physical;
    }

    /**
     * Sends the driver's request to cancel whatever statement {@code c} is running on the server
     * (PostgreSQL's CancelRequest, over a connection of its own), completing once it was delivered;
     * null when the driver has no such request.
     */
    static Supplier<Mono<Void>> serverCancel(Connection c) {
        Connection physical = physical(c);
        return POSTGRES ? Postgres.cancel(physical) : null;
    }

    /**
     * The thread the driver reads {@code c} on, as a scheduler, where the driver must be asked for
     * rows on that thread only (r2dbc-postgresql, see {@link LoopRequests}); else null.
     */
    static Scheduler loop(Connection c) {
        return POSTGRES ? Postgres.loop(physical(c)) : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Drivers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kept apart so that its r2dbc-postgresql types are loaded only when the driver is present. */
    private static final class Postgres {
        static Supplier<Mono<Void>> cancel(Connection c) {
            if (c instanceof io.r2dbc.postgresql.api.PostgresqlConnection pg) {
                return pg::cancelRequest;
            }
            return null;
        }

        /** The connection's I/O thread as a scheduler (the driver's own {@code unwrap(Scheduler.class)}). */
        static Scheduler loop(Connection c) {
            if (c instanceof io.r2dbc.postgresql.api.PostgresqlConnection && c instanceof Wrapped<?> w) {
                return w.unwrap(Scheduler.class);
            }
            return null;
        }
    }
}
