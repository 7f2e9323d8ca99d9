package dev.tortoise;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.models.Tournament;
import dev.tortoise.query.Manager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "use it without Spring" example compiles and runs, and stays identical to the README. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() {
        // README example start
        Tortoise orm = Tortoise.init("sqlite://:memory:", Map.of("models", List.of("com.example.models")));
        orm.generateSchemas(true).block();
        Manager<Tournament> tournaments = orm.of(Tournament.class);
        tournaments.create(t -> t.name = "World Cup").block();
        List<Tournament> cups = tournaments.filter("name__icontains", "cup").orderBy("-created").toList().block();
        orm.close().block();
        // README example end
        assertThat(cups).extracting(t -> t.name).containsExactly("World Cup");
        assertThat(cups.get(0).id).isEqualTo(1);
        assertThat(cups.get(0).created).isNotNull();
    }

    private static Path moduleDir() {
        return Path.of(System.getProperty("user.dir"));
    }

    private static List<String> trimmed(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("marker " + start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as("marker " + end).isPositive();
        return text.substring(from + start.length(), to);
    }

    @Test
    void theReadmeExampleAndThisTestAreIdentical() throws IOException {
        String readme = Files.readString(moduleDir().resolve("../README.md"));
        String section = readme.substring(readme.indexOf("## Use it without Spring"));
        String block = between(section, "```java\n", "```");
        int usage = block.indexOf("Tortoise orm");
        List<String> readmeModel = trimmed(block.substring(0, usage));
        List<String> readmeUsage = trimmed(block.substring(usage));

        String self = Files.readString(moduleDir().resolve("src/test/java/dev/tortoise/ReadmeExampleTest.java"));
        List<String> testUsage = trimmed(between(self, "// README example start\n", "// README example end"));
        String model = Files.readString(moduleDir().resolve("src/test/java/com/example/models/Tournament.java"));
        List<String> testModel = trimmed(model.substring(model.indexOf("@Meta")));

        assertThat(testUsage).as("README usage vs test").isEqualTo(readmeUsage);
        assertThat(testModel).as("README model vs com.example.models.Tournament").isEqualTo(readmeModel);
        assertThat(readmeUsage.stream().collect(Collectors.joining("\n"))).contains("Tortoise.init(");
    }
}
