package dev.tortoise.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * WebFlux integration: the exception handlers ({@code tortoise.add-exception-handlers=true}) with the URI
 * length limit they answer in problem details, the guard that releases the queries of abandoned
 * responses ({@code tortoise.web.cancel-abandoned-responses}), and on Reactor Netty the guard that keeps a
 * kept-alive connection reading after a request answered on the spot ({@code tortoise.web.resume-kept-alive-reads}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ServerResponse.class)
class TortoiseWebFluxConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("tortoise.add-exception-handlers")
    TortoiseExceptionHandler tortoiseExceptionHandler(TortoiseProperties properties) {
        return new TortoiseExceptionHandler(properties.getWeb().getRetryAfter(),
                properties.getWeb().getErrorLogInterval());
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnBooleanProperty("tortoise.add-exception-handlers")
    WebFilter tortoiseUriLengthFilter(TortoiseProperties properties) {
        return new UriLengthFilter(properties.getWeb().getMaxUriLength());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "tortoise.web.cancel-abandoned-responses", matchIfMissing = true)
    static HttpHandlerDecoratorFactory tortoiseAbandonedResponseGuard() {
        return new AbandonedResponseGuard();
    }

    /** Reactor Netty's kept-alive connections read on after every answer (see {@link KeepAliveReadGuard}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.netty.Connection")
    @ConditionalOnBooleanProperty(name = "tortoise.web.resume-kept-alive-reads", matchIfMissing = true)
    static class NettyKeepAlive {

        @Bean
        static HttpHandlerDecoratorFactory tortoiseKeepAliveReadGuard() {
            return new KeepAliveReadGuard();
        }
    }

    /** Netty's own early answers (a long request line, an unparsable URI) in problem details. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory")
    @ConditionalOnBooleanProperty("tortoise.add-exception-handlers")
    static class NettyRequestLine {

        @Bean
        NettyProblemDetails tortoiseNettyProblemDetails(TortoiseProperties properties) {
            return new NettyProblemDetails(properties.getWeb().getMaxUriLength());
        }
    }
}
