package dev.tortoise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A test run once per database, its display name tagged {@code [h2]} or {@code [postgres]}. The method's first
 * parameter is a fresh {@link TestDatabase} (created on first use, dropped after the test) or the
 * {@link DatabaseKind}:
 *
 * <pre>{@code
 * @DatabaseTest
 * void savesAnItem(TestDatabase db) {
 *     Tortoise orm = Tortoise.init(TortoiseConfig.builder().connection("default", db.url()).models(Item.class).build());
 *     ...
 *     assertThat(db.countRows("item")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Without a reachable PostgreSQL the {@code [postgres]} case is skipped with a loud message, or fails under
 * {@code -Dtortoise.test.require-postgres=true} (likewise {@code [mariadb]} and {@code require-mariadb}, when
 * MariaDB is in the matrix).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "[{0}]")
@ArgumentsSource(DatabaseArguments.class)
public @interface DatabaseTest {

    /** The databases to run on; empty (the default): {@link DatabaseKind#matrix()}, the kinds Tortoise has a dialect for. */
    DatabaseKind[] value() default {};
}
