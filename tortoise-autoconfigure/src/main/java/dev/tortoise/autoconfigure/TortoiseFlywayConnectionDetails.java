package dev.tortoise.autoconfigure;

import dev.tortoise.JdbcUrls;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.TortoiseConfig.ConnectionSpec;
import dev.tortoise.exception.ConfigurationError;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * The JDBC connection Spring Boot's Flyway auto-configuration migrates, derived from Tortoise's default connection
 * (see {@link JdbcUrls}), so that every {@code spring.flyway.*} property, {@code {vendor}} in locations, callbacks
 * and a {@code FlywayMigrationStrategy} behave as in any Boot application. As a {@link JdbcConnectionDetails} it
 * also satisfies the condition under which Boot configures Flyway at all (a DataSource, JDBC connection details
 * or {@code spring.flyway.url}); Boot's DataSource auto-configuration stays off because a ConnectionFactory bean
 * exists. Registered only when the application configures no JDBC connection of its own.
 */
public final class TortoiseFlywayConnectionDetails implements FlywayConnectionDetails, JdbcConnectionDetails {
    private final String connection;
    private final JdbcUrls.Jdbc jdbc;

    TortoiseFlywayConnectionDetails(TortoiseConfig config, Environment env) {
        this.connection = defaultConnection(config);
        this.jdbc = derive(config.connections().get(connection), env);
    }

    private static String defaultConnection(TortoiseConfig config) {
        var names = config.connections().keySet();
        return names.contains("default") || names.isEmpty() ? "default" : names.iterator().next();
    }

    /** The JDBC form of the connection; for an application ConnectionFactory, the one of {@code spring.r2dbc.url}. */
    private static JdbcUrls.Jdbc derive(ConnectionSpec spec, Environment env) {
        if (spec == null) {
            return null;
        }
        JdbcUrls.Jdbc jdbc = JdbcUrls.of(spec);
        String r2dbcUrl = env.getProperty("spring.r2dbc.url");
        if (jdbc == null && spec.factory() != null && r2dbcUrl != null) {
            jdbc = JdbcUrls.ofUrl(r2dbcUrl);
            if (jdbc != null && env.getProperty("spring.r2dbc.username") != null) {
                jdbc = new JdbcUrls.Jdbc(jdbc.url(), env.getProperty("spring.r2dbc.username"),
                        env.getProperty("spring.r2dbc.password"));
            }
        }
        return jdbc;
    }

    /** The JDBC URL of Tortoise's default connection; fails naming the properties to set when none can be derived. */
    @Override
    public String getJdbcUrl() {
        if (jdbc == null) {
            throw new ConfigurationError("Flyway is on the class path but no JDBC URL can be derived from Tortoise "
                    + "connection \"" + connection + "\": set spring.flyway.url (and .user/.password), or "
                    + "spring.flyway.enabled=false");
        }
        return jdbc.url();
    }

    @Override
    public String getUsername() {
        return jdbc == null ? null : jdbc.user();
    }

    @Override
    public String getPassword() {
        return jdbc == null || jdbc.password() == null ? "" : jdbc.password();
    }

    @Override
    public String getDriverClassName() {
        return DatabaseDriver.fromJdbcUrl(getJdbcUrl()).getDriverClassName();
    }
}
