package dev.tortoise.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tortoise.autoconfigure.MigrationDriftException;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The demo keeps its schema through the migrations tortoise-maven-plugin made from its models
 * (src/main/resources/db/migration): on PostgreSQL and MariaDB Flyway applies every committed migration at
 * start-up and nothing else creates tables; and a model changed without a new migration stops the demo at start-up
 * (its test config sets {@code tortoise.migrations.check=fail}), naming the change and the command.
 */
class DemoMigrationsTests {

    @AfterAll
    static void stop() {
        DemoDatabases.stopAll();
    }

    /** The versions of the committed migrations, from their state files. */
    static List<String> committedVersions() throws IOException {
        List<String> out = new ArrayList<>();
        Pattern state = Pattern.compile("V(\\d+)__.+\\.json");
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/state/V*.json")) {
            Matcher m = state.matcher(String.valueOf(r.getFilename()));
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        out.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        return out;
    }

    @DatabaseTest({DatabaseKind.POSTGRES, DatabaseKind.MARIADB})
    void theSchemaIsTheCommittedMigrationsAppliedByFlyway(DatabaseKind kind) throws IOException {
        DemoDatabases.Running demo = DemoDatabases.start(kind);
        assertThat(demo.context().getEnvironment().getProperty("tortoise.generate-schemas")).isEqualTo("false");
        List<String> applied = new ArrayList<>();
        for (Map<String, Object> row : demo.database()
                .query("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            applied.add(String.valueOf(row.get("version")));
        }
        assertThat(committedVersions()).isNotEmpty();
        assertThat(applied).isEqualTo(committedVersions());
    }

    /**
     * A migrated schema names its single-column unique constraints ({@code uid_tournament_name_...}) where
     * generateSchemas lets the database name them: the answer to a duplicate still names the field.
     */
    @DatabaseTest
    void aDuplicateOnAMigratedUniqueColumnIsAnsweredNamingTheField(DatabaseKind kind) {
        WebTestClient http = DemoDatabases.start(kind).client();
        String name = "Cup " + kind.label() + " " + System.nanoTime();
        http.post().uri("/tournaments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name)).exchange().expectStatus().isCreated();
        http.post().uri("/tournaments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name)).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("The request violates a database constraint: unique on name");
    }

    @Test
    void aModelChangedWithoutAMigrationStopsTheDemoNamingTheChangeAndTheCommand() {
        // The last migration's state as it was before Event.prize was added: the models now differ from it.
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(DemoApplication.class)
                .run("--server.port=0", "--tortoise.migrations.state-location=classpath:drift/state").close());
        Throwable cause = failure;
        while (cause != null && !(cause instanceof MigrationDriftException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("start-up failure %s", failure).isInstanceOf(MigrationDriftException.class);
        MigrationDriftException drift = (MigrationDriftException) cause;
        assertThat(drift.lastMigration()).isEqualTo("V1__before_prize");
        assertThat(drift.differences()).containsExactly("add column event.prize");
        assertThat(drift.command()).isEqualTo("./mvnw -pl tortoise-maven-plugin,demo-webflux -am package -DskipTests "
                + "-Dinvoker.skip -Pmakemigrations -Dname=<what_changed>");
    }
}
