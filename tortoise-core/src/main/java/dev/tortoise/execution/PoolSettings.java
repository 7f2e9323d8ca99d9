package dev.tortoise.execution;

import java.time.Duration;

/**
 * Connection pool settings. Every timeout is finite by default: r2dbc-pool's own defaults wait
 * forever for a connection, which turns an exhausted pool into hung requests.
 *
 * @param initialSize connections opened eagerly (Tortoise's {@code minsize})
 * @param maxSize the most connections (Tortoise's {@code maxsize})
 * @param acquireTimeout how long to wait for a free connection
 * @param createTimeout how long to wait for a new connection to open
 * @param validationTimeout how long to wait for a connection to validate
 * @param maxIdleTime how long an idle connection is kept
 * @param maxLifeTime how long a connection lives at most (null: no limit)
 */
public record PoolSettings(int initialSize, int maxSize, Duration acquireTimeout, Duration createTimeout,
                           Duration validationTimeout, Duration maxIdleTime, Duration maxLifeTime) {
    public static final PoolSettings DEFAULTS = new PoolSettings(1, 10, Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(30), null);

    public PoolSettings {
        if (initialSize < 0 || maxSize < 1 || initialSize > maxSize) {
            throw new dev.tortoise.exception.ConfigurationError("Invalid pool sizes: minsize=" + initialSize
                    + ", maxsize=" + maxSize + " (need 0 <= minsize <= maxsize, maxsize >= 1)");
        }
    }

    public PoolSettings withSizes(int initial, int max) {
        return new PoolSettings(initial, max, acquireTimeout, createTimeout, validationTimeout, maxIdleTime,
                maxLifeTime);
    }

    public PoolSettings withAcquireTimeout(Duration d) {
        return new PoolSettings(initialSize, maxSize, d, createTimeout, validationTimeout, maxIdleTime, maxLifeTime);
    }

    public PoolSettings withCreateTimeout(Duration d) {
        return new PoolSettings(initialSize, maxSize, acquireTimeout, d, validationTimeout, maxIdleTime, maxLifeTime);
    }

    public PoolSettings withValidationTimeout(Duration d) {
        return new PoolSettings(initialSize, maxSize, acquireTimeout, createTimeout, d, maxIdleTime, maxLifeTime);
    }

    public PoolSettings withMaxIdleTime(Duration d) {
        return new PoolSettings(initialSize, maxSize, acquireTimeout, createTimeout, validationTimeout, d, maxLifeTime);
    }

    public PoolSettings withMaxLifeTime(Duration d) {
        return new PoolSettings(initialSize, maxSize, acquireTimeout, createTimeout, validationTimeout, maxIdleTime, d);
    }
}
