package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.query.SqlText;
import dev.tortoise.relations.Fixtures.Event;
import dev.tortoise.relations.Fixtures.Team;
import dev.tortoise.relations.Fixtures.Tournament;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The join SQL, aliases, bindings and DDL of relations, per dialect; no database is contacted. */
class RelationSqlTest {
    private static Tortoise h2;
    private static Tortoise pg;

    @BeforeAll
    static void init() {
        h2 = runtime("sqlite://:memory:");
        pg = runtime("postgres://u@127.0.0.1:1/none");
    }

    private static Tortoise runtime(String url) {
        return Tortoise.init(TortoiseConfig.builder().connection("default", url)
                .models(Tournament.class, Event.class, Team.class, Fixtures.Address.class, Fixtures.Employee.class,
                        Fixtures.Node.class).build());
    }

    @AfterAll
    static void close() {
        h2.close().block(Duration.ofSeconds(10));
        pg.close().block(Duration.ofSeconds(10));
    }

    private static final String DEEP_JOINS = "SELECT \"tournament\".\"id\",\"tournament\".\"name\","
            + "\"tournament\".\"created\" FROM \"tournament\" LEFT OUTER JOIN \"event\" \"tournament__events\" ON "
            + "\"tournament__events\".\"tournament_id\"=\"tournament\".\"id\" LEFT OUTER JOIN \"event_team\" "
            + "\"tournament__events__participants__through\" ON "
            + "\"tournament__events__participants__through\".\"event_id\"=\"tournament__events\".\"id\" "
            + "LEFT OUTER JOIN \"team\" \"tournament__events__participants\" ON "
            + "\"tournament__events__participants\".\"id\"=\"tournament__events__participants__through\".\"team_id\" "
            + "WHERE UPPER(\"tournament__events__participants\".\"name\") LIKE UPPER($1) ESCAPE '\\'";

    @Test
    void lookupsAcrossReverseAndManyToManyRelationsAreLeftOuterJoins() {
        SqlText p = pg.of(Tournament.class).filter("events__participants__name__icontains", "a_b").sql();
        SqlText h = h2.of(Tournament.class).filter("events__participants__name__icontains", "a_b").sql();
        assertThat(p.text()).isEqualTo(DEEP_JOINS);
        assertThat(h.text()).isEqualTo(DEEP_JOINS);
        assertThat(p.bindings()).containsExactly("%a\\_b%");
        assertThat(h.bindings()).containsExactly("%a\\_b%");
    }

    @Test
    void comparingTheKeyOfAForeignKeyNeedsNoJoin() {
        SqlText p = pg.of(Event.class).filter("tournament__id", 3).filter("tournament__name", "x").sql();
        assertThat(p.text()).isEqualTo("SELECT \"event\".\"id\",\"event\".\"name\",\"event\".\"tournament_id\","
                + "\"event\".\"prize\" FROM \"event\" LEFT OUTER JOIN \"tournament\" \"event__tournament\" ON "
                + "\"event__tournament\".\"id\"=\"event\".\"tournament_id\" WHERE (\"event\".\"tournament_id\"=$1 AND "
                + "\"event__tournament\".\"name\"=$2) ORDER BY \"event\".\"name\" ASC");
        assertThat(p.bindings()).containsExactly(3, "x");
    }

    @Test
    void manyToManyMembershipJoinsTheThroughAndTargetTablesAsTortoise() {
        SqlText p = pg.of(Event.class).selectRelated("tournament").filter("participants__in", List.of(3, 4)).sql();
        assertThat(p.text()).isEqualTo("SELECT \"event\".\"id\",\"event\".\"name\",\"event\".\"tournament_id\","
                + "\"event\".\"prize\",\"event__tournament\".\"id\",\"event__tournament\".\"name\","
                + "\"event__tournament\".\"created\" FROM \"event\" LEFT OUTER JOIN \"event_team\" "
                + "\"event__participants__through\" ON \"event__participants__through\".\"event_id\"=\"event\".\"id\" "
                + "LEFT OUTER JOIN \"team\" \"event__participants\" ON \"event__participants\".\"id\"="
                + "\"event__participants__through\".\"team_id\" JOIN \"tournament\" \"event__tournament\" ON "
                + "\"event__tournament\".\"id\"=\"event\".\"tournament_id\" WHERE \"event__participants\".\"id\"=ANY($1) "
                + "ORDER BY \"event\".\"name\" ASC");
        assertThat(p.bindings()).hasSize(1);
        assertThat((Integer[]) p.bindings().get(0)).containsExactly(3, 4);
        SqlText h = h2.of(Event.class).filter("participants__not_in", List.of(3, 4)).sql();
        assertThat(h.text()).isEqualTo("SELECT \"event\".\"id\",\"event\".\"name\",\"event\".\"tournament_id\","
                + "\"event\".\"prize\" FROM \"event\" LEFT OUTER JOIN \"event_team\" \"event__participants__through\" "
                + "ON \"event__participants__through\".\"event_id\"=\"event\".\"id\" LEFT OUTER JOIN \"team\" "
                + "\"event__participants\" ON \"event__participants\".\"id\"=\"event__participants__through\".\"team_id\" "
                + "WHERE (\"event__participants\".\"id\" NOT IN ($1,$2) OR \"event__participants\".\"id\" IS NULL) ORDER BY \"event\".\"name\" ASC");
        assertThat(h.bindings()).containsExactly(3, 4);
    }

    @Test
    void reverseRelationIsNullIsALeftJoinAsTortoise() {
        SqlText p = pg.of(Fixtures.Node.class).filter("children__isnull", true).sql();
        assertThat(p.text()).isEqualTo("SELECT \"node\".\"id\",\"node\".\"label\",\"node\".\"left_id\" FROM \"node\" "
                + "LEFT OUTER JOIN \"node\" \"node__children\" ON \"node__children\".\"left_id\"=\"node\".\"id\" "
                + "WHERE \"node__children\".\"id\" IS NULL");
        assertThat(p.bindings()).isEmpty();
    }

    @Test
    void schemaCreatesForeignKeysJoinTablesAndTheirUniqueIndexInDependencyOrder() {
        assertThat(pg.getSchemaSql("default", true)).isEqualTo(String.join("\n",
                "CREATE TABLE IF NOT EXISTS \"tournament\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"name\" VARCHAR(255) "
                        + "NOT NULL, \"created\" TIMESTAMPTZ NOT NULL);",
                "CREATE TABLE IF NOT EXISTS \"event\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"name\" VARCHAR(255) NOT "
                        + "NULL, \"tournament_id\" INT NOT NULL, \"prize\" DECIMAL(10,2), CONSTRAINT "
                        + "\"fk_event_tourname_b7e24df8\" FOREIGN KEY (\"tournament_id\") REFERENCES \"tournament\" "
                        + "(\"id\") ON DELETE CASCADE);",
                "CREATE TABLE IF NOT EXISTS \"team\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"name\" VARCHAR(255) NOT "
                        + "NULL);",
                "CREATE TABLE IF NOT EXISTS \"address\" (\"city\" VARCHAR(64) NOT NULL, \"street\" VARCHAR(128) NOT "
                        + "NULL, \"event_id\" INT NOT NULL PRIMARY KEY, CONSTRAINT \"fk_address_event_a590ba2c\" FOREIGN "
                        + "KEY (\"event_id\") REFERENCES \"event\" (\"id\") ON DELETE CASCADE);",
                "CREATE TABLE IF NOT EXISTS \"employee\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"name\" VARCHAR(50) NOT "
                        + "NULL, \"manager_id\" INT, CONSTRAINT \"fk_employee_employee_3aa726ee\" FOREIGN KEY "
                        + "(\"manager_id\") REFERENCES \"employee\" (\"id\") ON DELETE SET NULL);",
                "CREATE TABLE IF NOT EXISTS \"node\" (\"id\" SERIAL NOT NULL PRIMARY KEY, \"label\" TEXT, \"left_id\" "
                        + "INT, CONSTRAINT \"fk_node_node_a0d736f7\" FOREIGN KEY (\"left_id\") REFERENCES \"node\" "
                        + "(\"id\") ON DELETE CASCADE);",
                "CREATE TABLE IF NOT EXISTS \"event_team\" (\"event_id\" INT NOT NULL, \"team_id\" INT NOT NULL, "
                        + "CONSTRAINT \"fk_event_te_event_ac72269c\" FOREIGN KEY (\"event_id\") REFERENCES \"event\" "
                        + "(\"id\") ON DELETE CASCADE, CONSTRAINT \"fk_event_te_team_1608edb6\" FOREIGN KEY "
                        + "(\"team_id\") REFERENCES \"team\" (\"id\") ON DELETE CASCADE);",
                "CREATE UNIQUE INDEX IF NOT EXISTS \"uidx_event_team_event_i_5cea5b\" ON \"event_team\" "
                        + "(\"event_id\",\"team_id\");",
                "CREATE TABLE IF NOT EXISTS \"employee_employee\" (\"employee_rel_id\" INT NOT NULL, \"employee_id\" "
                        + "INT NOT NULL, CONSTRAINT \"fk_employee_employee_a165c5ab\" FOREIGN KEY (\"employee_rel_id\") "
                        + "REFERENCES \"employee\" (\"id\") ON DELETE CASCADE, CONSTRAINT "
                        + "\"fk_employee_employee_3c1ff276\" FOREIGN KEY (\"employee_id\") REFERENCES \"employee\" "
                        + "(\"id\") ON DELETE CASCADE);",
                "CREATE UNIQUE INDEX IF NOT EXISTS \"uidx_employee_em_employe_b694a1\" ON \"employee_employee\" "
                        + "(\"employee_rel_id\",\"employee_id\");",
                ""));
        assertThat(h2.getSchemaSql("default", false)).contains("CREATE TABLE \"event\" (\"id\" INT GENERATED BY DEFAULT "
                + "AS IDENTITY NOT NULL PRIMARY KEY, \"name\" VARCHAR(255) NOT NULL, \"tournament_id\" INT NOT NULL, "
                + "\"prize\" DECIMAL(10,2), CONSTRAINT \"fk_event_tourname_b7e24df8\" FOREIGN KEY (\"tournament_id\") "
                + "REFERENCES \"tournament\" (\"id\") ON DELETE CASCADE);");
    }
}
