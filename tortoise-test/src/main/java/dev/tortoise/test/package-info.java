/**
 * Test support for Tortoise code: statement recording and assertions, per-test rollback for reactive code, and
 * fresh H2 or PostgreSQL databases per test or per test class.
 */
package dev.tortoise.test;
