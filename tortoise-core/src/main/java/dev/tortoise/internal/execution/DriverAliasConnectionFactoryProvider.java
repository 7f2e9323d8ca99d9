package dev.tortoise.internal.execution;

import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.Dialects;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import java.util.Locale;

/**
 * Lets R2DBC URLs name a database by a driver name its {@link DialectProvider} maps to another
 * ({@link DialectProvider#r2dbcDriver}): {@code r2dbc:mysql://...} is served by r2dbc-mariadb's
 * {@code mariadb} driver. Registered with R2DBC's {@link java.util.ServiceLoader}, so that any code
 * building a factory from such a URL (Spring Boot's {@code spring.r2dbc.url}, r2dbc-pool) finds it.
 */
public final class DriverAliasConnectionFactoryProvider implements ConnectionFactoryProvider {

    @Override
    public ConnectionFactory create(ConnectionFactoryOptions options) {
        String served = served(options);
        if (served == null) {
            throw new IllegalArgumentException("No driver alias for " + options.getValue(ConnectionFactoryOptions.DRIVER));
        }
        return ConnectionFactories.get(options.mutate().option(ConnectionFactoryOptions.DRIVER, served).build());
    }

    @Override
    public boolean supports(ConnectionFactoryOptions options) {
        return served(options) != null;
    }

    @Override
    public String getDriver() {
        return "tortoise-driver-alias";
    }

    /** The driver that serves the options' driver name when a provider maps it to another, else null. */
    private static String served(ConnectionFactoryOptions options) {
        Object value = options.getValue(ConnectionFactoryOptions.DRIVER);
        if (value == null) {
            return null;
        }
        String driver = value.toString().toLowerCase(Locale.ROOT);
        for (DialectProvider p : Dialects.providers()) {
            if (p.aliases().contains(driver) || p.dialect().name().equals(driver)) {
                String served = p.r2dbcDriver(driver);
                return served.equals(driver) ? null : served;
            }
        }
        return null;
    }
}
