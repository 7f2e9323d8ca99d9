package dev.tortoise.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * WebFlux integration: the exception handlers ({@code tortoise.add-exception-handlers=true}) and the
 * guard that releases the queries of abandoned responses ({@code tortoise.web.cancel-abandoned-responses}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ServerResponse.class)
class TortoiseWebFluxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("tortoise.add-exception-handlers")
    TortoiseExceptionHandler tortoiseExceptionHandler() {
        return new TortoiseExceptionHandler();
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "tortoise.web.cancel-abandoned-responses", matchIfMissing = true)
    static HttpHandlerDecoratorFactory tortoiseAbandonedResponseGuard() {
        return new AbandonedResponseGuard();
    }
}
