package dev.tortoise.migrations;

import dev.tortoise.exception.BaseORMException;

/** A migration that cannot be made or run as asked; the message says why and what to do. */
public class MigrationError extends BaseORMException {
    public MigrationError(String message) {
        super(message);
    }

    public MigrationError(String message, Throwable cause) {
        super(message, cause);
    }
}
