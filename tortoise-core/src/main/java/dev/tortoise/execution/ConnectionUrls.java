package dev.tortoise.execution;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.sql.dialect.Dialect;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds pooled connection factories from database URLs and engine credentials: R2DBC URLs
 * ({@code r2dbc:postgresql://...}, {@code r2dbc:h2:mem:///db}) and Tortoise's own
 * ({@code postgres://user:pass@host:5432/db}, {@code sqlite://:memory:} which is in-memory H2).
 */
public final class ConnectionUrls {
    /**
     * H2 folds unquoted identifiers to lower case, as PostgreSQL does, so that application SQL
     * (check constraints, raw queries) naming the ORM's lower-case tables and columns without
     * quotes works on both.
     */
    private static final String H2_LIKE_POSTGRES = "DATABASE_TO_LOWER=TRUE";

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
        String scheme;
        if (e.endsWith("asyncpg") || e.endsWith("psycopg") || e.equals("postgres") || e.equals("postgresql")) {
            scheme = "postgres";
        } else if (e.endsWith("sqlite") || e.equals("h2")) {
            scheme = "h2";
        } else {
            throw new ConfigurationError("Unknown DB engine: " + engine + " (connection \"" + name
                    + "\"); supported engines: tortoise.backends.asyncpg / postgres, tortoise.backends.sqlite / h2");
        }
        Map<String, String> params = new LinkedHashMap<>();
        credentials.forEach((k, v) -> params.put(k, v == null ? null : String.valueOf(v)));
        PoolSettings pool = poolSettings(params, defaults);
        if (scheme.equals("h2")) {
            String file = params.getOrDefault("file_path", params.getOrDefault("database", ":memory:"));
            ParsedUrl p = parse("sqlite://" + (file.startsWith("/") ? "/" + file : file), defaults);
            return build(name, p.options, pool, p.dialect);
        }
        ConnectionFactoryOptions.Builder b = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                .option(ConnectionFactoryOptions.HOST, params.getOrDefault("host", "localhost"))
                .option(ConnectionFactoryOptions.PORT, port(params.getOrDefault("port", "5432")));
        if (params.get("user") != null) {
            b.option(ConnectionFactoryOptions.USER, params.get("user"));
        }
        if (params.get("password") != null && !params.get("password").isEmpty()) {
            b.option(ConnectionFactoryOptions.PASSWORD, params.get("password"));
        }
        if (params.get("database") != null) {
            b.option(ConnectionFactoryOptions.DATABASE, params.get("database"));
        }
        driverOptions(b, params);
        return build(name, b.build(), pool, Dialect.forName("postgres"));
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
            if ("pool".equals(driver)) {
                driver = String.valueOf(options.getValue(ConnectionFactoryOptions.PROTOCOL)).split(":")[0];
            }
            return new ParsedUrl(options, defaults, dialectFor(driver, url));
        }
        int colon = url.indexOf("://");
        if (colon < 0) {
            throw new ConfigurationError("Unknown DB scheme: " + url.split(":")[0]);
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "sqlite", "h2" -> {
                String rest = url.substring(colon + 3);
                String query = "";
                int q = rest.indexOf('?');
                if (q >= 0) {
                    query = rest.substring(q + 1);
                    rest = rest.substring(0, q);
                }
                if (rest.isEmpty()) {
                    throw new ConfigurationError("No path specified for DB_URL");
                }
                Map<String, String> params = query(query);
                PoolSettings pool = poolSettings(params, defaults);
                String h2;
                if (rest.equals(":memory:") || rest.startsWith("mem:")) {
                    String db = rest.startsWith("mem:") ? rest.substring(4) : "tortoise_" + UUID.randomUUID()
                            .toString().replace("-", "");
                    h2 = "r2dbc:h2:mem:///" + db + "?options=DB_CLOSE_DELAY=-1;" + H2_LIKE_POSTGRES;
                } else {
                    String path = rest.endsWith(".db") ? rest.substring(0, rest.length() - 3) : rest;
                    h2 = "r2dbc:h2:file:///" + (path.startsWith("/") ? path.substring(1) : "./" + path)
                            + "?options=" + H2_LIKE_POSTGRES;
                }
                return new ParsedUrl(ConnectionFactoryOptions.parse(h2), pool, Dialect.forName("h2"));
            }
            case "postgres", "postgresql", "asyncpg", "psycopg" -> {
                URI uri;
                try {
                    uri = URI.create(url.replaceFirst("^[a-z]+://", "postgres://"));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationError("Invalid database URL: " + e.getMessage());
                }
                String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
                String userInfo = null;
                String hostPort = authority;
                int at = authority.lastIndexOf('@');
                if (at >= 0) {
                    userInfo = authority.substring(0, at);
                    hostPort = authority.substring(at + 1);
                }
                String host = hostPort;
                String portText = "5432";
                int pc = hostPort.lastIndexOf(':');
                if (pc >= 0) {
                    host = hostPort.substring(0, pc);
                    portText = hostPort.substring(pc + 1);
                }
                Map<String, String> params = query(uri.getRawQuery());
                ConnectionFactoryOptions.Builder b = ConnectionFactoryOptions.builder()
                        .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                        .option(ConnectionFactoryOptions.HOST, host.isEmpty() ? "localhost" : host)
                        .option(ConnectionFactoryOptions.PORT, port(portText));
                if (userInfo != null) {
                    String[] up = userInfo.split(":", 2);
                    b.option(ConnectionFactoryOptions.USER, decode(up[0]));
                    if (up.length > 1 && !up[1].isEmpty()) {
                        b.option(ConnectionFactoryOptions.PASSWORD, decode(up[1]));
                    }
                }
                String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
                if (!db.isEmpty()) {
                    b.option(ConnectionFactoryOptions.DATABASE, decode(db));
                }
                PoolSettings pool = poolSettings(params, defaults);
                driverOptions(b, params);
                return new ParsedUrl(b.build(), pool, Dialect.forName("postgres"));
            }
            default -> throw new ConfigurationError("Unknown DB scheme: " + scheme);
        }
    }

    private static void driverOptions(ConnectionFactoryOptions.Builder b, Map<String, String> params) {
        if (params.get("schema") != null) {
            b.option(Option.valueOf("schema"), params.get("schema"));
        }
        if (params.get("ssl") != null) {
            b.option(ConnectionFactoryOptions.SSL, Boolean.parseBoolean(params.get("ssl")));
        }
        if (params.get("application_name") != null) {
            b.option(Option.valueOf("applicationName"), params.get("application_name"));
        }
    }

    private static Dialect dialectFor(String driver, String url) {
        try {
            return Dialect.forName(driver);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("Unknown DB scheme: no dialect for driver '" + driver + "' in " + url
                    + "; supported: postgresql, h2");
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

    /** Wraps a factory in a pool with finite timeouts. */
    public static ConnectionPool pool(ConnectionFactory cf, PoolSettings p, String name) {
        ConnectionPoolConfiguration.Builder b = ConnectionPoolConfiguration.builder(
                        blockingDriver(cf) ? new OffloadingConnectionFactory(cf) : cf)
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
        return switch (driver) {
            case "postgresql", "postgres" -> "org.postgresql:r2dbc-postgresql";
            case "h2" -> "io.r2dbc:r2dbc-h2";
            case "mysql", "mariadb" -> "org.mariadb:r2dbc-mariadb";
            default -> "the R2DBC driver for " + driver;
        };
    }
}
