/** The {@code @TortoiseTest} Spring Boot test slice, and statement recording and rollback for Spring tests. */
package dev.tortoise.test.autoconfigure;
