package dev.tortoise.sql.dialect.postgres;

import dev.tortoise.sql.dialect.ConnectionTarget;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.HostAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL through r2dbc-postgresql: Tortoise's {@code postgres://} URLs (and the
 * {@code asyncpg}/{@code psycopg} spellings), its engine names, and R2DBC's {@code postgresql} driver.
 */
public final class PostgresDialectProvider implements DialectProvider {
    private static final int DEFAULT_PORT = 5432;

    /** {@code postgresql}, Spring Boot's id for PostgreSQL (the dialect is named {@code postgres}). */
    @Override
    public String migrationVendor() {
        return "postgresql";
    }

    @Override
    public Dialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("postgresql");
    }

    @Override
    public Set<String> urlSchemes() {
        return Set.of("postgres", "postgresql", "asyncpg", "psycopg");
    }

    @Override
    public boolean acceptsEngine(String engine) {
        return engine.endsWith("asyncpg") || engine.endsWith("psycopg") || engine.equals("postgres")
                || engine.equals("postgresql");
    }

    @Override
    public String engineHint() {
        return "tortoise.backends.asyncpg / postgres";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public ConnectionTarget urlTarget(String scheme, String location, Map<String, String> params) {
        HostAddress a = HostAddress.parse(location, DEFAULT_PORT);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("driver", "postgresql");
        o.put("host", a.host());
        o.put("port", a.port());
        if (a.user() != null) {
            o.put("user", a.user());
        }
        if (a.password() != null) {
            o.put("password", a.password());
        }
        if (a.database() != null) {
            o.put("database", a.database());
        }
        driverOptions(o, params);
        return ConnectionTarget.ofOptions(o);
    }

    @Override
    public ConnectionTarget credentialsTarget(Map<String, String> c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("driver", "postgresql");
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
        driverOptions(o, c);
        return ConnectionTarget.ofOptions(o);
    }

    /** Tortoise's {@code schema}, {@code ssl} and {@code application_name} as r2dbc-postgresql options. */
    private static void driverOptions(Map<String, Object> o, Map<String, String> params) {
        if (params.get("schema") != null) {
            o.put("schema", params.get("schema"));
        }
        if (params.get("ssl") != null) {
            o.put("ssl", Boolean.parseBoolean(params.get("ssl")));
        }
        if (params.get("application_name") != null) {
            o.put("applicationName", params.get("application_name"));
        }
    }

    @Override
    public String driverArtifact() {
        return "org.postgresql:r2dbc-postgresql";
    }

    /** {@code jdbc:postgresql://host:port/db}, with the schema as {@code currentSchema}. */
    @Override
    public String jdbcUrl(String protocol, String host, String port, String database, Map<String, String> options) {
        String schema = options.get("schema");
        return "jdbc:postgresql://" + (host == null ? "localhost" : host) + ":" + (port == null ? DEFAULT_PORT : port)
                + "/" + (database == null ? "" : database) + (schema == null ? "" : "?currentSchema=" + schema);
    }
}
