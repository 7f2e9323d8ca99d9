package dev.tortoise.execution;

import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.SqlRenderer;
import io.r2dbc.spi.ConnectionFactory;

/**
 * One named connection of the runtime ({@code Tortoise.connections()}): its connection factory and the
 * dialect its SQL is rendered for. Connections are opened lazily, on first use.
 */
public interface Database {
    /** The connection's name in the configuration ({@code default} for {@code tortoise.db-url}). */
    String name();

    /**
     * The connection factory statements use (a pool, possibly decorated, unless the application supplied its
     * own factory).
     */
    ConnectionFactory factory();

    /** The pool this runtime created for the connection, or the application's own factory. */
    ConnectionFactory pool();

    /** The dialect of the connection's database. */
    Dialect dialect();

    /**
     * The renderer of this connection's statements, whose counters tell how its statement cache
     * ({@code tortoise.statement-cache-size}) is used.
     */
    SqlRenderer renderer();
}
