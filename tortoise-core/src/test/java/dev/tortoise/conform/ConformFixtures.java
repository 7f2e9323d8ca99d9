package dev.tortoise.conform;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import java.util.Map;

/** Leagues and their fixtures, for the Tortoise conformance tests of issue 15. */
final class ConformFixtures {
    private ConformFixtures() {
    }

    @Meta(table = "league")
    public static class League extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @IntField(nullable = true)
        public Integer rank;
        public ReverseRelation<Fixture> fixtures;
    }

    @Meta(table = "fixture")
    public static class Fixture extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50, unique = true)
        public String name;
        @ForeignKeyField(relatedName = "fixtures")
        public ForeignKey<League> league;
        @DatetimeField(nullable = true)
        public OffsetDateTime at;
    }

    @Meta(table = "player")
    public static class Player extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @ManyToManyField(relatedName = "players", through = "player_league")
        public ManyToMany<League> leagues;
    }

    @Meta(table = "stamp")
    public static class Stamp extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
    }

    /** Leagues 1 a (rank 3), 2 b (null), 3 c (1), 4 d (5), 5 e (null); no fixtures. */
    static Env leagues(DatabaseKind db) {
        Env env = Env.start(db, League.class, Fixture.class, Player.class, Stamp.class);
        Manager<League> l = env.of(League.class);
        Object[][] rows = {{"a", 3}, {"b", null}, {"c", 1}, {"d", 5}, {"e", null}};
        for (Object[] r : rows) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", r[0]);
            m.put("rank", r[1]);
            l.create(m).block(Env.TIMEOUT);
        }
        env.statements().clear();
        return env;
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
