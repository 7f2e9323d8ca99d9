package dev.tortoise.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * The auto-configurations of a Tortoise test: Tortoise's own ({@code TortoiseAutoConfiguration}: the runtime, its
 * connections, schema generation, the transaction manager), Spring Boot's Flyway auto-configuration, Spring Boot's R2DBC connection factory
 * when the application uses one, and Spring's transaction support ({@code @Transactional}). Most tests use
 * {@link TortoiseTest @TortoiseTest} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureTortoise {
}
