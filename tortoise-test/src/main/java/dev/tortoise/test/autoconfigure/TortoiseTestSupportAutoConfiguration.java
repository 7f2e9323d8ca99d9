package dev.tortoise.test.autoconfigure;

import dev.tortoise.autoconfigure.TortoiseAutoConfiguration;
import dev.tortoise.autoconfigure.TortoiseConfigCustomizer;
import dev.tortoise.test.StatementRecorder;
import dev.tortoise.test.TestTransaction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Installs statement recording and the per-test transaction on the Tortoise runtime of a test's application
 * context (imported by {@link AutoConfigureTortoiseTestSupport}, never by an application).
 */
@AutoConfiguration(before = TortoiseAutoConfiguration.class)
public final class TortoiseTestSupportAutoConfiguration {

    TortoiseTestSupportAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "tortoise.test.record-statements", matchIfMissing = true)
    StatementRecorder tortoiseStatementRecorder() {
        return new StatementRecorder();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "tortoise.test.rollback", matchIfMissing = true)
    TestTransaction tortoiseTestTransaction() {
        return new TestTransaction();
    }

    /**
     * Applied after the application's customizers, so that its own decorators sit under the test's. The test
     * transaction comes first, so that the recorder sees the statements of the transactional connection.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    TortoiseConfigCustomizer tortoiseTestConnectionDecorators(ObjectProvider<TestTransaction> transaction,
                                                              ObjectProvider<StatementRecorder> recorder) {
        return builder -> {
            transaction.ifUnique(t -> builder.connectionFactoryDecorator(t.decorator()));
            recorder.ifUnique(r -> builder.connectionFactoryDecorator(r.decorator()));
        };
    }
}
