package dev.tortoise.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.FieldContext;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the differ refuses and how it reads rename hints; what the commands do without a database. */
class DifferTest {

    @SafeVarargs
    static SchemaState state(Class<? extends Model>... models) {
        return ModelStates.of(ModelRegistry.build(Map.of("models", List.of(models)), FieldContext.defaults()).all());
    }

    static SchemaState v(int n) {
        return state(MigrationSequenceTest.STEPS.get(n - 1).models().toArray(new Class[0]));
    }

    @Meta(table = "thing")
    public static class IntThing extends Model {
        @IntField(primaryKey = true) public Integer id;
        @CharField(maxLength = 10) public String label;
    }

    @Meta(table = "thing")
    public static class BigThing extends Model {
        @BigIntField(primaryKey = true) public Long id;
        @CharField(maxLength = 10) public String label;
    }

    @Meta(table = "thing")
    public static class RenamedThing extends Model {
        @IntField(primaryKey = true) public Integer id;
        @CharField(maxLength = 10) public String caption;
    }

    @Test
    void droppingColumnsAndTablesIsRefusedWithoutAllowDataLossNamingWhatWouldBeLost() {
        assertThatThrownBy(() -> Differ.diff(v(6), v(7), List.of(), false))
                .isInstanceOf(MigrationError.class)
                .hasMessage("This migration would drop table event_team, column event.prize with their data. If that "
                        + "is intended, allow it (-DallowDataLoss=true); if a table or column was renamed, say so "
                        + "(-Drename=table:new_table or -Drename=table.column:new_column).");
    }

    @Test
    void aChangedPrimaryKeyIsRefused() {
        assertThatThrownBy(() -> Differ.diff(state(IntThing.class), state(BigThing.class), List.of(), true))
                .isInstanceOf(MigrationError.class)
                .hasMessage("The primary key of table thing changes (id INT generated -> id BIGINT generated); "
                        + "migrations do not change primary keys. Keep the old key, or create a new table (a new "
                        + "model) and move the rows with a hand-written migration.");
    }

    @Test
    void withoutAHintARenamedColumnIsADropAndAnAdd() {
        assertThat(Differ.diff(state(IntThing.class), state(RenamedThing.class), List.of(), true))
                .extracting(Operation::describe)
                .containsExactly("add column thing.caption", "drop column thing.label");
    }

    @Test
    void aHintMakesItARenameThatLosesNothing() {
        assertThat(Differ.diff(state(IntThing.class), state(RenamedThing.class), List.of("thing.label:caption"), false))
                .extracting(Operation::describe)
                .containsExactly("rename column thing.label to caption");
    }

    @Test
    void aHintNamingNothingIsRefused() {
        assertThatThrownBy(() -> Differ.diff(state(IntThing.class), state(RenamedThing.class),
                List.of("thing.title:caption"), false))
                .isInstanceOf(MigrationError.class)
                .hasMessage("Rename hint 'thing.title:caption': the last migration has no column thing.title");
        assertThatThrownBy(() -> Differ.diff(state(IntThing.class), state(RenamedThing.class),
                List.of("thing.label"), false))
                .isInstanceOf(MigrationError.class)
                .hasMessage("Rename hint 'thing.label' is not table:new_table or table.column:new_column");
        assertThatThrownBy(() -> Differ.diff(v(5), v(6), List.of("team:clubs"), false))
                .isInstanceOf(MigrationError.class)
                .hasMessage("Rename hint 'team:clubs': the models have no table clubs; tables: club, event, "
                        + "event_team, tournament");
    }

    @Test
    void aRenamedTableRenamesTheConstraintsNamedAfterIt() {
        assertThat(Differ.diff(v(5), v(6), List.of("team:club"), false)).extracting(Operation::describe)
                .containsExactly("rename table team to club",
                        "rename constraint fk_event_te_team_1608edb6 on event_team to fk_event_te_club_02ccc2dd");
    }

    @Test
    void everyOperationOfTheSequenceIsInverted() {
        assertThat(Differ.diff(v(4), v(5), List.of(), false)).extracting(op -> op.inverse().describe())
                .containsExactly(
                        "alter column event.prize: type BIGINT -> INT comment 'Prize money in cents' -> 'Prize money'",
                        "alter column event.status: not null default planned -> open",
                        "comment on table event: 'Sporting events' -> 'Events'");
    }

    @Test
    void stateFilesReadBackToTheSameState() {
        for (int i = 1; i <= 8; i++) {
            SchemaState s = v(i);
            assertThat(StateFiles.read(StateFiles.write(s))).isEqualTo(s);
            assertThat(StateFiles.write(StateFiles.read(StateFiles.write(s)))).isEqualTo(StateFiles.write(s));
        }
    }

    @Test
    void commandsWithoutADatabase(@TempDir Path dir) throws Exception {
        Migrations m1 = Migrations.builder().directory(dir).modelClasses(IntThing.class).build();
        assertThat(m1.drift()).containsExactly("create table thing");
        assertThat(m1.makemigrations("", false, List.of(), false)).contains(new Migration(1, "init", false));
        assertThat(m1.drift()).isEmpty();
        assertThat(m1.makemigrations("nothing", false, List.of(), false)).isEmpty();
        assertThat(m1.makemigrations("by hand", true, List.of(), false)).contains(new Migration(2, "by_hand", false));
        assertThat(m1.sqlmigrate(2, "postgresql")).isEqualTo("-- V2__by_hand (postgresql), made by tortoise "
                + "makemigrations from the models' state in state/V2__by_hand.json\n");
        assertThat(Files.readString(dir.resolve("state/V2__by_hand.json")))
                .isEqualTo(Files.readString(dir.resolve("state/V1__init.json")));
        assertThat(m1.sqlmigrate(1, "postgresql")).isEqualTo("-- V1__init (postgresql), made by tortoise "
                + "makemigrations from the models' state in state/V1__init.json\n"
                + "-- create table thing\n"
                + "CREATE TABLE \"thing\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"label\" VARCHAR(10) NOT NULL);\n");
        assertThat(m1.sqlmigrate(1, "h2")).isEqualTo("-- V1__init (h2), made by tortoise "
                + "makemigrations from the models' state in state/V1__init.json\n"
                + "-- create table thing\n"
                + "CREATE TABLE \"thing\" (\"id\" INT GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY, "
                + "\"label\" VARCHAR(10) NOT NULL);\n");
        assertThat(Files.readString(dir.resolve("down/postgresql/D1__init.sql"))).isEqualTo(
                "-- undoes V1__init (postgresql); run by tortoise downgrade\n-- drop table thing\nDROP TABLE \"thing\";\n");
        assertThat(m1.history()).containsExactly(new Migration(1, "init", false), new Migration(2, "by_hand", false));

        Migrations m2 = Migrations.builder().directory(dir).modelClasses(RenamedThing.class).build();
        assertThat(m2.drift()).containsExactly("add column thing.caption", "drop column thing.label");
        assertThatThrownBy(() -> m2.sqlmigrate(3, "h2")).isInstanceOf(MigrationError.class)
                .hasMessage("No migration V3 in " + dir.resolve("state"));
        assertThatThrownBy(m2::upgrade).isInstanceOf(MigrationError.class)
                .hasMessage("No database to migrate: give a JDBC URL (tortoise.migrations.jdbc-url)");
        assertThatThrownBy(m2::initDb).isInstanceOf(MigrationError.class)
                .hasMessage("Migrations exist already in " + dir + "; run upgrade (or makemigrations for model "
                        + "changes) instead of init-db");
    }
}
