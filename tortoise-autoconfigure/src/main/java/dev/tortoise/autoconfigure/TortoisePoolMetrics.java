package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import dev.tortoise.execution.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.util.function.ToDoubleFunction;

/**
 * The state of every connection pool the runtime created, as r2dbc-pool's {@link PoolMetrics} reports it, under the
 * gauge names Spring Boot gives R2DBC pools: {@code r2dbc.pool.acquired}, {@code .allocated}, {@code .idle},
 * {@code .pending}, {@code .max.allocated}, {@code .max.pending}, tagged {@code name} with the Tortoise connection
 * name. Connections over an application's own ConnectionFactory are left to whoever created it.
 */
public final class TortoisePoolMetrics implements MeterBinder {
    private final Tortoise tortoise;

    public TortoisePoolMetrics(Tortoise tortoise) {
        this.tortoise = tortoise;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Database connection : tortoise.connections().values()) {
            if (connection.pool() instanceof ConnectionPool pool) {
                pool.getMetrics().ifPresent(m -> bind(registry, connection.name(), m));
            }
        }
    }

    private static void bind(MeterRegistry registry, String name, PoolMetrics metrics) {
        gauge(registry, name, metrics, "acquired", PoolMetrics::acquiredSize,
                "Connections acquired from the pool and in use");
        gauge(registry, name, metrics, "allocated", PoolMetrics::allocatedSize,
                "Connections the pool holds, in use or idle");
        gauge(registry, name, metrics, "idle", PoolMetrics::idleSize, "Idle connections in the pool");
        gauge(registry, name, metrics, "pending", PoolMetrics::pendingAcquireSize,
                "Subscribers waiting for a connection");
        gauge(registry, name, metrics, "max.allocated", PoolMetrics::getMaxAllocatedSize,
                "Largest number of connections the pool may hold");
        gauge(registry, name, metrics, "max.pending", PoolMetrics::getMaxPendingAcquireSize,
                "Largest number of subscribers that may wait for a connection");
    }

    private static void gauge(MeterRegistry registry, String name, PoolMetrics metrics, String key,
                              ToDoubleFunction<PoolMetrics> value, String description) {
        Gauge.builder("r2dbc.pool." + key, metrics, value)
                .description(description)
                .tag("name", name)
                .baseUnit("connections")
                .register(registry);
    }
}
