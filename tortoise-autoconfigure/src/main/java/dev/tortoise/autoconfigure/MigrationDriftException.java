package dev.tortoise.autoconfigure;

import java.util.List;

/** The models differ from the state the last migration recorded: a migration is missing. */
public class MigrationDriftException extends RuntimeException {
    private final String lastMigration;
    private final List<String> differences;
    private final String command;

    MigrationDriftException(String lastMigration, List<String> differences, String command) {
        super("The models differ from the state of the last migration " + lastMigration + ": "
                + String.join("; ", differences) + ". Write the migration: " + command);
        this.lastMigration = lastMigration;
        this.differences = List.copyOf(differences);
        this.command = command;
    }

    /** The last migration's id, {@code V<n>__<name>}. */
    public String lastMigration() {
        return lastMigration;
    }

    /** Each difference, in words. */
    public List<String> differences() {
        return differences;
    }

    /** The command that writes the missing migration. */
    public String command() {
        return command;
    }
}
