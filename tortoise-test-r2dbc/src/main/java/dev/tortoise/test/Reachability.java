package dev.tortoise.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for database servers tests cannot do without: checked once per server and JVM; when the server is
 * unreachable its cases are skipped with a loud message on stderr, or fail when the server's
 * {@code -Dtortoise.test.require-<kind>=true} property is set (as in CI).
 */
final class Reachability {
    private static final Map<String, String> FAILURES = new ConcurrentHashMap<>();

    private Reachability() {
    }

    /**
     * Passes when {@code server} answers {@code probe}; otherwise aborts the current test (JUnit skip) or fails it
     * when {@code requireProperty} is true.
     *
     * @param product the server's name for messages ("PostgreSQL")
     * @param label the kind's label as in display names ("postgres")
     * @param server the address shown in messages
     */
    static void require(String product, String label, String server, String requireProperty, Runnable probe) {
        String failure = FAILURES.computeIfAbsent(server, s -> {
            try {
                probe.run();
                return "";
            } catch (RuntimeException e) {
                System.err.println("\n!!!!!!!!!! " + product + " at " + server + " is NOT reachable: " + e.getMessage()
                        + "\n!!!!!!!!!! The [" + label + "] test cases are SKIPPED"
                        + " (-D" + requireProperty + "=true makes them fail).\n");
                return String.valueOf(e.getMessage());
            }
        });
        if (failure.isEmpty()) {
            return;
        }
        if (Boolean.getBoolean(requireProperty)) {
            Assertions.fail(product + " at " + server + " is required (-D" + requireProperty + "=true) but not "
                    + "reachable: " + failure);
        }
        Assumptions.abort(product + " at " + server + " is not reachable: " + failure);
    }
}
