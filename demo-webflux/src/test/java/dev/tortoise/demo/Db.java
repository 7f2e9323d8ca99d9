package dev.tortoise.demo;

/** The databases every behaviour test runs on; the label tags display names ([h2], [postgres]). */
enum Db {
    H2("h2"), POSTGRES("postgres");

    private final String label;

    Db(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
