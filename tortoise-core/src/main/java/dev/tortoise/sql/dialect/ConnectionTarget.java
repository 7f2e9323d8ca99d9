package dev.tortoise.sql.dialect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how to connect, as a {@link DialectProvider} translates a Tortoise-style URL or
 * credentials for its R2DBC driver: an R2DBC URL (may be null) plus R2DBC options by name
 * ({@code driver}, {@code host}, {@code port}, {@code user}, {@code password}, {@code database} or
 * a driver's own), which override the URL's.
 */
public record ConnectionTarget(String r2dbcUrl, Map<String, Object> options) {

    public ConnectionTarget {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A target given as an R2DBC URL alone. */
    public static ConnectionTarget ofUrl(String r2dbcUrl) {
        return new ConnectionTarget(r2dbcUrl, Map.of());
    }

    /** A target given as R2DBC options alone. */
    public static ConnectionTarget ofOptions(Map<String, Object> options) {
        return new ConnectionTarget(null, options);
    }
}
