package dev.tortoise.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.autoconfigure.fixture.notes.Note;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.migrations.Migrations;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The start-up drift check: the models against the state the last migration recorded. It reads
 * files and model metadata only (no database), so it runs once, on the embedded H2 default.
 */
@ExtendWith(OutputCaptureExtension.class)
class TortoiseMigrationsCheckTests {

    /** The note model as an earlier migration recorded it: a shorter title, no body. */
    @Meta(table = "ac_note")
    public static class EarlierNote extends Model {
        @IntField(primaryKey = true) public Integer id;
        @CharField(maxLength = 50) public String title;
        @CharField(maxLength = 20, nullable = true) public String tag;
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TortoiseAutoConfiguration.class,
                    TortoiseMigrationsAutoConfiguration.class))
            .withPropertyValues("tortoise.modules.notes=dev.tortoise.autoconfigure.fixture.notes");

    private static void migrate(Path dir, Class<? extends Model> model, String name) {
        Migrations.builder().directory(dir).modelClasses(model).build()
                .makemigrations(name, false, List.of(), true).orElseThrow();
    }

    @Test
    void aChangedModelFailsStartUpNamingEachDifferenceAndTheCommand(@TempDir Path dir) {
        migrate(dir, EarlierNote.class, "init");
        runner.withPropertyValues("tortoise.migrations.check=fail",
                        "tortoise.migrations.state-location=file:" + dir.resolve("state"))
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = new MigrationDriftFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("The models differ from the state recorded by "
                            + "the last migration, V1__init:\n"
                            + "\t- alter column ac_note.title: type VARCHAR(50) -> VARCHAR(100)\n"
                            + "\t- drop column ac_note.tag");
                    assertThat(analysis.getAction()).isEqualTo("Write the missing migration with\n"
                            + "\t./mvnw tortoise:makemigrations -Dname=<what_changed>\n"
                            + "review the SQL files it writes, and commit them (Flyway applies them at start-up); add "
                            + "-Drename=table.old:new for a renamed column. Or set tortoise.migrations.check=warn to "
                            + "start anyway.");
                });
    }

    @Test
    void afterMakemigrationsStartUpPasses(@TempDir Path dir) {
        migrate(dir, EarlierNote.class, "init");
        migrate(dir, Note.class, "longer_title");
        runner.withPropertyValues("tortoise.migrations.check=fail",
                        "tortoise.migrations.state-location=file:" + dir.resolve("state"))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(TortoiseMigrationsCheck.class));
    }

    @Test
    void byDefaultADifferenceIsLoggedAndStartUpGoesOn(@TempDir Path dir, CapturedOutput output) {
        migrate(dir, EarlierNote.class, "init");
        runner.withPropertyValues("tortoise.migrations.state-location=file:" + dir.resolve("state"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(output).contains("The models differ from the state of the last migration V1__init: "
                            + "alter column ac_note.title: type VARCHAR(50) -> VARCHAR(100); drop column ac_note.tag. "
                            + "Write the migration: ./mvnw tortoise:makemigrations -Dname=<what_changed> "
                            + "(tortoise.migrations.check=fail makes this a start-up failure)");
                });
    }

    @Test
    void offComparesNothing(@TempDir Path dir, CapturedOutput output) {
        migrate(dir, EarlierNote.class, "init");
        runner.withPropertyValues("tortoise.migrations.check=off",
                        "tortoise.migrations.state-location=file:" + dir.resolve("state"))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(output).doesNotContain("The models differ");
                });
    }

    @Test
    void withoutStateFilesThereIsNothingToCompare(@TempDir Path dir) {
        runner.withPropertyValues("tortoise.migrations.check=fail",
                        "tortoise.migrations.state-location=file:" + dir.resolve("state"))
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void withoutAStateFolderOnTheClassPathStartUpGoesOn() {
        // the default location, classpath:db/migration/state, does not exist on this class path
        runner.withPropertyValues("tortoise.migrations.check=fail")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(TortoiseMigrationsCheck.class));
        runner.withPropertyValues("tortoise.migrations.check=fail",
                        "tortoise.migrations.state-location=classpath:no/such/folder")
                .run(ctx -> assertThat(ctx).hasNotFailed());
    }
}
