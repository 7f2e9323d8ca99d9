package dev.tortoise.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.env.Environment;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A Spring Boot test slice for Tortoise code, as {@code @DataR2dbcTest} is for Spring Data R2DBC: only the ORM's
 * auto-configuration (the runtime as {@code ModelManager}, its connections, Flyway migrations and schema
 * generation as the application configures them, the transaction manager) and no web layer; no
 * {@code @Component} is scanned, so add services under test with {@code @Import}.
 *
 * <p>Statement recording and rollback are on (see {@link AutoConfigureTortoiseTestSupport}): a
 * {@link dev.tortoise.test.StatementRecorder} bean records the ORM's statements (cleared before each test method
 * runs, after its {@code @BeforeEach} methods), and each test method, with its {@code @BeforeEach} and
 * {@code @AfterEach} methods, runs in a transaction rolled back at its end; {@code @Commit} or
 * {@code @Rollback(false)} on a method or class keeps its writes.
 *
 * <p>The database is the application's; {@link TortoiseTestDatabase @TortoiseTestDatabase} replaces it with a
 * fresh H2 or PostgreSQL database per application context.
 *
 * <pre>{@code
 * @TortoiseTest
 * @Import(ShopService.class)
 * class ShopServiceTest {
 *     @Autowired ShopService shop;
 *     @Autowired StatementRecorder statements;
 *
 *     @Test
 *     void placingAnOrderTakesTwoStatements() {
 *         StepVerifier.create(statements.expectStatements(2, () -> shop.placeOrder("widget")))
 *                 .expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(TortoiseTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(TortoiseTypeExcludeFilter.class)
@AutoConfigureTortoise
@AutoConfigureTortoiseTestSupport
@ImportAutoConfiguration
public @interface TortoiseTest {

    /** Properties in form {@literal key=value} added to the Spring {@link Environment} before the test runs. */
    String[] properties() default {};

    /**
     * Whether default filtering is used with {@link SpringBootApplication @SpringBootApplication}; by default no
     * beans are included.
     */
    boolean useDefaultFilters() default true;

    /** Include filters adding otherwise filtered beans to the application context. */
    Filter[] includeFilters() default {};

    /** Exclude filters removing beans that would otherwise be added to the application context. */
    Filter[] excludeFilters() default {};

    /** Auto-configuration exclusions for this test. */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};
}
