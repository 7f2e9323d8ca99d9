package dev.tortoise.autoconfigure;

import static dev.tortoise.autoconfigure.TortoiseAutoConfiguration.beanClassLoader;
import static dev.tortoise.autoconfigure.TortoiseAutoConfiguration.build;
import static dev.tortoise.autoconfigure.TortoiseAutoConfiguration.defaultConnection;
import static dev.tortoise.autoconfigure.TortoiseAutoConfiguration.packages;

import dev.tortoise.ModelManager;
import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The configuration variants {@link TortoiseAutoConfiguration} imports, in order: where the configuration
 * comes from (the application's ConnectionFactory, else tortoise.*), then the runtime, then transactions.
 */
final class TortoiseConfigurations {
    private TortoiseConfigurations() {
    }

    /** The application's own ConnectionFactory becomes the default connection when tortoise.* names none. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(ConnectionFactory.class)
    @Conditional(TortoiseAutoConfiguration.NoTortoiseConnectionCondition.class)
    static class ApplicationConnectionFactoryConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TortoiseConfig tortoiseConfig(TortoiseProperties properties, ConnectionFactory connectionFactory,
                                      ObjectProvider<TortoiseConfigCustomizer> customizers, BeanFactory beanFactory) {
            return build(TortoiseConfigFactory.builder(properties, connectionFactory, packages(beanFactory),
                    beanClassLoader(beanFactory)), customizers);
        }
    }

    /** Connections from tortoise.* (db-url, config, config-file), or an embedded H2. */
    @Configuration(proxyBeanMethods = false)
    static class PropertiesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TortoiseConfig tortoiseConfig(TortoiseProperties properties,
                                      ObjectProvider<TortoiseConfigCustomizer> customizers, BeanFactory beanFactory) {
            return build(TortoiseConfigFactory.builder(properties, null, packages(beanFactory),
                    beanClassLoader(beanFactory)), customizers);
        }
    }

    /** The runtime, its start-up work and its shutdown. */
    @Configuration(proxyBeanMethods = false)
    static class RuntimeConfiguration {

        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean(ModelManager.class)
        Tortoise tortoise(TortoiseConfig config) {
            return Tortoise.init(config);
        }

        /** Schema generation, ordered by Boot after Flyway as a database initializer. */
        @Bean
        @ConditionalOnBean(Tortoise.class)
        @ConditionalOnBooleanProperty("tortoise.generate-schemas")
        @ConditionalOnMissingBean
        TortoiseSchemaInitializer tortoiseSchemaInitializer(Tortoise tortoise,
                                                            ObjectProvider<TortoiseLifecycle> lifecycle) {
            // the lifecycle exists first, so that a failed schema generation still closes the runtime's pools
            lifecycle.ifAvailable(l -> { });
            return new TortoiseSchemaInitializer(tortoise);
        }

        @Bean
        @ConditionalOnBean(Tortoise.class)
        @ConditionalOnMissingBean
        TortoiseLifecycle tortoiseLifecycle(Tortoise tortoise) {
            return new TortoiseLifecycle(tortoise);
        }

        @Bean
        @ConditionalOnBean(Tortoise.class)
        @ConditionalOnMissingBean(ConnectionFactory.class)
        ConnectionFactory tortoiseConnectionFactory(Tortoise tortoise) {
            return tortoise.connections().get(defaultConnection(tortoise)).factory();
        }
    }

    /**
     * Spring Boot's Flyway auto-configuration migrates Tortoise's default connection: this supplies the JDBC
     * connection it needs, unless the application configures its own (spring.flyway.url, a DataSource, or
     * connection details).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.flywaydb.core.Flyway",
            "org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails"})
    @ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
    @Conditional(FlywayConnectionConfiguration.NoFlywayUrl.class)
    @ConditionalOnMissingBean(type = {"javax.sql.DataSource",
            "org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails",
            "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails"})
    static class FlywayConnectionConfiguration {

        @Bean
        TortoiseFlywayConnectionDetails tortoiseFlywayConnectionDetails(TortoiseConfig config, Environment environment) {
            return new TortoiseFlywayConnectionDetails(config, environment);
        }

        /** spring.flyway.url names the database to migrate: Boot's own connection details take it. */
        static final class NoFlywayUrl extends NoneNestedConditions {
            NoFlywayUrl() {
                super(ConfigurationPhase.PARSE_CONFIGURATION);
            }

            @ConditionalOnProperty("spring.flyway.url")
            static final class FlywayUrl {
            }
        }
    }

    /** Spring transactions over the default connection, shared with the ORM's calls. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Tortoise.class)
    static class TransactionConfiguration {

        @Bean
        @ConditionalOnMissingBean(ReactiveTransactionManager.class)
        R2dbcTransactionManager tortoiseTransactionManager(Tortoise tortoise) {
            return new R2dbcTransactionManager(tortoise.connections().get(defaultConnection(tortoise)).factory());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnSingleCandidate(ReactiveTransactionManager.class)
        TransactionalOperator tortoiseTransactionalOperator(ReactiveTransactionManager transactionManager) {
            return TransactionalOperator.create(transactionManager);
        }
    }

}
