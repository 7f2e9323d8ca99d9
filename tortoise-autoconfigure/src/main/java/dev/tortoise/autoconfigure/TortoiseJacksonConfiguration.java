package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link TortoiseJacksonModule} as a bean; Spring Boot's Jackson auto-configuration adds every
 * {@code JacksonModule} bean to the {@code JsonMapper} that WebFlux's codecs use.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
class TortoiseJacksonConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TortoiseJacksonModule tortoiseJacksonModule(ObjectProvider<Tortoise> tortoise) {
        return new TortoiseJacksonModule(tortoise::getIfAvailable);
    }
}
