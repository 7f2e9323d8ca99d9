package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.core.scan.Album;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Hooks;

/**
 * A runtime closed right after its last statement disposes of its pool cleanly. reactor-pool
 * destroys a connection a second time when the pool is disposed while the release that put it
 * back is still finishing on another thread ("Too many permits returned", "unexpected decrement
 * below 0"); with H2, whose statements complete on the pool's allocation thread, about one run in
 * fifteen of this loop failed so before releases waited for the pool's bookkeeping.
 */
class PoolReleaseTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "minsize={0}")
    @ValueSource(ints = {0, 1})
    void closingRightAfterTheLastStatementNeverDestroysAConnectionTwice(int minsize) {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 300; i++) {
                Tortoise t = Tortoise.init("sqlite://:memory:?minsize=" + minsize,
                        Map.of("models", List.of(Album.class.getName())));
                try {
                    t.generateSchemas(true).block(TIMEOUT);
                    t.of(Album.class).create("title", "Blue", "year", 1971).block(TIMEOUT);
                    assertThat(t.of(Album.class).filter("title", "Blue").valuesList(true, "year").toList()
                            .block(TIMEOUT)).containsExactly(1971);
                } finally {
                    t.close().block(TIMEOUT);
                }
            }
        } finally {
            System.setErr(err);
            Hooks.resetOnErrorDropped();
        }
        assertThat(dropped).isEmpty();
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("unexpected decrement below 0")
                .doesNotContain("Too many permits returned");
    }
}
