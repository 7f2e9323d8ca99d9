package dev.tortoise.sql.dialect;

import java.util.Map;
import java.util.Set;

/**
 * The service that adds a database: its {@link Dialect}, the names it is known by, and how
 * Tortoise-style URLs and credentials translate to its R2DBC driver. Implementations are found with
 * {@link java.util.ServiceLoader}: a database is one package holding its dialect and provider plus a
 * line in {@code META-INF/services/dev.tortoise.sql.dialect.DialectProvider}, and nothing else
 * changes.
 */
public interface DialectProvider {

    /** The dialect; one shared instance. */
    Dialect dialect();

    /**
     * Lower-case names that select this database besides {@link Dialect#name()}: R2DBC driver names
     * ({@code r2dbc:<driver>:...}) and the product name the driver reports in its metadata.
     */
    Set<String> aliases();

    /** Lower-case schemes of Tortoise-style URLs this provider reads ({@code postgres}, {@code asyncpg}). */
    Set<String> urlSchemes();

    /**
     * Whether Tortoise's engine name (lower case: {@code tortoise.backends.asyncpg}, {@code postgres})
     * names this database, in the credentials form of a connection.
     */
    boolean acceptsEngine(String engine);

    /** The engine names to suggest in error messages ({@code tortoise.backends.asyncpg / postgres}). */
    String engineHint();

    /** The server's default port, or -1 for an embedded database. */
    int defaultPort();

    /**
     * How to connect for a Tortoise-style URL {@code scheme://location?params}; the pool parameters
     * (minsize, maxsize, *_timeout) are read by the caller and may be ignored here.
     *
     * @throws IllegalArgumentException when the location is malformed
     */
    ConnectionTarget urlTarget(String scheme, String location, Map<String, String> params);

    /**
     * How to connect for Tortoise's credentials form ({@code host}, {@code port}, {@code user},
     * {@code password}, {@code database}, {@code file_path}... as text).
     */
    ConnectionTarget credentialsTarget(Map<String, String> credentials);

    /**
     * The name of this database's folder among Flyway migrations, as Spring Boot expands {@code {vendor}} in
     * {@code spring.flyway.locations} ({@code h2}, {@code postgresql}, {@code mariadb}): where the migrations
     * made from models for this database are written and read. The dialect's name by default.
     */
    default String migrationVendor() {
        return dialect().name();
    }

    /** The Maven coordinates of the R2DBC driver, for the error shown when it is missing. */
    String driverArtifact();

    /**
     * The R2DBC driver that serves {@code driver}, a name this provider is known by in
     * {@code r2dbc:<driver>:...} URLs ({@code r2dbc:mysql://} is served by r2dbc-mariadb's
     * {@code mariadb}); the name itself by default.
     */
    default String r2dbcDriver(String driver) {
        return driver;
    }

    /**
     * The JDBC URL of the same database, for tools that speak JDBC (Flyway), from the parts of an R2DBC
     * connection: the driver's protocol ({@code mem} of {@code r2dbc:h2:mem:///db}, may be null), host,
     * port (null: the default), database, and the driver's other options by name ({@code schema}).
     * Null when the database has no JDBC form; by default none.
     */
    default String jdbcUrl(String protocol, String host, String port, String database, Map<String, String> options) {
        return null;
    }
}
