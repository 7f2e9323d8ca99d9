package dev.tortoise.expr;

import static dev.tortoise.expression.Functions.count;
import static dev.tortoise.expression.Functions.lower;
import static dev.tortoise.expression.Functions.max;
import static dev.tortoise.expression.Functions.min;
import static dev.tortoise.expression.Functions.sum;
import static dev.tortoise.expression.Functions.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.SqlText;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/** Aggregates, F and functions over related paths (joins made by the relation layer). */
class RelationAggregationTest {

    @Meta(table = "tournament", ordering = "name")
    public static class Tournament extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        public ReverseRelation<Event> events;
        public ReverseRelation<Sponsor> sponsors;
    }

    @Meta(table = "event", ordering = "name")
    public static class Event extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @ForeignKeyField(relatedName = "events")
        public ForeignKey<Tournament> tournament;
        @ManyToManyField(relatedName = "events", through = "event_team")
        public ManyToMany<Player> participants;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal prize;
    }

    @Meta(table = "sponsor")
    public static class Sponsor extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @ForeignKeyField(relatedName = "sponsors")
        public ForeignKey<Tournament> tournament;
    }

    @Meta(table = "player")
    public static class Player extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        public ManyToMany<Event> events;
    }

    private static Env start(DatabaseKind db) {
        Env env = Env.start(db, Tournament.class, Event.class, Sponsor.class, Player.class);
        Tournament cup = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
        Tournament league = env.of(Tournament.class).create("name", "League").block(Env.TIMEOUT);
        env.of(Tournament.class).create("name", "Empty").block(Env.TIMEOUT);
        Event fin = env.of(Event.class).create("name", "Final", "tournament", cup, "prize", new BigDecimal("100.50"))
                .block(Env.TIMEOUT);
        Event semi = env.of(Event.class).create("name", "Semi", "tournament", cup, "prize", new BigDecimal("20.25"))
                .block(Env.TIMEOUT);
        env.of(Event.class).create("name", "Round 1", "tournament", league).block(Env.TIMEOUT);
        for (String s : List.of("Acme", "Bolt", "Core")) {
            env.of(Sponsor.class).create("name", s, "tournament", cup).block(Env.TIMEOUT);
        }
        Player ann = env.of(Player.class).create("name", "Ann").block(Env.TIMEOUT);
        Player bob = env.of(Player.class).create("name", "Bob").block(Env.TIMEOUT);
        fin.participants.add(ann, bob).block(Env.TIMEOUT);
        semi.participants.add(ann).block(Env.TIMEOUT);
        env.statements().clear();
        return env;
    }

    @DatabaseTest
    void countOfAReverseRelation(DatabaseKind db) {
        try (Env env = start(db)) {
            QuerySet<Tournament> qs = env.of(Tournament.class).annotate("n", count("events")).orderBy("name");
            assertThat(qs.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"tournament\".\"id\",\"tournament\".\"name\","
                    + "COUNT(\"tournament__events\".\"id\") FROM \"tournament\" LEFT OUTER JOIN \"event\" "
                    + "\"tournament__events\" ON \"tournament__events\".\"tournament_id\"=\"tournament\".\"id\" "
                    + "GROUP BY \"tournament\".\"id\",\"tournament\".\"name\" ORDER BY \"tournament\".\"name\" ASC",
                    List.of())));
            StepVerifier.create(qs.toList())
                    .assertNext(list -> {
                        assertThat(list).extracting(t -> t.name).containsExactly("Cup", "Empty", "League");
                        assertThat(list).extracting(t -> t.annotation("n", Long.class)).containsExactly(2L, 0L, 1L);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void countingTwoReverseRelationsWithDistinctDoesNotInflate(DatabaseKind db) {
        try (Env env = start(db)) {
            var distinct = env.of(Tournament.class).filter("name", "Cup")
                    .annotate("events_n", count("events").distinct())
                    .annotate("sponsors_n", count("sponsors").distinct())
                    .values("events_n", "sponsors_n");
            assertThat(distinct.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT COUNT(DISTINCT \"tournament__events\".\"id\"),"
                    + "COUNT(DISTINCT \"tournament__sponsors\".\"id\") FROM \"tournament\" LEFT OUTER JOIN \"event\" "
                    + "\"tournament__events\" ON \"tournament__events\".\"tournament_id\"=\"tournament\".\"id\" "
                    + "LEFT OUTER JOIN \"sponsor\" \"tournament__sponsors\" ON "
                    + "\"tournament__sponsors\".\"tournament_id\"=\"tournament\".\"id\" WHERE \"tournament\".\"name\"=$1 "
                    + "GROUP BY \"tournament\".\"id\""));
            StepVerifier.create(distinct)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("events_n", 2L),
                            Map.entry("sponsors_n", 3L)))
                    .expectComplete().verify(Env.TIMEOUT);
            // Without distinct the joined rows multiply (2 events x 3 sponsors), as in SQL and Tortoise.
            var plain = env.of(Tournament.class).filter("name", "Cup").annotate("events_n", count("events"))
                    .annotate("sponsors_n", count("sponsors")).values("events_n", "sponsors_n");
            StepVerifier.create(plain)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("events_n", 6L),
                            Map.entry("sponsors_n", 6L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void sumOverARelatedDecimalAndFilteredCounts(DatabaseKind db) {
        try (Env env = start(db)) {
            var q = env.of(Tournament.class)
                    .annotate("prizes", sum("events__prize"))
                    .annotate("big", count("events").filter(Q.of("events__prize__gt", 50)))
                    .orderBy("name").values("name", "prizes", "big");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"tournament\".\"name\",SUM(\"tournament__events\".\"prize\"),"
                    + "COUNT(CASE WHEN \"tournament__events\".\"prize\">$1 THEN \"tournament__events\".\"id\" END) "
                    + "FROM \"tournament\" LEFT OUTER JOIN \"event\" \"tournament__events\" ON "
                    + "\"tournament__events\".\"tournament_id\"=\"tournament\".\"id\" GROUP BY \"tournament\".\"id\",\"tournament\".\"name\" "
                    + "ORDER BY \"tournament\".\"name\" ASC", List.of(new BigDecimal("50")))));
            StepVerifier.create(q.toList())
                    .assertNext(rows -> {
                        assertThat(rows).extracting(r -> r.get("name")).containsExactly("Cup", "Empty", "League");
                        assertThat(rows.get(0).get("prizes")).isEqualTo(new BigDecimal("120.75"));
                        assertThat(rows.get(1).get("prizes")).isNull();
                        assertThat(rows.get(2).get("prizes")).isNull();
                        assertThat(rows).extracting(r -> r.get("big")).containsExactly(1L, 0L, 0L);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void countAndExistsOfAnAnnotatedFilteredQueryAcrossAJoin(DatabaseKind db) {
        try (Env env = start(db)) {
            QuerySet<Tournament> some = env.of(Tournament.class).annotate("n", count("events")).filter("n__gte", 1);
            StepVerifier.create(some.count()).expectNext(2L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(some.exists()).expectNext(true).expectComplete().verify(Env.TIMEOUT);
            QuerySet<Tournament> none = env.of(Tournament.class).annotate("n", count("events")).filter("n__gt", 5);
            StepVerifier.create(none.count()).expectNext(0L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(none.exists()).expectNext(false).expectComplete().verify(Env.TIMEOUT);
            env.statements().clear();
            some.count().block(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(ExpectedSql.on(db, "SELECT COUNT(*) FROM \"tournament\" WHERE "
                    + "\"tournament\".\"id\" IN (SELECT \"tournament\".\"id\" FROM \"tournament\" LEFT OUTER JOIN "
                    + "\"event\" \"tournament__events\" ON \"tournament__events\".\"tournament_id\"=\"tournament\".\"id\" "
                    + "GROUP BY \"tournament\".\"id\",\"tournament\".\"name\" HAVING COUNT(\"tournament__events\".\"id\")>=$1)"));
        }
    }

    @DatabaseTest
    void countOverAManyToManyAndGroupingByARelatedPath(DatabaseKind db) {
        try (Env env = start(db)) {
            var players = env.of(Event.class).annotate("players", count("participants")).orderBy("name")
                    .valuesList("name", "players");
            StepVerifier.create(players.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(List.of("Final", 2L), List.of("Round 1", 0L),
                            List.of("Semi", 1L)))
                    .expectComplete().verify(Env.TIMEOUT);
            var byTournament = env.of(Event.class).annotate("total", sum("prize")).groupBy("tournament__name")
                    .orderBy("tournament__name").values("tournament__name", "total");
            assertThat(byTournament.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"event__tournament\".\"name\",SUM(\"event\".\"prize\") "
                    + "FROM \"event\" LEFT OUTER JOIN \"tournament\" \"event__tournament\" ON "
                    + "\"event__tournament\".\"id\"=\"event\".\"tournament_id\" GROUP BY \"event__tournament\".\"name\" "
                    + "ORDER BY \"event__tournament\".\"name\" ASC"));
            StepVerifier.create(byTournament.toList())
                    .assertNext(rows -> {
                        assertThat(rows).extracting(r -> r.get("tournament__name")).containsExactly("Cup", "League");
                        assertThat(rows.get(0).get("total")).isEqualTo(new BigDecimal("120.75"));
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void fAndFunctionsOnRelatedPaths(DatabaseKind db) {
        try (Env env = start(db)) {
            var q = env.of(Event.class).annotate("tid", F.of("tournament__id")).annotate("t", upper("tournament__name"))
                    .filter("name", "Final").values("tid", "t");
            assertThat(q.sql()).isEqualTo(ExpectedSql.on(db, new SqlText("SELECT \"event\".\"tournament_id\",UPPER(\"event__tournament\".\"name\") "
                    + "FROM \"event\" LEFT OUTER JOIN \"tournament\" \"event__tournament\" ON "
                    + "\"event__tournament\".\"id\"=\"event\".\"tournament_id\" WHERE \"event\".\"name\"=$1",
                    List.of("Final"))));
            Integer cupId = env.of(Tournament.class).get("name", "Cup").block(Env.TIMEOUT).id;
            StepVerifier.create(q)
                    .assertNext(row -> assertThat(row).containsExactly(Map.entry("tid", cupId), Map.entry("t", "CUP")))
                    .expectComplete().verify(Env.TIMEOUT);
            var last = env.of(Tournament.class).annotate("last", lower(max("events__name"))).orderBy("name")
                    .valuesList(true, "last");
            StepVerifier.create(last.toList())
                    .assertNext(rows -> assertThat(rows).containsExactly("semi", null, "round 1"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void fOnARelationIsAFieldError(DatabaseKind db) {
        try (Env env = start(db)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.of(Tournament.class)
                            .annotate("x", F.of("events")).values("x"))
                    .isInstanceOf(dev.tortoise.exception.FieldError.class)
                    .hasMessage("There is no non-virtual field events on Model Tournament");
        }
    }

    @DatabaseTest
    void filtersAcrossRelationsMixWithAggregateAnnotations(DatabaseKind db) {
        try (Env env = start(db)) {
            var q = env.of(Tournament.class).annotate("n", count("events__participants").distinct())
                    .filter(Q.of("n__gte", 2).or("name", "League")).orderBy("-n", "name");
            StepVerifier.create(q.toList())
                    .assertNext(list -> {
                        assertThat(list).extracting(t -> t.name).containsExactly("Cup", "League");
                        assertThat(list).extracting(t -> t.annotation("n", Long.class)).containsExactly(2L, 0L);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(q.count()).expectNext(2L).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void updateFromARelatedFieldOrAnAggregateIsAFieldError(DatabaseKind db) {
        try (Env env = start(db)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.of(Event.class).all()
                            .update("name", F.of("tournament__name")).block(Env.TIMEOUT))
                    .isInstanceOf(dev.tortoise.exception.FieldError.class)
                    .hasMessage("update() can't set name of Event from F(tournament__name): values of related "
                            + "models need a join, which an UPDATE does not have");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.of(Event.class).annotate("n", count())
                            .update("name", F.of("n")).block(Env.TIMEOUT))
                    .isInstanceOf(dev.tortoise.exception.FieldError.class)
                    .hasMessage("update() can't set name of Event from the aggregate F(n)");
        }
    }

    @DatabaseTest
    void aggregatesOverManyToManyAndForwardKeyPaths(DatabaseKind db) {
        try (Env env = start(db)) {
            List<Integer> ids = env.of(Player.class).all().orderBy("id").valuesList(true, "id").toList()
                    .block(Env.TIMEOUT).stream().map(o -> (Integer) o).toList();
            var q = env.of(Event.class).filter("name", "Final")
                    .annotate("lo", min("participants__id")).annotate("hi", max("participants__id"))
                    .annotate("mean", dev.tortoise.expression.Functions.avg("participants__id"))
                    .annotate("total", sum("participants__id")).annotate("tsum", sum("tournament__id"))
                    .values("lo", "hi", "mean", "total", "tsum");
            assertThat(q.sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT MIN(\"event__participants\".\"id\"),MAX(\"event__participants\".\"id\"),"
                    + "AVG(\"event__participants\".\"id\"),SUM(\"event__participants\".\"id\"),SUM(\"event\".\"tournament_id\") "
                    + "FROM \"event\" LEFT OUTER JOIN \"event_team\" \"event__participants__through\" ON "
                    + "\"event__participants__through\".\"event_id\"=\"event\".\"id\" LEFT OUTER JOIN \"player\" "
                    + "\"event__participants\" ON \"event__participants\".\"id\"=\"event__participants__through\".\"player_id\" "
                    + "WHERE \"event\".\"name\"=$1 GROUP BY \"event\".\"id\""));
            Integer cup = env.of(Tournament.class).get("name", "Cup").block(Env.TIMEOUT).id;
            StepVerifier.create(q)
                    .assertNext(row -> {
                        assertThat(row.get("lo")).isEqualTo(ids.get(0));
                        assertThat(row.get("hi")).isEqualTo(ids.get(1));
                        assertThat((Double) row.get("mean")).isEqualTo((ids.get(0) + ids.get(1)) / 2.0);
                        assertThat(row.get("total")).isEqualTo((long) ids.get(0) + ids.get(1));
                        assertThat(row.get("tsum")).isEqualTo(2L * cup);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void countAfterAnAggregateOverAManyToMany(DatabaseKind db) {
        try (Env env = start(db)) {
            QuerySet<Event> busy = env.of(Event.class).annotate("n", count("participants")).filter("n__gt", 1);
            StepVerifier.create(busy.count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(busy.valuesList(true, "name").toList())
                    .assertNext(names -> assertThat(names).containsExactly("Final"))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Player.class).annotate("events_n", count("events")).orderBy("name")
                            .valuesList("name", "events_n").toList())
                    .assertNext(rows -> assertThat(rows).containsExactly(List.of("Ann", 2L), List.of("Bob", 1L)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }
}
