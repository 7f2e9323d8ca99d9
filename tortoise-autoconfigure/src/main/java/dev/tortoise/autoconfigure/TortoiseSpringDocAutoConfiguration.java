package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import dev.tortoise.modelschema.ModelSchemas;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Describes models in springdoc-openapi's documents by their schemas: registers {@link TortoiseModelConverter}
 * as a bean, which springdoc adds to the converters it resolves types with. Active when springdoc is on the
 * class path.
 */
@AutoConfiguration(after = TortoiseAutoConfiguration.class)
@ConditionalOnClass(name = {"io.swagger.v3.core.converter.ModelConverter",
        "org.springdoc.core.configuration.SpringDocConfiguration", "dev.tortoise.Tortoise"})
public final class TortoiseSpringDocAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TortoiseModelConverter tortoiseModelConverter(ObjectProvider<ModelSchemas> schemas,
                                                  ObjectProvider<Tortoise> tortoise) {
        return new TortoiseModelConverter(schemas.getIfAvailable(
                () -> TortoiseJacksonConfiguration.schemasOf(tortoise)));
    }
}
