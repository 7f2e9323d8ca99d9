package dev.tortoise.internal.execution;

import dev.tortoise.execution.Database;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.SqlRenderer;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One named connection of the runtime: its (pooled) connection factory and the dialect its SQL
 * is rendered for. Connections are opened lazily, on first use.
 */
public final class DatabaseConnection implements Database {
    private final String name;
    private final ConnectionFactory factory;
    private final Dialect dialect;
    private final SqlRenderer renderer;
    private final boolean owned;
    private final ConnectionFactory pool;

    /**
     * @param owned whether the runtime created the factory and must dispose of it on close
     */
    public DatabaseConnection(String name, ConnectionFactory factory, Dialect dialect, boolean owned) {
        this(name, factory, dialect, owned, factory, new SqlRenderer(dialect));
    }

    private DatabaseConnection(String name, ConnectionFactory factory, Dialect dialect, boolean owned,
                               ConnectionFactory pool, SqlRenderer renderer) {
        this.name = name;
        this.factory = factory;
        this.dialect = dialect;
        this.renderer = renderer;
        this.owned = owned;
        this.pool = pool;
    }

    /**
     * This connection with a renderer keeping the text of up to {@code size} statement shapes
     * (0: none); see {@link SqlRenderer}.
     */
    public DatabaseConnection withStatementCacheSize(int size) {
        return new DatabaseConnection(name, factory, dialect, owned, pool, new SqlRenderer(dialect, size));
    }

    /**
     * This connection with its factory replaced by {@code decorated} (a proxy over {@link #factory()},
     * e.g. one that records statements); closing it still disposes of the pool this runtime created.
     */
    public DatabaseConnection decorate(ConnectionFactory decorated) {
        return new DatabaseConnection(name, decorated, dialect, owned, pool, renderer);
    }

    public String name() {
        return name;
    }

    /** The connection factory statements use (a pool, possibly decorated, unless the application supplied its own factory). */
    public ConnectionFactory factory() {
        return factory;
    }

    /** The factory this runtime created or was given, under any decoration (the pool whose metrics tell its state). */
    public ConnectionFactory pool() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public SqlRenderer renderer() {
        return renderer;
    }

    /** Whether {@link #offload} moves work to another thread (the driver blocks). */
    boolean offloads() {
        return dialect.blockingDriver();
    }

    /**
     * Subscribes to {@code work} on a scheduler that allows blocking when this connection's driver
     * works synchronously on the subscribing thread (r2dbc-h2), so that it never runs on an event
     * loop or another non-blocking thread; otherwise returns it as it is.
     */
    <T> Flux<T> offload(Flux<T> work) {
        return dialect.blockingDriver() ? work.subscribeOn(Schedulers.boundedElastic()) : work;
    }

    /** {@link #offload(Flux)} for a single-valued publisher. */
    <T> Mono<T> offload(Mono<T> work) {
        return dialect.blockingDriver() ? work.subscribeOn(Schedulers.boundedElastic()) : work;
    }

    /** Releases the pool's connections when the runtime created it; a supplied factory is left alone. */
    public Mono<Void> close() {
        if (owned && pool instanceof ConnectionPool p) {
            return p.disposeLater();
        }
        return Mono.empty();
    }

    @Override
    public String toString() {
        return name + "(" + dialect.name() + ")";
    }
}
