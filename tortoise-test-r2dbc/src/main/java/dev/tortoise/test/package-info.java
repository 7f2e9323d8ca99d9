/**
 * Test support for Tortoise and any R2DBC code: statement recording and assertions, per-test rollback for reactive
 * code, and fresh H2, PostgreSQL or MariaDB databases per test or per test class, run as a matrix of databases
 * ({@link dev.tortoise.test.DatabaseKind#matrix()}). Free of the ORM and of Spring: this package is the module
 * {@code tortoise-test-r2dbc}, which Tortoise's own core suite uses; {@code tortoise-test}, which users add, depends on
 * it and adds the Spring Boot slice ({@code dev.tortoise.test.autoconfigure}).
 */
package dev.tortoise.test;
