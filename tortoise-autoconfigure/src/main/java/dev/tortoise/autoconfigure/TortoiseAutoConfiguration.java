package dev.tortoise.autoconfigure;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configuration of the Tortoise ORM, Spring's counterpart of {@code register_tortoise}: builds a
 * {@link TortoiseConfig} from {@code tortoise.*} (or reuses the application's {@link ConnectionFactory}, or
 * starts an embedded H2), hands the database to Spring Boot's Flyway auto-configuration, generates schemas after
 * the migrations, exposes the runtime as a {@link ModelManager} and closes it gracefully on shutdown.
 */
// before DataSourceAutoConfiguration, which backs off when a ConnectionFactory bean exists, and before Flyway's,
// which runs when JDBC connection details exist (TortoiseFlywayConnectionDetails)
@AutoConfiguration(afterName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        beforeName = {"org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
                "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@ConditionalOnClass(Tortoise.class)
@EnableConfigurationProperties(TortoiseProperties.class)
@Import({TortoiseConfigurations.ApplicationConnectionFactoryConfiguration.class,
        TortoiseConfigurations.PropertiesConfiguration.class,
        TortoiseConfigurations.RuntimeConfiguration.class,
        TortoiseConfigurations.FlywayConnectionConfiguration.class,
        TortoiseConfigurations.TransactionConfiguration.class,
        TortoiseWebFluxConfiguration.class,
        TortoiseJacksonConfiguration.class,
        TortoiseObservabilityConfiguration.class,
        TortoiseR2dbcPoolConfiguration.class,
        DatabaseInitializationDependencyConfigurer.class})
public final class TortoiseAutoConfiguration {

    /** Phase of the lifecycle that closes the runtime: after the web server has stopped taking requests. */
    public static final int LIFECYCLE_PHASE = Integer.MAX_VALUE - 4096;

    /** Start-up migrations and schema generation wait at most this long. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);

    private TortoiseAutoConfiguration() {
    }

    static TortoiseConfig build(TortoiseConfig.Builder b, ObjectProvider<TortoiseConfigCustomizer> customizers) {
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    static List<String> packages(BeanFactory beanFactory) {
        return AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
    }

    static ClassLoader beanClassLoader(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableBeanFactory c
                && c.getBeanClassLoader() != null) {
            return c.getBeanClassLoader();
        }
        return Thread.currentThread().getContextClassLoader();
    }

    /** The connection apps use when they name none: "default" if present, else the first. */
    static String defaultConnection(Tortoise tortoise) {
        var names = tortoise.connections().keySet();
        return names.contains("default") ? "default" : names.iterator().next();
    }

    /** Matches when tortoise.* names no connection (no db-url, config-file or config.connections). */
    static final class NoTortoiseConnectionCondition extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            boolean named = org.springframework.util.StringUtils.hasText(env.getProperty("tortoise.db-url"))
                    || env.containsProperty("tortoise.config-file")
                    || Binder.get(env).bind("tortoise.config.connections",
                            Bindable.mapOf(String.class, Object.class)).map(m -> !m.isEmpty()).orElse(false);
            return named ? ConditionOutcome.noMatch("a Tortoise connection is configured")
                    : ConditionOutcome.match("no Tortoise connection is configured");
        }
    }
}
