package dev.tortoise.test.autoconfigure;

import dev.tortoise.test.DatabaseKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replaces the application's database in a Spring test with a fresh one of the given kind: a new in-memory H2
 * database, a new PostgreSQL schema or a new MariaDB database per application context (Spring caches contexts
 * across test classes with the same configuration; per-test rollback keeps them clean), dropped when the context closes. It sets
 * {@code tortoise.db-url} and {@code spring.flyway.url/user/password}, and registers the
 * {@link dev.tortoise.test.TestDatabase} as a bean, for reading rows outside the ORM.
 *
 * <p>Without a reachable server the test class is skipped with a loud message, or fails under
 * {@code -Dtortoise.test.require-postgres=true} / {@code -Dtortoise.test.require-mariadb=true}. To run the same
 * tests on each database, put them in an abstract class and extend it in {@code @Nested} classes annotated
 * {@code @TortoiseTestDatabase(H2) @DisplayName("[h2]")},
 * {@code @TortoiseTestDatabase(POSTGRES) @DisplayName("[postgres]")} and
 * {@code @TortoiseTestDatabase(MARIADB) @DisplayName("[mariadb]")}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestDatabaseReachability.class)
public @interface TortoiseTestDatabase {

    /** The kind of database to create. */
    DatabaseKind value();
}
