package dev.tortoise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs the test class once per database, each run on a fresh database of its own that is dropped when the run
 * ends; the runs are named {@code [h2]} and {@code [postgres]}. The class takes the {@link TestDatabase} (or the
 * {@link DatabaseKind}) as a constructor parameter or a {@code @Parameter} field, and
 * {@code @BeforeParameterizedClassInvocation} / {@code @AfterParameterizedClassInvocation} methods start and stop
 * what lives as long as the database:
 *
 * <pre>{@code
 * @FreshDatabase
 * class ItemTest {
 *     @RegisterExtension static final RollbackExtension rollback = new RollbackExtension();
 *     static Tortoise orm;
 *
 *     @BeforeParameterizedClassInvocation
 *     static void start(TestDatabase db) {
 *         orm = Tortoise.init(TortoiseConfig.builder().connection("default", db.url()).models(Item.class)
 *                 .connectionFactoryDecorator(rollback.decorator()).build());
 *         orm.generateSchemas(false).block();
 *     }
 *
 *     @AfterParameterizedClassInvocation
 *     static void stop() {
 *         orm.close().block();
 *     }
 * }
 * }</pre>
 *
 * <p>Without a reachable PostgreSQL the {@code [postgres]} run is skipped with a loud message, or fails under
 * {@code -Dtortoise.test.require-postgres=true} (likewise {@code [mariadb]} and {@code require-mariadb}, when
 * MariaDB is in the matrix).
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ParameterizedClass(name = "[{0}]")
@ArgumentsSource(DatabaseArguments.class)
public @interface FreshDatabase {

    /** The databases to run the class on; empty (the default): {@link DatabaseKind#matrix()}, the kinds Tortoise has a dialect for. */
    DatabaseKind[] value() default {};
}
