package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link Tortoise#forPool} under the pool Spring Boot makes from {@code spring.r2dbc.*}, so that on
 * r2dbc-mariadb every pooled connection has a driver lock of its own and Tortoise streams its results with
 * backpressure (docs/reliability.md, "MariaDB results that stopped midway"); other drivers' factories are left
 * as they are.
 *
 * <p>Why a decorator: Boot applies its {@link ConnectionFactoryDecorator} beans to the driver's factory before
 * wrapping it in r2dbc-pool, in their order, each around the one before; ours comes first, so that it wraps the
 * driver's factory itself and r2dbc-proxy's or the observation decorator wrap it in turn.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"org.springframework.boot.r2dbc.ConnectionFactoryDecorator",
        "org.mariadb.r2dbc.MariadbConnectionFactory"})
class TortoiseR2dbcPoolConfiguration {

    @Bean
    static MariaDbPoolDecorator tortoiseMariaDbPoolDecorator() {
        return new MariaDbPoolDecorator();
    }

    /** {@link Tortoise#forPool} as the first of Boot's decorators. */
    static final class MariaDbPoolDecorator implements ConnectionFactoryDecorator, Ordered {
        @Override
        public ConnectionFactory decorate(ConnectionFactory delegate) {
            return Tortoise.forPool(delegate);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
