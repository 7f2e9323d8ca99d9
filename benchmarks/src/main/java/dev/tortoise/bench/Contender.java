package dev.tortoise.bench;

/** Who runs a workload. */
public enum Contender {
    /** The R2DBC driver, hand-written SQL, rows mapped by hand. */
    RAW("raw", "raw"),
    /** Spring Data R2DBC the way its users write it: {@code R2dbcEntityTemplate} and repositories, entity mapping. */
    SPRING("spring-data", "spring-data"),
    /**
     * Spring's {@code DatabaseClient} with hand-written SQL and rows mapped by hand, on the workloads where the
     * {@link #SPRING} row uses entity mapping for the same work (S, P2, ST).
     */
    SPRING_CLIENT("spring-data (DatabaseClient)", "spring-client"),
    /** This ORM. */
    TORTOISE("tortoise", "tortoise");

    private final String label;
    private final String key;

    Contender(String label, String key) {
        this.label = label;
        this.key = key;
    }

    /** The name in the report. */
    public String label() {
        return label;
    }

    /** A name without spaces, for command-line options ({@code --profile=S:spring-client:20}). */
    public String key() {
        return key;
    }

    /** The contender with this key or label. */
    public static Contender of(String keyOrLabel) {
        for (Contender c : values()) {
            if (c.key.equals(keyOrLabel) || c.label.equals(keyOrLabel)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown contender '" + keyOrLabel + "': raw, spring-data, spring-client "
                + "or tortoise");
    }
}
