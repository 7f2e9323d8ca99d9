package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer metrics of every statement and every pool, and a health indicator per connection. */
@Configuration(proxyBeanMethods = false)
class TortoiseObservabilityConfiguration {

    /** The {@code tortoise.statements} timer, added as a statement listener when a MeterRegistry exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tortoiseMetricsConfigCustomizer")
        TortoiseConfigCustomizer tortoiseMetricsConfigCustomizer(ObjectProvider<MeterRegistry> registry) {
            return builder -> {
                MeterRegistry r = registry.getIfUnique();
                if (r != null) {
                    builder.statementListener(new TortoiseStatementMetrics(r));
                }
            };
        }

        /** {@code r2dbc.pool.*} gauges of every pool the runtime created, bound by Boot's meter registry support. */
        @Bean
        @ConditionalOnBean(Tortoise.class)
        @ConditionalOnMissingBean
        TortoisePoolMetrics tortoisePoolMetrics(Tortoise tortoise) {
            return new TortoisePoolMetrics(tortoise);
        }
    }

    /** {@code /actuator/health} shows {@code tortoise} with one entry per connection. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
    @ConditionalOnBean(Tortoise.class)
    @ConditionalOnEnabledHealthIndicator("tortoise")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "tortoiseHealthContributor")
        CompositeReactiveHealthContributor tortoiseHealthContributor(Tortoise tortoise) {
            return CompositeReactiveHealthContributor.fromMap(tortoise.connections(), TortoiseHealthIndicator::new);
        }
    }
}
