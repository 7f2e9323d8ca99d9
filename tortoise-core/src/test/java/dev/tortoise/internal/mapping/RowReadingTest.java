package dev.tortoise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.util.List;

/**
 * Rows read into instances through the attribute accessors and instance factories (hidden classes with constant
 * handles): exact values of every column, a primitive attribute, nulls in a nullable foreign key and a nullable
 * column, INNER and LEFT OUTER select_related joins, and rows of several models read in turn through the same
 * readers.
 */
class RowReadingTest {
    @Meta(table = "rr_club")
    public static class Club extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 40)
        public String name;
        @IntField
        public int rank;
        public ReverseRelation<Member> members;
        public ReverseRelation<Member> coached;
    }

    @Meta(table = "rr_member")
    public static class Member extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @ForeignKeyField(relatedName = "members")
        public ForeignKey<Club> club;
        @ForeignKeyField(relatedName = "coached", nullable = true)
        public ForeignKey<Club> coach;
        @CharField(maxLength = 40, nullable = true)
        public String nick;
    }

    private static void fill(Env env) {
        Club red = env.of(Club.class).create("id", 1, "name", "Red", "rank", 3).block(Env.TIMEOUT);
        Club blue = env.of(Club.class).create("id", 2, "name", "Blue", "rank", -4).block(Env.TIMEOUT);
        env.of(Club.class).create("id", 3, "name", "Empty", "rank", 0).block(Env.TIMEOUT);
        env.of(Member.class).create("id", 10, "club", red, "coach", blue, "nick", "ace").block(Env.TIMEOUT);
        env.of(Member.class).create("id", 11, "club", blue, "nick", null).block(Env.TIMEOUT);
        env.of(Member.class).create("id", 12, "club", red, "coach", red, "nick", "").block(Env.TIMEOUT);
    }

    private static void assertMembers(List<Member> members) {
        assertThat(members).extracting(m -> m.id).containsExactly(10, 11, 12);
        assertThat(members).extracting(m -> m.club.id()).containsExactly(1, 2, 1);
        assertThat(members).extracting(m -> m.coach.id()).containsExactly(2, null, 1);
        assertThat(members).extracting(m -> m.nick).containsExactly("ace", null, "");
        assertThat(members).allMatch(Model::isSaved);
    }

    @DatabaseTest
    void selectRelatedThroughAnInnerAndALeftOuterJoinReadsEveryValueExactly(DatabaseKind db) {
        try (Env env = Env.start(db, Club.class, Member.class)) {
            fill(env);
            List<Member> members = env.of(Member.class).all().selectRelated("club", "coach").orderBy("id").toList()
                    .block(Env.TIMEOUT);
            assertMembers(members);
            assertThat(members).extracting(m -> m.club.get().name).containsExactly("Red", "Blue", "Red");
            assertThat(members).extracting(m -> m.club.get().rank).containsExactly(3, -4, 3);
            assertThat(members.get(0).coach.get().name).isEqualTo("Blue");
            assertThat(members.get(0).coach.get().rank).isEqualTo(-4);
            // The nullable key is NULL: the outer join's columns are all NULL and no instance is made for them.
            assertThat(members.get(1).coach.isFetched()).isTrue();
            assertThat(members.get(1).coach.get()).isNull();
            assertThat(members.get(2).coach.get().id).isEqualTo(1);
            // One related instance per row, each bound and saved, its own relation holders made with it.
            assertThat(members.get(0).club.get()).isNotSameAs(members.get(2).club.get());
            assertThat(members.get(2).club.get()).isNotSameAs(members.get(2).coach.get());
            assertThat(members.get(0).club.get().isSaved()).isTrue();
            assertThat(members.get(0).club.get().members.owner()).isSameAs(members.get(0).club.get());
            assertThat(members.get(0).club.owner()).isSameAs(members.get(0));
        }
    }

    @DatabaseTest
    void rowsOfSeveralModelsReadInTurnThroughTheSameReadersKeepTheirOwnValues(DatabaseKind db) {
        try (Env env = Env.start(db, Club.class, Member.class)) {
            fill(env);
            for (int round = 0; round < 3; round++) {
                List<Club> clubs = env.of(Club.class).all().orderBy("id").prefetchRelated("members", "coached")
                        .toList().block(Env.TIMEOUT);
                assertThat(clubs).extracting(c -> c.id).containsExactly(1, 2, 3);
                assertThat(clubs).extracting(c -> c.name).containsExactly("Red", "Blue", "Empty");
                assertThat(clubs).extracting(c -> c.rank).containsExactly(3, -4, 0);
                assertThat(clubs.get(0).members.list()).extracting(m -> m.id).containsExactlyInAnyOrder(10, 12);
                assertThat(clubs.get(1).members.list()).extracting(m -> m.nick).containsExactly((String) null);
                assertThat(clubs.get(2).members.list()).isEmpty();
                assertThat(clubs.get(0).coached.list()).extracting(m -> m.id).containsExactly(12);
                assertThat(clubs.get(1).coached.list()).extracting(m -> m.id).containsExactly(10);
                assertThat(clubs.get(2).coached.list()).isEmpty();

                assertMembers(env.of(Member.class).all().orderBy("id").toList().block(Env.TIMEOUT));
                List<Member> joined = env.of(Member.class).filter("coach__isnull", false).selectRelated("coach")
                        .orderBy("id").toList().block(Env.TIMEOUT);
                assertThat(joined).extracting(m -> m.coach.get().name).containsExactly("Blue", "Red");
                assertThat(joined).extracting(m -> m.club.isFetched()).containsExactly(false, false);
            }
        }
    }
}
