/** Tortoise's exception family: every error the ORM raises, all unchecked. */
package dev.tortoise.exception;
