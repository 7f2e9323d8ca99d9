package dev.tortoise.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture test class that only {@link Fixtures} runs (an outer test then checks what it did); run any
 * other way (an IDE, {@code -Dtest=...}) it is disabled.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(FixtureOnly.Condition.class)
public @interface FixtureOnly {

    /** Enables the class only under the configuration parameter {@link Fixtures} sets. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(Fixtures.PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run as a fixture")
                    : ConditionEvaluationResult.disabled("a fixture, run by the test that encloses it");
        }
    }
}
