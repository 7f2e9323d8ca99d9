package dev.tortoise.execution;

import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.SqlRenderer;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * One named connection of the runtime: its (pooled) connection factory and the dialect its SQL
 * is rendered for. Connections are opened lazily, on first use.
 */
public final class DatabaseConnection {
    private final String name;
    private final ConnectionFactory factory;
    private final Dialect dialect;
    private final SqlRenderer renderer;
    private final boolean owned;

    /**
     * @param owned whether the runtime created the factory and must dispose of it on close
     */
    public DatabaseConnection(String name, ConnectionFactory factory, Dialect dialect, boolean owned) {
        this.name = name;
        this.factory = factory;
        this.dialect = dialect;
        this.renderer = new SqlRenderer(dialect);
        this.owned = owned;
    }

    public String name() {
        return name;
    }

    /** The connection factory (a pool unless the application supplied its own factory). */
    public ConnectionFactory factory() {
        return factory;
    }

    public Dialect dialect() {
        return dialect;
    }

    public SqlRenderer renderer() {
        return renderer;
    }

    /** Releases the pool's connections when the runtime created it; a supplied factory is left alone. */
    public Mono<Void> close() {
        if (owned && factory instanceof ConnectionPool pool) {
            return pool.disposeLater();
        }
        return Mono.empty();
    }

    @Override
    public String toString() {
        return name + "(" + dialect.name() + ")";
    }
}
