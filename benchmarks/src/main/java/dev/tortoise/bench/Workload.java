package dev.tortoise.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One benchmark workload: its tables and data (set up once, untimed), a reset before each
 * contender, and one implementation per contender. An operation returns a result whose canonical
 * form must be equal for every contender before anything is timed.
 */
public abstract class Workload {
    private final String id;
    private final String variant;
    private final String title;

    protected Workload(String id, String variant, String title) {
        this.id = id;
        this.variant = variant;
        this.title = title;
    }

    /** The workload's letter (A..L, P1, P2, S, AG, ST). */
    public String id() {
        return id;
    }

    /** The data variant ({@code narrow}, {@code wide}, {@code 1000 rows}...). */
    public String variant() {
        return variant;
    }

    /** What one operation does. */
    public String title() {
        return title;
    }

    /** Rows one operation reads or writes (for bytes per row). */
    public abstract int rowsPerOp(Sizes sizes);

    /** Whether one operation takes long enough that measured batches should be as small as allowed. */
    public boolean heavy() {
        return false;
    }

    /** Whether quick mode leaves this contender and concurrency out (a batch would take tens of seconds). */
    public boolean skipInQuick(Contender c, int inflight) {
        return false;
    }

    /** Creates and fills the workload's tables (idempotent: tables may already exist from another variant). */
    public abstract void setup(Ctx ctx);

    /** Puts the data back into its starting state before a contender runs (untimed). */
    public void reset(Ctx ctx) {
    }

    /** The SQL whose rows describe the state written by the check operation (null for read-only workloads). */
    public String stateQuery(RawSql sql) {
        return null;
    }

    /**
     * The contender's implementations, keyed by method name ("" for the only one); empty when the contender has
     * no row on this workload ({@link Contender#SPRING_CLIENT} on most); throws {@link NotAvailable} when the
     * contender cannot do this workload yet.
     */
    public final Map<String, Impl> impls(Contender c, Ctx ctx) {
        Map<String, Impl> out = new LinkedHashMap<>();
        switch (c) {
            case RAW -> out.putAll(raw(ctx));
            case SPRING -> out.put("", spring(ctx));
            case SPRING_CLIENT -> {
                Impl impl = springClient(ctx);
                if (impl != null) {
                    out.put("", impl);
                }
            }
            case TORTOISE -> out.put("", tortoise(ctx));
        }
        return out;
    }

    /**
     * How each contender does the work, where that is not obvious from the title (what Spring Data lacks and
     * what its row does instead, which SQL the raw row sends); shown under the workload in the report.
     */
    public String notes(RawSql sql) {
        return "";
    }

    /**
     * Checks, made before timing, that the contenders do comparable work (same join type, ...). A failed check
     * does not stop the measurement: the report and the console flag the workload loudly instead.
     */
    public List<Fairness.Check> fairness(Ctx ctx) {
        return List.of();
    }

    protected abstract Map<String, Impl> raw(Ctx ctx);

    protected abstract Impl spring(Ctx ctx);

    /** The DatabaseClient row, on workloads whose {@link #spring} row uses entity mapping instead. */
    protected Impl springClient(Ctx ctx) {
        return null;
    }

    protected abstract Impl tortoise(Ctx ctx);

    /** One contender's way of running the workload. */
    public interface Impl {
        /** Untimed preparation for a batch of {@code ops} operations numbered 0..ops-1 with {@code slots} in flight. */
        default void prepare(int ops, int slots) {
        }

        /**
         * One operation; {@code slot} (0..inflight-1) is held by no other running operation, so
         * writes can use disjoint rows. The result, in canonical form, is compared across contenders.
         */
        Mono<?> op(int seq, int slot);

        /** The canonical form of a result. */
        default Object canonical(Object result) {
            return result;
        }
    }

    /** Raised when a contender cannot run a workload with the code on this branch. */
    public static final class NotAvailable extends RuntimeException {
        public NotAvailable(String message) {
            super(message, null, false, false);
        }
    }

    static Map<String, Impl> one(Impl impl) {
        return Map.of("", impl);
    }

    static List<Object> row(Object... values) {
        return Canon.of(values);
    }
}
