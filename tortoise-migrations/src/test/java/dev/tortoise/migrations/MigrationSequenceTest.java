package dev.tortoise.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.TestDatabase;

/**
 * Eight model versions that together use every operation; after each, makemigrations then Flyway
 * migrate gives the schema generateSchemas creates for the same models on an empty database, rows
 * survive, and downgrade to the first version gives the first version's schema.
 */
class MigrationSequenceTest {
    record Step(List<Class<? extends Model>> models, List<String> renames, boolean allowDataLoss) {
    }

    static final List<Step> STEPS = List.of(
            new Step(List.of(dev.tortoise.migrations.v1.Tournament.class, dev.tortoise.migrations.v1.Event.class),
                    List.of(), false),
            new Step(List.of(dev.tortoise.migrations.v2.Tournament.class, dev.tortoise.migrations.v2.Event.class,
                    dev.tortoise.migrations.v2.Team.class), List.of(), false),
            new Step(List.of(dev.tortoise.migrations.v3.Tournament.class, dev.tortoise.migrations.v3.Event.class,
                    dev.tortoise.migrations.v3.Team.class), List.of("event.name:title"), false),
            new Step(List.of(dev.tortoise.migrations.v4.Tournament.class, dev.tortoise.migrations.v4.Event.class,
                    dev.tortoise.migrations.v4.Team.class), List.of(), false),
            new Step(List.of(dev.tortoise.migrations.v5.Tournament.class, dev.tortoise.migrations.v5.Event.class,
                    dev.tortoise.migrations.v5.Team.class), List.of(), false),
            new Step(List.of(dev.tortoise.migrations.v6.Tournament.class, dev.tortoise.migrations.v6.Event.class,
                    dev.tortoise.migrations.v6.Team.class), List.of("team:club"), false),
            new Step(List.of(dev.tortoise.migrations.v7.Tournament.class, dev.tortoise.migrations.v7.Event.class,
                    dev.tortoise.migrations.v7.Team.class), List.of(), true),
            new Step(List.of(dev.tortoise.migrations.v8.Tournament.class, dev.tortoise.migrations.v8.Event.class),
                    List.of(), true));

    /**
     * A fresh database of the shared test support: a random H2 in-memory database, a random PostgreSQL schema or
     * a random MariaDB database.
     */
    record Db(TestDatabase database) {
        String jdbcUrl() {
            return database.jdbcUrl();
        }

        String r2dbcUrl() {
            return database.url();
        }

        String user() {
            return database.kind() == DatabaseKind.H2 ? "" : database.user();
        }

        /** Where JDBC's metadata finds the tables: MariaDB's database is a catalog, the others' a schema. */
        String catalog() {
            return database.kind() == DatabaseKind.MARIADB ? database.database() : null;
        }

        String schema() {
            return switch (database.kind()) {
                case POSTGRES -> database.schema();
                case MARIADB -> null;
                default -> "PUBLIC";
            };
        }

        Map<String, List<String>> live() {
            return LiveSchema.read(jdbcUrl(), user(), catalog(), schema());
        }

        /** SQL written with standard quotes, in this database's quotes. */
        String sql(String standard) {
            return database.kind() == DatabaseKind.MARIADB ? standard.replace('"', '`') : standard;
        }

        static Db fresh(DatabaseKind kind) {
            return new Db(kind.fresh());
        }

        void drop() {
            database.close();
        }
    }

    static void exec(String url, String user, String... sql) {
        try (Connection c = DriverManager.getConnection(url, user, null); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> query(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join("|", row));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema generateSchemas makes for the models on an empty database. */
    static Map<String, List<String>> generated(DatabaseKind label, List<Class<? extends Model>> models) {
        Db db = Db.fresh(label);
        try {
            @SuppressWarnings("unchecked")
            Class<? extends Model>[] classes = models.toArray(new Class[0]);
            Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", db.r2dbcUrl())
                    .models(classes).build());
            try {
                t.generateSchemas(false).block(Duration.ofSeconds(60));
            } finally {
                t.close().block(Duration.ofSeconds(30));
            }
            return db.live();
        } finally {
            db.drop();
        }
    }

    static Migrations migrations(Path dir, Step step, Db db) {
        @SuppressWarnings("unchecked")
        Class<? extends Model>[] classes = step.models().toArray(new Class[0]);
        Migrations.Builder b = Migrations.builder().directory(dir).modelClasses(classes);
        if (db != null) {
            b.jdbc(db.jdbcUrl(), db.user(), null);
        }
        return b.build();
    }

    @DatabaseTest
    void everyStepMatchesGenerateSchemasAndDowngradeRestoresTheFirst(DatabaseKind label, @TempDir Path dir) {
        label.assumeReachable();
        Db db = Db.fresh(label);
        try {
            String url = db.jdbcUrl();
            String u = db.user();
            for (int i = 0; i < STEPS.size(); i++) {
                Step step = STEPS.get(i);
                Migrations m = migrations(dir, step, db);
                Migration made = m.makemigrations("v" + (i + 1), false, step.renames(), step.allowDataLoss())
                        .orElseThrow();
                assertThat(made.id()).isEqualTo("V" + (i + 1) + "__v" + (i + 1));
                assertThat(m.heads()).extracting(Migration::version).containsExactly(i + 1);
                assertThat(m.upgrade()).as("step %d", i + 1).isEqualTo(1);
                assertThat(m.heads()).isEmpty();
                assertThat(db.live()).as("schema after step %d", i + 1)
                        .isEqualTo(generated(label, step.models()));
                assertThat(m.makemigrations("again", false, List.of(), false)).isEmpty();
                switch (i + 1) {
                    case 1 -> exec(url, u, db.sql("INSERT INTO \"tournament\" (\"name\") VALUES ('Cup')"),
                            db.sql("INSERT INTO \"event\" (\"name\", \"tournament_id\") VALUES ('Final', 1)"));
                    case 2 -> {
                        assertThat(query(url, u, db.sql("SELECT \"name\", \"status\", \"prize\" FROM \"event\""))).containsExactly("Final|open|null");
                        exec(url, u, db.sql("INSERT INTO \"team\" (\"name\") VALUES ('Red')"));
                    }
                    case 3 -> assertThat(query(url, u, db.sql("SELECT \"title\", \"status\" FROM \"event\""))).containsExactly("Final|open");
                    case 4 -> exec(url, u, db.sql("INSERT INTO \"event_team\" (\"event_id\", \"team_id\") VALUES (1, 1)"));
                    case 5 -> assertThat(query(url, u, db.sql("SELECT \"title\", \"status\", \"prize\" FROM \"event\"")))
                            .containsExactly("Final|open|null");
                    case 6 -> {
                        assertThat(query(url, u, db.sql("SELECT \"id\", \"name\" FROM \"club\""))).containsExactly("1|Red");
                        assertThat(query(url, u, db.sql("SELECT \"event_id\", \"team_id\" FROM \"event_team\""))).containsExactly("1|1");
                    }
                    case 8 -> assertThat(query(url, u, db.sql("SELECT \"title\", \"status\", \"tournament_id\", \"winner_id\" FROM \"event\"")))
                            .containsExactly("Final|open|1|null");
                    default -> {
                    }
                }
            }
            Migrations last = migrations(dir, STEPS.get(STEPS.size() - 1), db);
            assertThat(last.downgrade(1)).extracting(Migration::version).containsExactly(8, 7, 6, 5, 4, 3, 2);
            assertThat(last.history()).extracting(Migration::applied)
                    .containsExactly(true, false, false, false, false, false, false, false);
            assertThat(db.live()).isEqualTo(generated(label, STEPS.get(0).models()));
            assertThat(query(url, u, db.sql("SELECT t.\"name\", e.\"name\" FROM \"event\" e JOIN \"tournament\" t ON t.\"id\" = e.\"tournament_id\"")))
                    .containsExactly("Cup|Final");
            assertThat(last.upgrade()).isEqualTo(7);
            assertThat(db.live())
                    .isEqualTo(generated(label, STEPS.get(STEPS.size() - 1).models()));
        } finally {
            db.drop();
        }
    }

    @Test
    void theSameModelsWriteTheSameFilesByteForByte(@TempDir Path a, @TempDir Path b) throws Exception {
        for (Path dir : List.of(a, b)) {
            for (int i = 0; i < STEPS.size(); i++) {
                Step step = STEPS.get(i);
                migrations(dir, step, null).makemigrations("v" + (i + 1), false, step.renames(), step.allowDataLoss());
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(a)) {
            files = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(b)) {
            assertThat(s.filter(Files::isRegularFile).map(b::relativize).sorted().toList()).isEqualTo(files);
        }
        // per version: three vendors' migration and down script, and the state file
        assertThat(files).hasSize(8 * 7);
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
    }
}
