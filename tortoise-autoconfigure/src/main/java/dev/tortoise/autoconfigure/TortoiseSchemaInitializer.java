package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates the missing tables, indexes and constraints of every model at start-up ({@code tortoise.generate-schemas},
 * safe mode). Spring Boot orders it as a database initializer after Flyway's migrations, and beans marked
 * {@code @DependsOnDatabaseInitialization} after it. Replace it with a bean of this type (or switch the property
 * off) to initialize the schema differently.
 */
public class TortoiseSchemaInitializer implements InitializingBean {
    private final Tortoise tortoise;

    public TortoiseSchemaInitializer(Tortoise tortoise) {
        this.tortoise = tortoise;
    }

    @Override
    public void afterPropertiesSet() {
        tortoise.generateSchemas(true).block(TortoiseAutoConfiguration.STARTUP_TIMEOUT);
    }

    /** Makes Boot treat the initializer as a database initializer that runs after Flyway and Liquibase. */
    public static final class Detector
            extends org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector {
        @Override
        protected java.util.Set<Class<?>> getDatabaseInitializerBeanTypes() {
            return java.util.Set.of(TortoiseSchemaInitializer.class);
        }

        @Override
        public int getOrder() {
            return 10;
        }
    }
}
