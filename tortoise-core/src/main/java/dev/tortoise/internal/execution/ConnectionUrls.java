package dev.tortoise.internal.execution;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.execution.PoolSettings;
import dev.tortoise.sql.dialect.ConnectionTarget;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.Dialects;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.ValidationDepth;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds pooled connection factories from database URLs and engine credentials: R2DBC URLs
 * ({@code r2dbc:postgresql://...}, {@code r2dbc:h2:mem:///db}) and Tortoise's own
 * ({@code postgres://user:pass@host:5432/db}, {@code sqlite://:memory:} which is in-memory H2).
 * Which database a URL scheme, engine or R2DBC driver means, and how its parts become driver
 * options, the registered {@link DialectProvider}s say.
 */
public final class ConnectionUrls {

    private ConnectionUrls() {
    }

    /** A connection built from a URL. */
    public static DatabaseConnection fromUrl(String name, String url, PoolSettings defaults) {
        ParsedUrl p = parse(url, defaults);
        return build(name, p.options, p.pool, p.dialect);
    }

    /**
     * A connection built from Tortoise's engine + credentials form.
     *
     * @param engine {@code tortoise.backends.asyncpg}, {@code postgres}, {@code h2}...
     * @param credentials host, port, user, password, database, plus pool settings (minsize, maxsize, ...)
     */
    public static DatabaseConnection fromCredentials(String name, String engine, Map<String, ?> credentials,
                                                     PoolSettings defaults) {
        String e = engine == null ? "" : engine.toLowerCase(Locale.ROOT);
        DialectProvider provider = Dialects.forEngine(e).orElseThrow(() -> new ConfigurationError(
                "Unknown DB engine: " + engine + " (connection \"" + name + "\"); supported engines: "
                        + Dialects.providers().stream().map(DialectProvider::engineHint)
                        .collect(Collectors.joining(", "))));
        Map<String, String> params = new LinkedHashMap<>();
        credentials.forEach((k, v) -> params.put(k, v == null ? null : String.valueOf(v)));
        PoolSettings pool = poolSettings(params, defaults);
        return build(name, options(provider.credentialsTarget(params)), pool, provider.dialect());
    }

    private record ParsedUrl(ConnectionFactoryOptions options, PoolSettings pool, Dialect dialect) {
    }

    private static ParsedUrl parse(String url, PoolSettings defaults) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationError("Empty database URL");
        }
        if (url.startsWith("r2dbc:")) {
            ConnectionFactoryOptions options;
            try {
                options = ConnectionFactoryOptions.parse(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError("Invalid R2DBC URL: " + e.getMessage());
            }
            String driver = String.valueOf(options.getValue(ConnectionFactoryOptions.DRIVER));
            boolean pooled = "pool".equals(driver);
            if (pooled) {
                driver = String.valueOf(options.getValue(ConnectionFactoryOptions.PROTOCOL)).split(":")[0];
            }
            Dialect dialect = dialectFor(driver, url);
            String served = Dialects.forName(driver).r2dbcDriver(driver);
            if (!served.equals(driver)) {
                // A driver name the provider maps to another (r2dbc:mysql:// is served by r2dbc-mariadb).
                options = pooled ? options.mutate().option(ConnectionFactoryOptions.PROTOCOL, served
                        + String.valueOf(options.getValue(ConnectionFactoryOptions.PROTOCOL)).substring(driver.length()))
                        .build()
                        : options.mutate().option(ConnectionFactoryOptions.DRIVER, served).build();
            }
            return new ParsedUrl(options, defaults, dialect);
        }
        int colon = url.indexOf("://");
        if (colon < 0) {
            throw new ConfigurationError("Unknown DB scheme: " + url.split(":")[0]);
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        DialectProvider provider = Dialects.forUrlScheme(scheme)
                .orElseThrow(() -> new ConfigurationError("Unknown DB scheme: " + scheme));
        String location = url.substring(colon + 3);
        String query = "";
        int q = location.indexOf('?');
        if (q >= 0) {
            query = location.substring(q + 1);
            location = location.substring(0, q);
        }
        Map<String, String> params = query(query);
        ConnectionTarget target;
        try {
            target = provider.urlTarget(scheme, location, params);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(e.getMessage());
        }
        return new ParsedUrl(options(target), poolSettings(params, defaults), provider.dialect());
    }

    /** R2DBC options for a provider's target: its URL parsed, then its options by name on top. */
    private static ConnectionFactoryOptions options(ConnectionTarget target) {
        ConnectionFactoryOptions.Builder b = target.r2dbcUrl() == null ? ConnectionFactoryOptions.builder()
                : ConnectionFactoryOptions.parse(target.r2dbcUrl()).mutate();
        target.options().forEach((key, value) -> {
            switch (key) {
                case "driver" -> b.option(ConnectionFactoryOptions.DRIVER, String.valueOf(value));
                case "protocol" -> b.option(ConnectionFactoryOptions.PROTOCOL, String.valueOf(value));
                case "host" -> b.option(ConnectionFactoryOptions.HOST, String.valueOf(value));
                case "port" -> b.option(ConnectionFactoryOptions.PORT, port(String.valueOf(value)));
                case "user" -> b.option(ConnectionFactoryOptions.USER, String.valueOf(value));
                case "password" -> b.option(ConnectionFactoryOptions.PASSWORD, String.valueOf(value));
                case "database" -> b.option(ConnectionFactoryOptions.DATABASE, String.valueOf(value));
                case "ssl" -> b.option(ConnectionFactoryOptions.SSL, (Boolean) value);
                default -> b.option(Option.valueOf(key), value);
            }
        });
        return b.build();
    }

    private static Dialect dialectFor(String driver, String url) {
        try {
            return Dialect.forName(driver);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("Unknown DB scheme: no dialect for driver '" + driver + "' in " + url
                    + "; supported: " + Dialects.names());
        }
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigurationError("Port is not an integer");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                out.put(decode(pair), "");
            } else {
                out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    /** Pool settings from Tortoise-style parameters (minsize, maxsize, and *_timeout in seconds). */
    static PoolSettings poolSettings(Map<String, String> params, PoolSettings defaults) {
        PoolSettings p = defaults;
        int min = intParam(params, "minsize", p.initialSize());
        int max = intParam(params, "maxsize", p.maxSize());
        p = p.withSizes(Math.min(min, max), max);
        if (params.containsKey("acquire_timeout")) {
            p = p.withAcquireTimeout(seconds(params.get("acquire_timeout"), "acquire_timeout"));
        }
        if (params.containsKey("create_timeout")) {
            p = p.withCreateTimeout(seconds(params.get("create_timeout"), "create_timeout"));
        }
        if (params.containsKey("validation_timeout")) {
            p = p.withValidationTimeout(seconds(params.get("validation_timeout"), "validation_timeout"));
        }
        if (params.containsKey("max_inactive_connection_lifetime")) {
            p = p.withMaxIdleTime(seconds(params.get("max_inactive_connection_lifetime"),
                    "max_inactive_connection_lifetime"));
        }
        return p;
    }

    private static int intParam(Map<String, String> params, String key, int fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationError("Parameter " + key + " is not an integer: " + v);
        }
    }

    private static Duration seconds(String v, String key) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000));
        } catch (NumberFormatException e) {
            throw new ConfigurationError("Parameter " + key + " is not a number of seconds: " + v);
        }
    }

    private static DatabaseConnection build(String name, ConnectionFactoryOptions options, PoolSettings pool,
                                            Dialect dialect) {
        ConnectionFactory cf;
        try {
            cf = ConnectionFactories.get(options);
        } catch (IllegalStateException e) {
            Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
            throw new ConfigurationError("No R2DBC driver for '" + driver + "' is on the class path (connection \""
                    + name + "\"); add " + driverArtifact(String.valueOf(driver)) + " to the dependencies");
        }
        if (cf instanceof ConnectionPool) {
            return new DatabaseConnection(name, cf, dialect, true);
        }
        return new DatabaseConnection(name, pool(cf, pool, name), dialect, true);
    }

    /**
     * The factory a pool is to open connections with over the driver's factory {@code cf}: for
     * r2dbc-mariadb (found by its metadata's name, so under decorators too) one that calls the
     * driver's {@code create()} anew for each connection ({@link CreatePerConnectionFactory}); any
     * other factory, one already so wrapped (anywhere under its wrappers) or a pool, unchanged.
     */
    public static ConnectionFactory forPool(ConnectionFactory cf) {
        Object at = cf;
        for (;;) {
            if (at instanceof CreatePerConnectionFactory || at instanceof ConnectionPool) {
                return cf;
            }
            if (at instanceof io.r2dbc.spi.Wrapped<?> w && w.unwrap() instanceof ConnectionFactory inner
                    && inner != at) {
                at = inner;
            } else {
                break;
            }
        }
        return Drivers.createsOnePerConnection(cf) ? new CreatePerConnectionFactory(cf) : cf;
    }

    /** Wraps a factory in a pool with finite timeouts. */
    public static ConnectionPool pool(ConnectionFactory cf, PoolSettings p, String name) {
        ConnectionFactory opened = blockingDriver(cf) ? new OffloadingConnectionFactory(cf) : forPool(cf);
        ConnectionPoolConfiguration.Builder b = ConnectionPoolConfiguration.builder(opened)
                .name("tortoise-" + name)
                .initialSize(p.initialSize())
                .maxSize(p.maxSize())
                .maxAcquireTime(p.acquireTimeout())
                .maxCreateConnectionTime(p.createTimeout())
                .maxValidationTime(p.validationTimeout())
                .maxIdleTime(p.maxIdleTime())
                .validationDepth(ValidationDepth.LOCAL);
        if (p.maxLifeTime() != null) {
            b.maxLifeTime(p.maxLifeTime());
        }
        return new ConnectionPool(b.build());
    }

    /** Whether {@code cf}'s driver opens connections synchronously on the subscribing thread (see {@link Dialect#blockingDriver()}). */
    private static boolean blockingDriver(ConnectionFactory cf) {
        try {
            return Dialect.forName(cf.getMetadata().getName()).blockingDriver();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The Maven coordinates of the driver for a driver name, for error messages. */
    public static String driverArtifact(String driver) {
        try {
            return Dialects.forName(driver).driverArtifact();
        } catch (IllegalArgumentException e) {
            return "the R2DBC driver for " + driver;
        }
    }
}
