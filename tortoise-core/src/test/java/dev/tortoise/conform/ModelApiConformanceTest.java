package dev.tortoise.conform;

import static dev.tortoise.conform.ConformFixtures.leagues;
import static dev.tortoise.conform.ConformFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.ModelManager;
import dev.tortoise.conform.ConformFixtures.Fixture;
import dev.tortoise.conform.ConformFixtures.League;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.query.BulkCreateOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Issue 15's model and manager API points (toMap, bulk options, copy, Mono transactions, RawSQL references). */
class ModelApiConformanceTest {

    private static Fixture fixture(String name, League league) {
        Fixture f = new Fixture();
        f.name = name;
        f.league.set(league);
        return f;
    }

    @DatabaseTest
    void toMapListsFieldsInOrderWithFetchedRelationsNested(DatabaseKind db) {
        try (Env env = leagues(db)) {
            League a = env.of(League.class).byPk(1).block(Env.TIMEOUT);
            OffsetDateTime at = OffsetDateTime.parse("2024-05-01T10:00:00Z");
            Fixture f = fixture("x", a);
            f.at = at;
            env.of(Fixture.class).create(f).block(Env.TIMEOUT);

            Fixture loaded = env.of(Fixture.class).byPk(f.id).block(Env.TIMEOUT);
            Map<String, Object> m = loaded.toMap();
            assertThat(new ArrayList<>(m.keySet())).containsExactly("id", "name", "league_id", "at");
            assertThat(m.get("id")).isEqualTo(f.id);
            assertThat(m.get("name")).isEqualTo("x");
            assertThat(m.get("league_id")).isEqualTo(1);
            assertThat(((OffsetDateTime) m.get("at")).toInstant()).isEqualTo(at.toInstant());

            loaded.fetchRelated("league").block(Env.TIMEOUT);
            assertThat(new ArrayList<>(loaded.toMap().keySet())).containsExactly("id", "name", "league", "league_id",
                    "at");
            assertThat(loaded.toMap().get("league")).isEqualTo(row("id", 1, "name", "a", "rank", 3));

            League withFixtures = env.of(League.class).all().prefetchRelated("fixtures").filter("id", 1)
                    .first().block(Env.TIMEOUT);
            Map<String, Object> lm = withFixtures.toMap();
            assertThat(new ArrayList<>(lm.keySet())).containsExactly("id", "name", "rank", "fixtures");
            assertThat(lm.get("fixtures")).isEqualTo(List.of(row("id", f.id, "name", "x", "league_id", 1, "at",
                    ((Fixture) withFixtures.fixtures.get(0)).at)));
            League deep = env.of(League.class).all().prefetchRelated("fixtures__league").filter("id", 1)
                    .first().block(Env.TIMEOUT);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fixtures = (List<Map<String, Object>>) deep.toMap().get("fixtures");
            assertThat(fixtures.get(0).get("league")).isEqualTo(row("id", 1, "name", "a", "rank", 3));

            League partial = env.of(League.class).all().only("name").filter("id", 2).first().block(Env.TIMEOUT);
            assertThat(partial.toMap()).isEqualTo(row("id", 2, "name", "b"));

            League annotated = env.of(League.class).all().annotate("next", RawSQL.of("{id} + 1").as(Long.class))
                    .filter("id", 3).first().block(Env.TIMEOUT);
            assertThat(annotated.toMap()).isEqualTo(row("id", 3, "name", "c", "rank", 1, "next", 4L));
        }
    }

    @DatabaseTest
    void bulkCreateTakesAnOptionsObject(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<Fixture> f = env.of(Fixture.class);
            League a = env.of(League.class).byPk(1).block(Env.TIMEOUT);
            League b = env.of(League.class).byPk(2).block(Env.TIMEOUT);
            List<Fixture> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(fixture("f" + i, a));
            }
            env.statements().clear();
            StepVerifier.create(f.bulkCreate(five, BulkCreateOptions.defaults().batchSize(2)).map(List::size))
                    .expectNext(5).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql().stream().filter(s -> s.contains("INSERT"))).hasSize(3);

            StepVerifier.create(f.bulkCreate(List.of(fixture("f0", b), fixture("new", b)),
                            BulkCreateOptions.defaults().ignoreConflicts()).then())
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(f.filter("league_id", 2).orderBy("name").valuesList(true, "name").toList())
                    .expectNext(List.of("new")).expectComplete().verify(Env.TIMEOUT);

            StepVerifier.create(f.bulkCreate(List.of(fixture("f1", b)),
                            BulkCreateOptions.defaults().onConflict("name").updateFields("league")).then())
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(f.filter("league_id", 2).orderBy("name").valuesList(true, "name").toList())
                    .expectNext(List.of("f1", "new")).expectComplete().verify(Env.TIMEOUT);

            StepVerifier.create(f.bulkCreate(List.of(fixture("zz", b)), BulkCreateOptions.defaults().ignoreConflicts()
                            .onConflict("name").updateFields("league")))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ParamsError.class)
                            .hasMessage("ignore_conflicts and update_fields are mutually exclusive."))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(f.bulkCreate(List.of(fixture("zz", b)), BulkCreateOptions.defaults()
                            .updateFields("league")))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ParamsError.class)
                            .hasMessage("update_fields and on_conflict need set in same time."))
                    .verify(Env.TIMEOUT);
            // The positional form still works.
            StepVerifier.create(f.bulkCreate(List.of(fixture("pos", b)), null, false, null, null).map(List::size))
                    .expectNext(1).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("fixture")).isEqualTo(7);
        }
    }

    @DatabaseTest
    void copyAndCloneWithPkAreTypedAsTheReceiver(DatabaseKind db) {
        try (Env env = leagues(db)) {
            League a = env.of(League.class).byPk(1).block(Env.TIMEOUT);
            League copy = a.copy();
            assertThat(copy).isNotSameAs(a);
            assertThat(copy.id).isNull();
            assertThat(copy.name).isEqualTo("a");
            copy.name = "a2";
            copy.save().block(Env.TIMEOUT);
            assertThat(copy.id).isEqualTo(6);
            League withPk = a.clone(40);
            withPk.save().block(Env.TIMEOUT);
            StepVerifier.create(env.of(League.class).filter("id__in", List.of(6, 40)).orderBy("id")
                            .valuesList("id", "name").toList())
                    .expectNext(List.of(List.of(6, "a2"), List.of(40, "a"))).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void inTransactionMonoCommitsAndReturnsOneResultOrRollsBack(DatabaseKind db) {
        try (Env env = leagues(db)) {
            ModelManager models = env.tortoise();
            Manager<League> l = env.of(League.class);
            StepVerifier.create(models.inTransactionMono(tx -> l.create(row("name", "tx", "rank", 9))
                            .flatMap(x -> l.filter("name", "tx").count())))
                    .expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(models.inTransactionMono(tx -> l.create(row("name", "gone"))
                            .then(Mono.<League>error(new IllegalStateException("boom")))))
                    .expectErrorMessage("boom").verify(Env.TIMEOUT);
            StepVerifier.create(models.inTransactionMono(tx -> models.inTransactionMono(inner -> l.create(
                                    row("name", "inner")).then(Mono.<Long>error(new IllegalStateException("inner"))))
                            .onErrorResume(e -> Mono.empty()).then(l.filter("name", "inner").count())))
                    .expectNext(0L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(models.inTransactionMono(tx -> Mono.empty())).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(l.filter("name__in", List.of("tx", "gone", "inner")).valuesList(true, "name").toList())
                    .expectNext(List.of("tx")).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void modelManagerOffersSchemaSqlDescribeAndSignals(DatabaseKind db) {
        try (Env env = leagues(db)) {
            ModelManager models = env.tortoise();
            assertThat(models.getSchemaSql(false)).isEqualTo(env.tortoise().getSchemaSql("default", false))
                    .contains(ExpectedSql.on(db, "CREATE TABLE \"league\" ("));
            assertThat(models.getSchemaSql(true)).contains(ExpectedSql.on(db, "CREATE TABLE IF NOT EXISTS \"league\" ("));
            assertThat(models.describe(League.class)).containsEntry("table", "league").containsEntry("name",
                    "models.League");
            AtomicInteger saved = new AtomicInteger();
            models.signals().postSave(League.class, (sender, instance, created, using, fields) -> {
                saved.incrementAndGet();
                return null;
            });
            assertThat(models.signals()).isSameAs(env.tortoise().signals());
            env.of(League.class).create(row("name", "s")).block(Env.TIMEOUT);
            assertThat(saved).hasValue(1);
        }
    }

    @DatabaseTest
    void rawSqlFieldReferencesAreQuotedByTheDialect(DatabaseKind db) {
        try (Env env = leagues(db)) {
            Manager<League> l = env.of(League.class);
            var qs = l.all().annotate("next", RawSQL.of("{id} + ?", 10).as(Long.class)).filter("id__lte", 2)
                    .orderBy("id");
            assertThat(qs.values("id", "next").sql().text()).isEqualTo(ExpectedSql.on(db, "SELECT \"league\".\"id\","
                    + "(\"league\".\"id\" + $1) FROM \"league\" WHERE \"league\".\"id\"<=$2 "
                    + "ORDER BY \"league\".\"id\" ASC"));
            StepVerifier.create(qs.values("id", "next").toList())
                    .expectNext(List.of(row("id", 1, "next", 11L), row("id", 2, "next", 12L)))
                    .expectComplete().verify(Env.TIMEOUT);
            // pk, a related path, and braces that are not references.
            League a = l.byPk(1).block(Env.TIMEOUT);
            env.of(Fixture.class).create(fixture("x", a)).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Fixture.class).all()
                            .annotate("label", RawSQL.of(db == DatabaseKind.MARIADB
                                    // || is OR in MariaDB; the application writes its database's SQL
                                    ? "CONCAT({league__name}, '-{name}-', {name})"
                                    : "{league__name} || '-{name}-' || {name}").as(String.class))
                            .annotate("k", RawSQL.of("{pk} * 2").as(Long.class))
                            .values("label", "k").toList())
                    .expectNext(List.of(row("label", "a-{name}-x", "k", 2L)))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThatThrownBy(() -> l.all().annotate("bad", RawSQL.of("{nope} + 1")).values("bad"))
                    .isExactlyInstanceOf(FieldError.class)
                    .hasMessage("There is no non-virtual field nope on Model League");
        }
    }

    @DatabaseTest
    void createTakesATypedInitialiser(DatabaseKind db) {
        try (Env env = leagues(db)) {
            League typed = env.of(League.class).create(x -> {
                x.name = "typed";
                x.rank = 2;
            }).block(Env.TIMEOUT);
            assertThat(typed.id).isEqualTo(6);
            assertThat(typed.isSaved()).isTrue();
            StepVerifier.create(env.of(League.class).filter("id", 6).values("name", "rank").get())
                    .expectNext(row("name", "typed", "rank", 2)).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Fixture.class).create(f -> f.name = "no league"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(dev.tortoise.exception.BaseORMException.class))
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("fixture")).isZero();
        }
    }
}
