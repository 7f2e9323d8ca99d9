package dev.tortoise.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Statement recording and per-test rollback for the Tortoise runtime of a Spring test (part of
 * {@link TortoiseTest @TortoiseTest}; add it to a {@code @SpringBootTest} to get them there too): a
 * {@link dev.tortoise.test.StatementRecorder} bean and a {@link dev.tortoise.test.TestTransaction} bean, both
 * installed on every Tortoise connection, and a test execution listener that rolls each test method back.
 * {@code tortoise.test.record-statements=false} and {@code tortoise.test.rollback=false} turn them off;
 * {@code @Commit} or {@code @Rollback(false)} keeps one method's or class's writes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(TortoiseTestSupportAutoConfiguration.class)
public @interface AutoConfigureTortoiseTestSupport {
}
