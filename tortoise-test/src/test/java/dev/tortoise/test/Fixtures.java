package dev.tortoise.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a fixture test class (a nested class, which surefire does not run by itself) on the Jupiter engine. */
public final class Fixtures {
    /** The configuration parameter that enables {@link FixtureOnly} classes. */
    static final String PARAMETER = "tortoise.test.fixture";
    private Fixtures() {
    }

    /** Runs {@code fixture} and fails, showing each failure's stack trace, unless its {@code tests} tests all passed. */
    public static EngineExecutionResults runAndExpectSuccess(Class<?> fixture, int tests) {
        EngineExecutionResults results = run(fixture);
        List<Event> failed = results.allEvents().failed().list();
        if (!failed.isEmpty() || results.testEvents().succeeded().count() != tests
                || results.allEvents().skipped().count() > 0 || results.allEvents().aborted().count() > 0) {
            StringBuilder b = new StringBuilder("Fixture " + fixture.getSimpleName() + ": expected " + tests
                    + " passing tests; succeeded " + results.testEvents().succeeded().count() + ", skipped "
                    + results.allEvents().skipped().count() + ", aborted " + results.allEvents().aborted().count());
            for (Event e : failed) {
                b.append("\n--- ").append(e.getTestDescriptor().getDisplayName()).append(":\n");
                e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .ifPresent(t -> {
                            StringWriter w = new StringWriter();
                            t.printStackTrace(new PrintWriter(w));
                            b.append(w);
                        });
            }
            throw new AssertionError(b.toString());
        }
        return results;
    }

    public static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(PARAMETER, "true")
                .selectors(selectClass(fixture)).execute();
    }
}
