package dev.tortoise.migrations;

/**
 * A migration on disk: {@code V<version>__<name>}; {@code applied} says whether the database's
 * Flyway history lists it (false when no database was asked).
 */
public record Migration(int version, String name, boolean applied) {
    /** The file name stem, {@code V<version>__<name>}. */
    public String id() {
        return "V" + version + "__" + name;
    }
}
