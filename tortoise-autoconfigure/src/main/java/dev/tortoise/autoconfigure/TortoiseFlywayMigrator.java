package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig.ConnectionSpec;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Runs Flyway migrations at start-up, before schema generation, on the default connection. The JDBC URL is
 * derived from the Tortoise connection (see {@link JdbcUrls}); {@code spring.flyway.url}, {@code .user},
 * {@code .password}, {@code .locations}, {@code .baseline-on-migrate} and {@code .enabled} override it.
 */
public final class TortoiseFlywayMigrator {
    private static final Log LOG = LogFactory.getLog(TortoiseFlywayMigrator.class);

    private final Environment env;

    TortoiseFlywayMigrator(Environment env) {
        this.env = env;
    }

    /** Migrates the default connection's database when migrations exist; returns how many were applied. */
    public int migrate(Tortoise tortoise, String defaultConnection) {
        if (!env.getProperty("spring.flyway.enabled", Boolean.class, true)) {
            return 0;
        }
        String[] locations = env.getProperty("spring.flyway.locations", String[].class,
                new String[] {"classpath:db/migration"});
        if (!hasMigrations(locations)) {
            return 0;
        }
        String url = env.getProperty("spring.flyway.url");
        String user = env.getProperty("spring.flyway.user");
        String password = env.getProperty("spring.flyway.password");
        if (url == null) {
            ConnectionSpec spec = tortoise.config().connections().get(defaultConnection);
            JdbcUrls.Jdbc jdbc = spec == null ? null : JdbcUrls.of(spec);
            if (jdbc == null && spec != null && spec.factory() != null && env.getProperty("spring.r2dbc.url") != null) {
                jdbc = JdbcUrls.ofUrl(env.getProperty("spring.r2dbc.url"));
                if (jdbc != null && env.getProperty("spring.r2dbc.username") != null) {
                    jdbc = new JdbcUrls.Jdbc(jdbc.url(), env.getProperty("spring.r2dbc.username"),
                            env.getProperty("spring.r2dbc.password"));
                }
            }
            if (jdbc == null) {
                throw new dev.tortoise.exception.ConfigurationError("Flyway migrations found in "
                        + Arrays.toString(locations) + " but no JDBC URL can be derived from connection \""
                        + defaultConnection + "\": set spring.flyway.url (and .user/.password)");
            }
            url = jdbc.url();
            user = user != null ? user : jdbc.user();
            password = password != null ? password : jdbc.password();
        }
        FluentConfiguration fc = Flyway.configure(tortoise.config().classLoader())
                .dataSource(url, user, password == null ? "" : password)
                .locations(locations)
                .baselineOnMigrate(env.getProperty("spring.flyway.baseline-on-migrate", Boolean.class, false));
        String table = env.getProperty("spring.flyway.table");
        if (table != null) {
            fc.table(table);
        }
        int applied = fc.load().migrate().migrationsExecuted;
        LOG.info("Flyway applied " + applied + " migration(s) from " + Arrays.toString(locations) + " to " + url);
        return applied;
    }

    private static boolean hasMigrations(String[] locations) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String location : locations) {
            String base = location.startsWith("classpath:") ? "classpath*:" + location.substring(10)
                    : location.startsWith("filesystem:") ? "file:" + location.substring(11) : location;
            try {
                if (resolver.getResources(base + "/**/*.sql").length > 0) {
                    return true;
                }
            } catch (IOException e) {
                // an unreadable location holds no migrations
            }
        }
        return false;
    }
}
