package dev.tortoise.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.TestDatabase;
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals run on a sample project against a fresh PostgreSQL schema or MariaDB database, reached only through
 * the project's {@code tortoise.db-url} in Tortoise's own URL form ({@code postgres://...}, {@code mysql://...}):
 * the plugin derives the JDBC URL and credentials through {@link dev.tortoise.JdbcUrls}. The model change between
 * the runs is the sample's model package switching from {@code sample.v1} to {@code sample.v2}.
 */
class GoalsOnServerDatabasesTest {

    /** The project's tortoise.db-url for a test database, in Tortoise's URL form. */
    static String tortoiseUrl(TestDatabase db) {
        return switch (db.kind()) {
            case POSTGRES -> "postgres://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database()
                    + "?schema=" + db.schema();
            case MARIADB -> "mysql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database();
            default -> throw new IllegalArgumentException(db.kind().label());
        };
    }

    @DatabaseTest({DatabaseKind.POSTGRES, DatabaseKind.MARIADB})
    void theGoalsWorkOnTheDatabaseNamedByTortoiseDbUrl(DatabaseKind kind, @TempDir Path project) throws Exception {
        kind.assumeReachable();
        try (TestDatabase db = kind.fresh()) {
            String vendor = kind == DatabaseKind.POSTGRES ? "postgresql" : "mariadb";
            String q = kind == DatabaseKind.POSTGRES ? "\"" : "`";
            Path migrations = project.resolve("src/main/resources/db/migration");

            config(project, "v1", tortoiseUrl(db));
            assertThat(run(new InitDbMojo(), project)).containsExactly("Wrote and applied V1__init");
            assertThat(Files.readString(migrations.resolve(vendor + "/V1__init.sql"))).isEqualTo(
                    "-- V1__init (" + vendor + "), made by tortoise makemigrations from the models' state in "
                            + "state/V1__init.json\n"
                            + "-- create table event\n"
                            + (kind == DatabaseKind.POSTGRES
                            ? "CREATE TABLE \"event\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"name\" VARCHAR(100) NOT NULL);\n"
                            : "CREATE TABLE `event` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(100) "
                                    + "NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n"));
            assertThat(migrations.resolve("h2/V1__init.sql")).isRegularFile();
            db.execute("INSERT INTO " + q + "event" + q + " (" + q + "name" + q + ") VALUES ('Final')");

            // the user's change, then one command
            config(project, "v2", tortoiseUrl(db));
            MakemigrationsMojo make = new MakemigrationsMojo();
            make.name = "title_and_prize";
            make.rename = "event.name:title";
            List<String> made = run(make, project);
            assertThat(made.get(0)).isEqualTo("Wrote V2__title_and_prize in " + migrations.toFile()
                    + " (review it, then commit it)");
            assertThat(run(new HeadsMojo(), project)).containsExactly("V2__title_and_prize");
            assertThat(run(new UpgradeMojo(), project)).containsExactly("Applied 1 migration(s)");
            assertThat(run(new HistoryMojo(), project))
                    .containsExactly("V1__init  (applied)", "V2__title_and_prize  (applied)");
            List<Map<String, Object>> rows = db.query("SELECT " + q + "title" + q + ", " + q + "prize" + q + " FROM "
                    + q + "event" + q);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("title", "Final").containsEntry("prize", null);

            SqlmigrateMojo sql = new SqlmigrateMojo();
            sql.version = 2;
            sql.vendor = vendor;
            List<String> lines = run(sql, project);
            assertThat(lines).contains(
                    "ALTER TABLE " + q + "event" + q + " RENAME COLUMN " + q + "name" + q + " TO " + q + "title" + q + ";",
                    "ALTER TABLE " + q + "event" + q + " ADD COLUMN " + q + "prize" + q + " INT;");

            DowngradeMojo down = new DowngradeMojo();
            down.version = 1;
            assertThat(run(down, project)).containsExactly("Undid V2__title_and_prize");
            assertThat(run(new HeadsMojo(), project)).containsExactly("V2__title_and_prize");
            assertThat(db.query("SELECT " + q + "name" + q + " FROM " + q + "event" + q))
                    .containsExactly(Map.of("name", "Final"));

            // inspectdb: the models of the tables as they are (V1), written under src/main/java, never overwritten
            InspectdbMojo inspect = new InspectdbMojo();
            inspect.packageName = "com.example.models";
            inspect.output = project.resolve("src/main/java").toFile();
            Path written = project.resolve("src/main/java/com/example/models/Event.java");
            assertThat(run(inspect, project)).containsExactly("Wrote " + written);
            assertThat(Files.readString(written)).isEqualTo("""
                    package com.example.models;

                    import dev.tortoise.field.CharField;
                    import dev.tortoise.field.IntField;
                    import dev.tortoise.model.Meta;
                    import dev.tortoise.model.Model;

                    /** Table event, as inspectdb read it. */
                    @Meta(table = "event")
                    public class Event extends Model {
                        @IntField(primaryKey = true)
                        public Integer id;
                        @CharField(maxLength = 100)
                        public String name;
                    }
                    """);
            assertThatThrownBy(() -> run(inspect, project)).isInstanceOf(MojoFailureException.class)
                    .hasMessage(written + " exists; inspectdb does not overwrite models (move it away, or name the "
                            + "tables to read with -Dtables=)");

            // back at v1 models, a drop is refused naming what it would lose
            config(project, "v1", tortoiseUrl(db));
            assertThatThrownBy(() -> run(new MakemigrationsMojo(), project))
                    .isInstanceOf(MojoFailureException.class)
                    .hasMessageStartingWith("This migration would drop column event.title, column event.prize with "
                            + "their data.");
        }
    }

    private static void config(Path project, String models, String dbUrl) throws Exception {
        Path resources = Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(resources.resolve("application.properties"),
                "tortoise.modules.models=dev.tortoise.maven.sample." + models + "\ntortoise.db-url=" + dbUrl + "\n",
                StandardCharsets.UTF_8);
    }

    /** Runs a goal as Maven would on the project, returning what it logged at info level. */
    private static List<String> run(AbstractTortoiseMojo mojo, Path basedir) throws Exception {
        MavenProject project = new MavenProject();
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setOutputDirectory(basedir.resolve("target/classes").toString());
        Files.createDirectories(basedir.resolve("target/classes"));
        mojo.project = project;
        mojo.directory = new File(basedir.toFile(), "src/main/resources/db/migration");
        mojo.historyTable = "flyway_schema_history";
        List<String> info = new ArrayList<>();
        mojo.setLog((Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("info") && args != null && args[0] instanceof CharSequence s) {
                        info.add(s.toString());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                }));
        mojo.execute();
        return info;
    }
}
