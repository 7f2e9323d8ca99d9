package dev.tortoise.sql.dialect.mariadb;

import dev.tortoise.sql.dialect.ConnectionTarget;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.HostAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB and MySQL through r2dbc-mariadb: Tortoise's {@code mysql://} URLs (and {@code mariadb://}),
 * its {@code tortoise.backends.mysql} engine, and R2DBC's {@code mariadb} and {@code mysql} driver names.
 */
public final class MariaDbDialectProvider implements DialectProvider {
    private static final int DEFAULT_PORT = 3306;

    /**
     * {@code mariadb}: Spring Boot expands {@code {vendor}} to {@code mariadb} for a MariaDB server (its
     * {@code DatabaseDriver.MARIADB}; {@code mysql} for a MySQL server, which these migrations do not target).
     */
    @Override
    public String migrationVendor() {
        return "mariadb";
    }

    @Override
    public Dialect dialect() {
        return MariaDbDialect.INSTANCE;
    }

    /** R2DBC's driver names and the product names r2dbc-mariadb reports for either server. */
    @Override
    public Set<String> aliases() {
        return Set.of("mysql");
    }

    @Override
    public Set<String> urlSchemes() {
        return Set.of("mysql", "mariadb");
    }

    @Override
    public boolean acceptsEngine(String engine) {
        return engine.endsWith("mysql") || engine.equals("mariadb");
    }

    @Override
    public String engineHint() {
        return "tortoise.backends.mysql / mariadb";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public ConnectionTarget urlTarget(String scheme, String location, Map<String, String> params) {
        HostAddress a = HostAddress.parse(location, DEFAULT_PORT);
        Map<String, String> c = new LinkedHashMap<>(params);
        c.put("host", a.host());
        c.put("port", a.port());
        putIfSet(c, "user", a.user());
        putIfSet(c, "password", a.password());
        putIfSet(c, "database", a.database());
        return credentialsTarget(c);
    }

    /**
     * {@code host}, {@code port}, {@code user}, {@code password}, {@code database} as in Tortoise's
     * MySQL credentials. Its {@code charset} is accepted and must be a utf8 one: r2dbc-mariadb always
     * talks utf8mb4.
     */
    @Override
    public ConnectionTarget credentialsTarget(Map<String, String> c) {
        String charset = c.get("charset");
        if (charset != null && !charset.toLowerCase(java.util.Locale.ROOT).startsWith("utf8")) {
            throw new IllegalArgumentException("charset=" + charset + " is not supported: r2dbc-mariadb always "
                    + "uses utf8mb4");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("driver", "mariadb");
        o.put("host", c.getOrDefault("host", "localhost"));
        o.put("port", c.getOrDefault("port", String.valueOf(DEFAULT_PORT)));
        if (c.get("user") != null) {
            o.put("user", c.get("user"));
        }
        if (c.get("password") != null && !c.get("password").isEmpty()) {
            o.put("password", c.get("password"));
        }
        if (c.get("database") != null) {
            o.put("database", c.get("database"));
        }
        if (c.get("connect_timeout") != null) {
            o.put("connectTimeout", java.time.Duration.ofMillis((long) (Double.parseDouble(c.get("connect_timeout"))
                    * 1000)));
        }
        return ConnectionTarget.ofOptions(o);
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** r2dbc-mariadb serves MySQL too, under its own driver name. */
    @Override
    public String r2dbcDriver(String driver) {
        return driver.equals("mysql") ? "mariadb" : driver;
    }

    @Override
    public String driverArtifact() {
        return "org.mariadb:r2dbc-mariadb";
    }

    /** {@code jdbc:mariadb://host:port/db} (MariaDB Connector/J, which Flyway's MySQL support also accepts). */
    @Override
    public String jdbcUrl(String protocol, String host, String port, String database, Map<String, String> options) {
        return "jdbc:mariadb://" + (host == null ? "localhost" : host) + ":" + (port == null ? DEFAULT_PORT : port)
                + "/" + (database == null ? "" : database);
    }
}
