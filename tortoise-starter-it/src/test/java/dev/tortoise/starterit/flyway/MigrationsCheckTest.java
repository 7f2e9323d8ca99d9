package dev.tortoise.starterit.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.autoconfigure.MigrationDriftException;
import dev.tortoise.autoconfigure.TortoiseMigrationsCheck;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.migrations.Migrations;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.starterit.LibraryApplication;
import dev.tortoise.starterit.models.Author;
import dev.tortoise.starterit.models.Book;
import dev.tortoise.starterit.models.Tag;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a user who adds {@code dev.tortoise:tortoise-migrations} (beside the starter and Flyway) gets at start-up:
 * the models compared with the state file of the last migration, per {@code tortoise.migrations.check}. The
 * state files are written by tortoise-migrations itself, as {@code tortoise:makemigrations} writes them. On the
 * embedded H2 database (the check reads no database).
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationsCheckTest {

    /** The author model as an earlier migration recorded it: a shorter name. */
    @Meta(table = "it_author")
    public static class EarlierAuthor extends Model {
        @IntField(primaryKey = true) public Integer id;
        @CharField(maxLength = 50, unique = true) public String name;
    }

    @SafeVarargs
    private static Path migrate(Path dir, String name, Class<? extends Model>... models) {
        Migrations.builder().directory(dir).modelClasses(models).build()
                .makemigrations(name, false, List.of(), true).orElseThrow();
        return dir.resolve("state");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        String[] all = new String[properties.length + 2];
        all[0] = "server.port=0";
        all[1] = "spring.flyway.locations=classpath:db/migration/{vendor}";
        System.arraycopy(properties, 0, all, 2, properties.length);
        return new SpringApplicationBuilder(LibraryApplication.class).properties(all).run();
    }

    @Test
    void modelsThatDifferFromTheLastMigrationStopStartUpUnderFailNamingEachDifferenceAndTheCommand(
            @TempDir Path dir, CapturedOutput output) {
        Path state = migrate(dir, "init", EarlierAuthor.class);
        assertThatThrownBy(() -> start("tortoise.migrations.check=fail",
                "tortoise.migrations.state-location=file:" + state).close())
                .satisfies(e -> {
                    Throwable t = e;
                    while (t != null && !(t instanceof MigrationDriftException)) {
                        t = t.getCause();
                    }
                    assertThat(t).as("a MigrationDriftException in the cause chain of %s", e).isNotNull();
                    MigrationDriftException drift = (MigrationDriftException) t;
                    assertThat(drift.lastMigration()).isEqualTo("V1__init");
                    assertThat(drift.differences()).contains("alter column it_author.name: type VARCHAR(50) -> VARCHAR(100)");
                    assertThat(drift.command()).isEqualTo("./mvnw tortoise:makemigrations -Dname=<what_changed>");
                });
        // Spring Boot's failure analysis, as the user reads it: no stack trace, what differs and what to run
        assertThat(output.toString()).contains("APPLICATION FAILED TO START",
                "The models differ from the state recorded by the last migration, V1__init:",
                "\t- alter column it_author.name: type VARCHAR(50) -> VARCHAR(100)",
                "\t./mvnw tortoise:makemigrations -Dname=<what_changed>");
    }

    @Test
    void modelsThatMatchTheLastMigrationStartUnderFail(@TempDir Path dir) {
        Path state = migrate(dir, "init", Author.class, Book.class, Tag.class);
        try (ConfigurableApplicationContext ctx = start("tortoise.migrations.check=fail",
                "tortoise.migrations.state-location=file:" + state)) {
            assertThat(ctx.getBeansOfType(TortoiseMigrationsCheck.class)).hasSize(1);
        }
    }

    @Test
    void byDefaultADifferenceIsLoggedAndTheApplicationStarts(@TempDir Path dir, CapturedOutput output) {
        Path state = migrate(dir, "init", EarlierAuthor.class);
        try (ConfigurableApplicationContext ctx = start("tortoise.migrations.state-location=file:" + state)) {
            assertThat(ctx.getBeansOfType(TortoiseMigrationsCheck.class)).hasSize(1);
        }
        assertThat(output.toString()).contains("The models differ from the state of the last migration V1__init: ",
                "alter column it_author.name: type VARCHAR(50) -> VARCHAR(100)",
                "(tortoise.migrations.check=fail makes this a start-up failure)");
    }

    @Test
    void offComparesNothing(@TempDir Path dir, CapturedOutput output) {
        Path state = migrate(dir, "init", EarlierAuthor.class);
        try (ConfigurableApplicationContext ctx = start("tortoise.migrations.check=off",
                "tortoise.migrations.state-location=file:" + state)) {
            assertThat(ctx.isRunning()).isTrue();
        }
        assertThat(output.toString()).doesNotContain("The models differ");
    }

    @Test
    void withoutStateFilesOnTheClassPathTheApplicationStartsUnderFail() {
        // this application has db/migration/{h2,postgresql,mariadb} but no db/migration/state (the default location)
        try (ConfigurableApplicationContext ctx = start("tortoise.migrations.check=fail")) {
            assertThat(ctx.getBeansOfType(TortoiseMigrationsCheck.class)).hasSize(1);
        }
    }
}
