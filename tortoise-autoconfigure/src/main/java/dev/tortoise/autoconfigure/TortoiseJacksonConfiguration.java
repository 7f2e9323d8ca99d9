package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import dev.tortoise.modelschema.ModelSchemas;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the models' {@link ModelSchemas} (replace the bean to configure schemas per model) and
 * {@link TortoiseJacksonModule} over them; Spring Boot's Jackson auto-configuration adds every
 * {@code JacksonModule} bean to the {@code JsonMapper} that WebFlux's codecs use.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
class TortoiseJacksonConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ModelSchemas tortoiseModelSchemas(ObjectProvider<Tortoise> tortoise) {
        return schemasOf(tortoise);
    }

    /** Schemas over the registry of the runtime bean, looked up when first needed (null while there is none). */
    static ModelSchemas schemasOf(ObjectProvider<Tortoise> tortoise) {
        return ModelSchemas.builder(() -> {
            Tortoise t = tortoise.getIfAvailable();
            return t == null ? null : t.registry();
        }).build();
    }

    @Bean
    @ConditionalOnMissingBean
    TortoiseJacksonModule tortoiseJacksonModule(ModelSchemas schemas) {
        return new TortoiseJacksonModule(schemas);
    }
}
