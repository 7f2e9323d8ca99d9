package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code benchmarks/run.sh --help} and {@code -h}: the usage lines of the script's header comment, no build. */
class RunScriptTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--help", "-h"})
    void helpPrintsTheHeaderCommentAndExitsWithoutBuilding(String flag) throws Exception {
        Path script = Path.of("run.sh");
        List<String> lines = Files.readAllLines(script);
        List<String> header = lines.subList(1, lines.indexOf("set -euo pipefail")).stream()
                .map(l -> l.replaceFirst("^# ?", "")).toList();
        assertThat(header).contains("  benchmarks/run.sh --mode=full     the whole suite (< 20 minutes)",
                "  benchmarks/run.sh --profile=F:tortoise:20[:inflight]",
                "  benchmarks/run.sh --profile=C:tortoise+raw/unnest:20[:inflight]");
        // a copy in a directory without mvnw: building there would fail
        Path dir = Files.createTempDirectory("run-sh");
        Path copy = Files.copy(script, dir.resolve("run.sh"));
        try {
            Process p = new ProcessBuilder("bash", copy.toString(), "--only=F", flag).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).isEqualTo(String.join("\n", header) + "\n");
        } finally {
            Files.delete(copy);
            Files.delete(dir);
        }
    }
}
