package dev.tortoise.conform;

import static dev.tortoise.conform.ConformFixtures.leagues;
import static dev.tortoise.conform.ConformFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.conform.ConformFixtures.Fixture;
import dev.tortoise.conform.ConformFixtures.League;
import dev.tortoise.conform.ConformFixtures.Player;
import dev.tortoise.conform.ConformFixtures.Stamp;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.MultipleObjectsReturned;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.expression.Case;
import dev.tortoise.expression.Functions;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.expression.When;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/** Issue 15's behaviour points: force_update with auto_now_add, annotations named like fields, Tortoise's error texts. */
class BehaviourConformanceTest {

    private static final String LEAGUE_FIELDS = "[pk, id, name, rank, fixtures, players]";

    @DatabaseTest
    void forceUpdateOfAnInstanceBuiltWithAKeyFillsAutoNowAdd(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<Stamp> stamps = env.of(Stamp.class);
            Stamp first = stamps.create(Map.of("name", "a")).block(Env.TIMEOUT);
            OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
            Stamp built = new Stamp();
            built.id = first.id;
            built.name = "b";
            StepVerifier.create(stamps.save(built, SaveOptions.updating())).expectNext(built)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(built.created).isAfter(before);
            Stamp stored = stamps.byPk(first.id).block(Env.TIMEOUT);
            assertThat(stored.name).isEqualTo("b");
            assertThat(stored.created.toInstant()).isEqualTo(built.created.toInstant());
            assertThat(env.countRows("stamp")).isEqualTo(1);
            // force_update of a key that has no row is still Tortoise's IntegrityError.
            Stamp ghost = new Stamp();
            ghost.id = 99;
            ghost.name = "ghost";
            StepVerifier.create(stamps.save(ghost, SaveOptions.updating()))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(IntegrityError.class)
                            .hasMessage("Can't update object that doesn't exist. PK: 99"))
                    .verify(Env.TIMEOUT);
            // An explicit value is kept.
            Stamp kept = new Stamp();
            kept.id = first.id;
            kept.name = "c";
            kept.created = OffsetDateTime.parse("2020-01-02T03:04:05Z");
            stamps.save(kept, SaveOptions.updating()).block(Env.TIMEOUT);
            assertThat(stamps.byPk(first.id).block(Env.TIMEOUT).created.toInstant())
                    .isEqualTo(OffsetDateTime.parse("2020-01-02T03:04:05Z").toInstant());
        }
    }

    @DatabaseTest
    void anAnnotationNamedLikeAFieldWinsOverIt(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            var qs = l.all().annotate("id", RawSQL.of("{id} + 1").as(Integer.class)).filter("rank__not_isnull", true);
            StepVerifier.create(qs.orderBy("id").values("id").toList())
                    .expectNext(List.of(row("id", 2), row("id", 4), row("id", 5)))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(qs.orderBy("id").valuesList(true, "id").toList())
                    .expectNext(List.of(2, 4, 5)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(qs.filter("id", 4).values().toList())
                    .expectNext(List.of(row("id", 4, "name", "c", "rank", 1)))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(qs.orderBy("-id").first().map(League::toMap))
                    .expectNext(row("id", 5, "name", "d", "rank", 5))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(qs.orderBy("-id").first().map(x -> x.id + "/" + x.annotation("id", Integer.class)))
                    .expectNext("4/5").expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void unknownFieldsAreNamedInTortoisesWordsWithTheOwningModel(DatabaseKind db) {
        try (Env env = leagues(db)) {
            assertThatThrownBy(() -> env.of(League.class).values("int2num")).isExactlyInstanceOf(FieldError.class)
                    .hasMessage("Unknown field \"int2num\" for model \"League\"; valid fields are " + LEAGUE_FIELDS);
            assertThatThrownBy(() -> env.of(Fixture.class).values("league__neem"))
                    .isExactlyInstanceOf(FieldError.class)
                    .hasMessage("Unknown field \"neem\" for model \"League\"; valid fields are " + LEAGUE_FIELDS);
            StepVerifier.create(env.of(Fixture.class).orderBy("league__neem"))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                            .hasMessage("Unknown field \"neem\" for model \"League\"; valid fields are "
                                    + LEAGUE_FIELDS))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(League.class).orderBy("-neem"))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                            .hasMessage("Unknown field \"neem\" for model \"League\"; valid fields are "
                                    + LEAGUE_FIELDS))
                    .verify(Env.TIMEOUT);
            assertThatThrownBy(() -> env.of(League.class).only("neem")).isExactlyInstanceOf(FieldError.class)
                    .hasMessage("Unknown field \"neem\" for model \"League\"; valid fields are "
                            + "[id, name, rank, fixtures, players]");
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void relationMisuseRaisesTortoisesMessages(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Player p = env.of(Player.class).create(Map.of("name", "p")).block(Env.TIMEOUT);
            League unsaved = new League();
            unsaved.name = "new";
            StepVerifier.create(p.leagues.add(unsaved))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("You should first call .save() on <League>"))
                    .verify(Env.TIMEOUT);
            Fixture f = new Fixture();
            assertThatThrownBy(() -> f.league.set(unsaved)).isExactlyInstanceOf(OperationalError.class)
                    .hasMessage("You should first call .save() on <League> before referring to it");
            assertThatThrownBy(() -> env.of(Player.class).build(Map.of("name", "q", "leagues", List.of())))
                    .isExactlyInstanceOf(ConfigurationError.class)
                    .hasMessage("You can't set m2m relations through init, use m2m_manager instead "
                            + "(field \"leagues\" of model \"Player\")");
            assertThatThrownBy(() -> env.of(League.class).build(Map.of("fixtures", List.of())))
                    .isExactlyInstanceOf(ConfigurationError.class)
                    .hasMessage("You can't set backward relations through init, change related model instead "
                            + "(field \"fixtures\" of model \"League\")");
            StepVerifier.create(env.of(League.class).get("name", "zz"))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(DoesNotExist.class)
                            .hasMessage("Object \"League\" does not exist"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(League.class).get("rank", null))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(MultipleObjectsReturned.class)
                            .hasMessage("Multiple objects returned for \"League\", expected exactly one"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(p.leagues.remove())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("remove() called on no instances"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(unsaved.delete())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("Can't delete unpersisted record"))
                    .verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aBooleanCaseDecodesOnEveryDatabaseInAnnotateAndGroupBy(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Case top = Case.of(When.of("rank__lte", 3, true)).otherwise(false);
            StepVerifier.create(env.of(League.class).all().annotate("top", top).orderBy("id").valuesList(true, "top")
                            .toList())
                    .expectNext(List.of(true, false, true, false, false)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(League.class).all().annotate("top", top).annotate("n", Functions.count("id"))
                            .groupBy("top").orderBy("top").values("top", "n").toList())
                    .expectNext(List.of(row("top", false, "n", 3L), row("top", true, "n", 2L)))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(League.class).all().annotate("top", top).filter("top", true).orderBy("id")
                            .first().map(x -> x.annotation("top", Boolean.class) + " " + x.name))
                    .expectNext("true a").expectComplete().verify(Env.TIMEOUT);
        }
    }

    /** Fixtures f1, f2 in league 1 and f3 in league 2; players p1 in leagues 1 and 2, p2 in league 1. */
    private static Env related(DatabaseKind db) {
        Env env = leagues(db);
        Manager<League> l = env.of(League.class);
        League one = l.byPk(1).block(Env.TIMEOUT);
        League two = l.byPk(2).block(Env.TIMEOUT);
        for (Object[] f : new Object[][] {{"f1", one}, {"f2", one}, {"f3", two}}) {
            env.of(Fixture.class).create(x -> {
                x.name = (String) f[0];
                x.league.set((League) f[1]);
            }).block(Env.TIMEOUT);
        }
        Player p1 = env.of(Player.class).create(x -> x.name = "p1").block(Env.TIMEOUT);
        Player p2 = env.of(Player.class).create(x -> x.name = "p2").block(Env.TIMEOUT);
        p1.leagues.add(one, two).block(Env.TIMEOUT);
        p2.leagues.add(one).block(Env.TIMEOUT);
        return env;
    }

    private static void ids(dev.tortoise.query.QuerySet<?> qs, Integer... ids) {
        StepVerifier.create(qs.orderBy("id").valuesList(true, "id").toList())
                .expectNext(List.of((Object[]) ids)).expectComplete().verify(Env.TIMEOUT);
    }

    @DatabaseTest
    void lookupsAcrossReverseAndManyToManyRelationsJoinAndRepeatTheParentPerMatch(DatabaseKind db) {
        try (Env env = related(db)) {
            Manager<League> l = env.of(League.class);
            Fixture f1 = env.of(Fixture.class).get("name", "f1").block(Env.TIMEOUT);
            Fixture f3 = env.of(Fixture.class).get("name", "f3").block(Env.TIMEOUT);
            Player p1 = env.of(Player.class).get("name", "p1").block(Env.TIMEOUT);
            Player p2 = env.of(Player.class).get("name", "p2").block(Env.TIMEOUT);
            League one = l.byPk(1).block(Env.TIMEOUT);
            // Reverse FK: a relation-ended lookup repeats the parent per match, as a path to a field does.
            ids(l.filter("fixtures__isnull", false), 1, 1, 2);
            ids(l.filter("fixtures__isnull", false).distinct(), 1, 2);
            ids(l.filter("fixtures__name__in", List.of("f1", "f2", "f3")), 1, 1, 2);
            ids(l.filter("fixtures__isnull", true), 3, 4, 5);
            ids(l.filter("fixtures__not_isnull", false), 3, 4, 5);
            ids(l.filter("fixtures__in", List.of(f1, f3)), 1, 2);
            ids(l.filter("fixtures", f1), 1);
            ids(l.filter("fixtures__not", f1), 1, 2, 3, 4, 5);
            StepVerifier.create(l.filter("fixtures__isnull", false).count()).expectNext(3L)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("fixtures__isnull", false).distinct().count()).expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            // M2M, both directions.
            ids(l.filter("players__in", List.of(p1, p2)), 1, 1, 2);
            ids(l.filter("players__in", List.of(p1, p2)).distinct(), 1, 2);
            ids(l.filter("players__name__in", List.of("p1", "p2")), 1, 1, 2);
            ids(l.filter("players__isnull", false), 1, 1, 2);
            ids(l.filter("players__isnull", true), 3, 4, 5);
            ids(env.of(Player.class).filter("leagues", one), p1.id, p2.id);
            ids(env.of(Player.class).filter("leagues__in", List.of(1, 2)), p1.id, p1.id, p2.id);
            ids(env.of(Player.class).filter("leagues__not", one), p1.id);
        }
    }
}
