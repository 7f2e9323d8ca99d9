package dev.tortoise.bench;

/** Who runs a workload. */
public enum Contender {
    RAW("raw"), SPRING("spring-data"), TORTOISE("tortoise");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
