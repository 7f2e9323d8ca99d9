package dev.tortoise.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.migrations.inspect.Event;
import dev.tortoise.migrations.inspect.Team;
import dev.tortoise.migrations.inspect.Tournament;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** inspectdb on a schema generateSchemas made: the model sources it writes for each table, exactly. */
class InspectdbTest {

    /** The original models less what a schema does not keep: relation names, the many-to-many field. */
    static final String EVENT = """
                package com.example.models;

                import dev.tortoise.field.BigIntField;
                import dev.tortoise.field.BooleanField;
                import dev.tortoise.field.CharField;
                import dev.tortoise.field.DateField;
                import dev.tortoise.field.DatetimeField;
                import dev.tortoise.field.DecimalField;
                import dev.tortoise.field.ForeignKeyField;
                import dev.tortoise.field.IntField;
                import dev.tortoise.field.OnDelete;
                import dev.tortoise.model.Meta;
                import dev.tortoise.model.Model;
                import dev.tortoise.relation.ForeignKey;
                import java.math.BigDecimal;
                import java.time.LocalDate;
                import java.time.OffsetDateTime;

                /** Table event, as inspectdb read it. */
                @Meta(table = "event")
                public class Event extends Model {
                    @IntField(primaryKey = true)
                    public Integer id;
                    @CharField(maxLength = 255)
                    public String name;
                    @ForeignKeyField
                    public ForeignKey<Tournament> tournament;
                    @ForeignKeyField(onDelete = OnDelete.SET_NULL, nullable = true)
                    public ForeignKey<Team> winner;
                    @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
                    public BigDecimal prize;
                    @BooleanField
                    public Boolean open;
                    @DateField(nullable = true)
                    public LocalDate day;
                    @DatetimeField
                    public OffsetDateTime starts;
                    @BigIntField
                    public Long seats;
                }
                """;

    static final String TOURNAMENT = """
                package com.example.models;

                import dev.tortoise.field.CharField;
                import dev.tortoise.field.IntField;
                import dev.tortoise.field.TextField;
                import dev.tortoise.model.Meta;
                import dev.tortoise.model.Model;

                /** Table tournament, as inspectdb read it: Tournaments. */
                @Meta(table = "tournament", tableDescription = "Tournaments")
                public class Tournament extends Model {
                    @IntField(primaryKey = true)
                    public Integer id;
                    @CharField(maxLength = 100, unique = true)
                    public String name;
                    @TextField(nullable = true, description = "What it is")
                    public String description;
                }
                """;

    static final String TEAM = """
                package com.example.models;

                import dev.tortoise.field.CharField;
                import dev.tortoise.field.IntField;
                import dev.tortoise.model.Meta;
                import dev.tortoise.model.Model;

                /** Table team, as inspectdb read it. */
                @Meta(table = "team")
                public class Team extends Model {
                    @IntField(primaryKey = true)
                    public Integer id;
                    @CharField(maxLength = 50)
                    public String name;
                }
                """;

    @DatabaseTest({DatabaseKind.H2, DatabaseKind.POSTGRES})
    void theTablesOfADatabaseBecomeModelSources(DatabaseKind kind) {
        kind.assumeReachable();
        try (TestDatabase db = kind.fresh()) {
            Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", db.url())
                    .models(Tournament.class, Team.class, Event.class).build());
            try {
                t.generateSchemas(false).block(Duration.ofSeconds(60));
            } finally {
                t.close().block(Duration.ofSeconds(30));
            }
            Map<String, String> sources = Migrations.builder()
                    .jdbc(db.jdbcUrl(), kind == DatabaseKind.H2 ? "" : db.user(), null).build()
                    .inspectdb("com.example.models", List.of());
            assertThat(sources.keySet()).containsExactly("Event", "Team", "Tournament", "#skipped");
            assertThat(sources.get("Event")).isEqualTo(EVENT);
            assertThat(sources.get("Tournament")).isEqualTo(TOURNAMENT);
            assertThat(sources.get("Team")).isEqualTo(TEAM);
            assertThat(sources.get("#skipped")).isEqualTo("event_team: no primary key (a many-to-many join table is "
                    + "declared as @ManyToManyField(through = \"event_team\") on one of its models)");
        }
    }
}
