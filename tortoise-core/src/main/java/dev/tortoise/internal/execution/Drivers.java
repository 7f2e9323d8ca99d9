package dev.tortoise.internal.execution;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.util.concurrent.Executor;
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
    private static final boolean MARIADB = present("org.mariadb.r2dbc.api.MariadbConnection");
    /** r2dbc-mariadb's name in its factory's metadata. */
    private static final String MARIADB_NAME = "MariaDB";

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
     * Sends the driver's request to cancel whatever statement {@code physical} (a connection already
     * unwrapped by {@link #physical}) is running on the server (PostgreSQL's CancelRequest, over a
     * connection of its own), completing once it was delivered; null when the driver has no such request.
     */
    static Supplier<Mono<Void>> serverCancelOfPhysical(Connection physical) {
        return POSTGRES ? Postgres.cancel(physical) : null;
    }

    /**
     * Whether {@link #serverCancelOfPhysical} has a request for {@code physical}: asked once per
     * statement, so that the request itself is made only for a statement that has to be stopped.
     */
    static boolean cancelsOnServer(Connection physical) {
        return POSTGRES && Postgres.is(physical);
    }

    /**
     * The thread the driver reads {@code physical} (a connection already unwrapped by {@link #physical})
     * on, as a scheduler, where the driver must be asked for rows on that thread only
     * (r2dbc-postgresql, see {@link LoopRequests}); else null.
     */
    static Scheduler loopOfPhysical(Connection physical) {
        return POSTGRES ? Postgres.loop(physical) : null;
    }

    /**
     * How the results of a statement on {@code c} are to be asked for rows where the driver needs it
     * (r2dbc-mariadb, see {@link MariaDbRequests}); null where they are asked for as the consumer asks.
     * Only a connection of a pool this runtime made over r2dbc-mariadb has a driver lock of its own and
     * a known I/O thread ({@link CreatePerConnectionFactory}); {@code pool} is the factory {@code c}
     * came from, whose name tells a MariaDB connection that does not unwrap to the driver's.
     */
    static MariaDbRequests.Statement resultRequests(Connection c, ConnectionFactory pool) {
        if (!MARIADB) {
            return null;
        }
        Executor loop = null;
        Object at = c;
        for (;;) {
            if (at instanceof CreatePerConnectionFactory.OwnLock own) {
                loop = own.loop();
            }
            if (at instanceof Wrapped<?> w && w.unwrap() instanceof Connection inner && inner != at) {
                at = inner;
            } else {
                break;
            }
        }
        if (!MariaDb.is((Connection) at)) {
            // A connection whose driver is hidden by a wrapper that does not unwrap: asked for whole results.
            return MARIADB_NAME.equals(pool.getMetadata().getName()) ? MariaDbRequests.Statement.WHOLE : null;
        }
        return loop == null ? MariaDbRequests.Statement.WHOLE : new MariaDbRequests.Statement(loop);
    }

    /**
     * Whether a pool over {@code cf} must call its {@code create()} once per connection (r2dbc-mariadb,
     * see {@link CreatePerConnectionFactory}).
     */
    static boolean createsOnePerConnection(ConnectionFactory cf) {
        // By the driver's name, so that a decorated factory (statement counting, r2dbc-proxy) is covered too.
        return MARIADB && MARIADB_NAME.equals(cf.getMetadata().getName());
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Drivers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kept apart so that its r2dbc-mariadb types are loaded only when the driver is present. */
    private static final class MariaDb {
        static boolean is(Connection c) {
            return c instanceof org.mariadb.r2dbc.api.MariadbConnection;
        }
    }

    /** Kept apart so that its r2dbc-postgresql types are loaded only when the driver is present. */
    private static final class Postgres {
        static boolean is(Connection c) {
            return c instanceof io.r2dbc.postgresql.api.PostgresqlConnection;
        }

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
