package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * The start-up drift check of migrations made by tortoise-migrations (on the class path): the
 * models against the last migration's state, per {@code tortoise.migrations.check}.
 */
@AutoConfiguration(after = TortoiseAutoConfiguration.class)
@ConditionalOnClass(name = "dev.tortoise.migrations.Migrations")
@ConditionalOnBean(Tortoise.class)
@EnableConfigurationProperties(TortoiseMigrationsProperties.class)
public final class TortoiseMigrationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TortoiseMigrationsCheck tortoiseMigrationsCheck(Tortoise tortoise, TortoiseMigrationsProperties properties,
                                                    ResourceLoader resourceLoader) {
        return new TortoiseMigrationsCheck(tortoise, properties, resourceLoader);
    }
}
