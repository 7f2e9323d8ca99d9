package dev.tortoise.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.ServerResponse;

/** WebFlux exception handlers, registered with {@code tortoise.add-exception-handlers=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ServerResponse.class)
@ConditionalOnBooleanProperty("tortoise.add-exception-handlers")
class TortoiseWebFluxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TortoiseExceptionHandler tortoiseExceptionHandler() {
        return new TortoiseExceptionHandler();
    }
}
