package dev.tortoise.relations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.NoValuesFetched;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.expression.Functions;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.query.Prefetch;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.relations.Fixtures.Address;
import dev.tortoise.relations.Fixtures.Employee;
import dev.tortoise.relations.Fixtures.Event;
import dev.tortoise.relations.Fixtures.Team;
import dev.tortoise.relations.Fixtures.Tournament;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RelationLoadingTest {

    private static Env start(DatabaseKind db) {
        return Env.start(db, Tournament.class, Event.class, Team.class, Address.class, Employee.class, Fixtures.Node.class);
    }

    @DatabaseTest
    void reverseRelationListMethodsNeedAFetchFirst(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            env.of(Event.class).create("name", "B", "tournament", t).block(Env.TIMEOUT);
            env.of(Event.class).create("name", "A", "tournament", t).block(Env.TIMEOUT);
            assertThatThrownBy(() -> t.events.size()).isInstanceOf(NoValuesFetched.class)
                    .hasMessageStartingWith("No values were fetched for this relation, first use .fetch_related()");
            assertThatThrownBy(() -> t.events.iterator()).isInstanceOf(NoValuesFetched.class);
            StepVerifier.create(t.events.count()).expectNext(2L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(Flux.from(t.events).map(e -> e.name)).expectNext("A", "B").expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(t.events.filter("name", "B").flux().map(e -> e.name)).expectNext("B")
                    .expectComplete().verify(Env.TIMEOUT);
            t.fetchRelated("events").block(Env.TIMEOUT);
            assertThat(t.events.size()).isEqualTo(2);
            assertThat(t.events.isEmpty()).isFalse();
            assertThat(t.events.get(0).name).isEqualTo("A");
            List<String> names = new ArrayList<>();
            for (Event e : t.events) {
                names.add(e.name);
            }
            assertThat(names).containsExactly("A", "B");
            assertThat(t.events.contains(t.events.get(1))).isTrue();
        }
    }

    @DatabaseTest
    void manyToManyAddSkipsExistingPairsAndWorksFromBothSides(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            Event e = env.of(Event.class).create("name", "Final", "tournament", t).block(Env.TIMEOUT);
            Team a = env.of(Team.class).create("name", "Alpha").block(Env.TIMEOUT);
            Team b = env.of(Team.class).create("name", "Beta").block(Env.TIMEOUT);
            Team c = env.of(Team.class).create("name", "Gamma").block(Env.TIMEOUT);
            e.participants.add(a).block(Env.TIMEOUT);
            env.statements().clear();
            e.participants.add(a, b, c).block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(2);
            assertThat(env.countRows("event_team")).isEqualTo(3);
            StepVerifier.create(c.events.all().flux().map(x -> x.name)).expectNext("Final").expectComplete()
                    .verify(Env.TIMEOUT);
            c.events.remove(e).block(Env.TIMEOUT);
            assertThat(e.participants.all().count().block(Env.TIMEOUT)).isEqualTo(2);
            assertThatThrownBy(() -> e.participants.remove().block(Env.TIMEOUT))
                    .isInstanceOf(OperationalError.class).hasMessage("remove() called on no instances");
            e.participants.clear().block(Env.TIMEOUT);
            assertThat(env.countRows("event_team")).isZero();
            assertThatThrownBy(() -> e.participants.add(new Team()).block(Env.TIMEOUT))
                    .isInstanceOf(OperationalError.class).hasMessage("You should first call .save() on <Team>");
        }
    }

    @DatabaseTest
    void prefetchWithAQuerysetAndAnotherAttribute(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            for (String n : List.of("A", "B", "C")) {
                env.of(Event.class).create("name", n, "tournament", t).block(Env.TIMEOUT);
            }
            Tournament loaded = env.of(Tournament.class)
                    .prefetchRelated(Prefetch.of("events", env.of(Event.class).filter("name__in", List.of("A", "C"))
                            .orderBy("-name"), "picked"), "events")
                    .get("id", t.id).block(Env.TIMEOUT);
            List<Event> picked = loaded.prefetched("picked");
            assertThat(picked).extracting(e -> e.name).containsExactly("C", "A");
            assertThat(loaded.events.list()).extracting(e -> e.name).containsExactly("A", "B", "C");
        }
    }

    @DatabaseTest
    void manyToManyPrefetchCarriesItsJoinKeyBesideTheInstances(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            Team a = env.of(Team.class).create("name", "Alpha").block(Env.TIMEOUT);
            Team b = env.of(Team.class).create("name", "Beta").block(Env.TIMEOUT);
            Team c = env.of(Team.class).create("name", "Gamma").block(Env.TIMEOUT);
            Event e0 = env.of(Event.class).create("name", "E0", "tournament", t).block(Env.TIMEOUT);
            Event e1 = env.of(Event.class).create("name", "E1", "tournament", t).block(Env.TIMEOUT);
            e0.participants.add(a, b).block(Env.TIMEOUT);
            e1.participants.add(b, c).block(Env.TIMEOUT);
            env.statements().clear();
            List<Event> events = env.of(Event.class).orderBy("name")
                    .prefetchRelated("participants", Prefetch.of("participants", env.of(Team.class)
                            .filter("name__in", List.of("Beta", "Gamma")).annotate("shout", Functions.upper("name"))
                            .orderBy("-name"), "picked"))
                    .toList().block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(3);
            assertThat(events.get(0).participants.list()).extracting(x -> x.name).containsExactly("Alpha", "Beta");
            assertThat(events.get(1).participants.list()).extracting(x -> x.name).containsExactly("Beta", "Gamma");
            // A team linked to two events is read once per link, each event getting an instance of its own.
            assertThat(events.get(0).participants.get(1)).isNotSameAs(events.get(1).participants.get(0));
            List<Team> picked0 = events.get(0).prefetched("picked");
            List<Team> picked1 = events.get(1).prefetched("picked");
            assertThat(picked0).extracting(x -> x.name).containsExactly("Beta");
            assertThat(picked1).extracting(x -> x.name).containsExactly("Gamma", "Beta");
            assertThat(picked1).extracting(x -> x.annotation("shout", String.class)).containsExactly("GAMMA", "BETA");
            // The join key is not kept on the instances: no state at all for plain rows, only the queryset's own
            // annotation on the others.
            for (Event e : events) {
                assertThat(e.participants.list()).allSatisfy(x -> assertThat(Instances.stateIfPresent(x)).isNull());
                List<Team> picked = e.prefetched("picked");
                assertThat(picked).allSatisfy(x -> assertThat(Instances.state(x).annotations())
                        .containsOnlyKeys("shout"));
            }
            assertThatThrownBy(() -> events.get(0).participants.get(0).annotation("_prefetch_key", Integer.class))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("No annotation '_prefetch_key' on this Team instance; annotations: []");
        }
    }

    @DatabaseTest
    void prefetchOfTenThousandParentsIsOneQueryPerLevel(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            insertEvents(env, t, 10_000);
            env.statements().clear();
            List<Event> events = env.of(Event.class).prefetchRelated("tournament", "participants").toList()
                    .block(Env.TIMEOUT);
            assertThat(events).hasSize(10_000);
            assertThat(events.get(9_999).tournament.get().name).isEqualTo("Cup");
            assertThat(events.get(0).participants.list()).isEmpty();
            assertThat(env.statements().count()).isEqualTo(3);
        }
    }

    @DatabaseTest
    void prefetchOverMoreParentsThanOneStatementCanBindWorks(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            insertEvents(env, t, 40_000);
            env.statements().clear();
            List<Event> events = env.of(Event.class).prefetchRelated("participants").toList().block(Env.TIMEOUT);
            assertThat(events).hasSize(40_000);
            assertThat(events).allSatisfy(e -> assertThat(e.participants.list()).isEmpty());
            // PostgreSQL binds the keys as one array; H2 takes them in chunks under its bind limit (32,000),
            // MariaDB in one IN list under its own (65,535).
            assertThat(env.statements().count()).isEqualTo((db != DatabaseKind.H2) ? 2 : 3);
        }
    }

    /** Inserts {@code n} events of a tournament in one statement (test data only). */
    private static void insertEvents(Env env, Tournament t, int n) {
        if (env.db() == DatabaseKind.MARIADB) {
            // MariaDB's SEQUENCE engine: the table seq_1_to_<n> holds 1..n
            env.query("INSERT INTO \"event\" (\"name\", \"tournament_id\") SELECT CONCAT('E', seq), " + t.id
                    + " FROM seq_1_to_" + n);
            return;
        }
        String series = (env.db() == DatabaseKind.POSTGRES) ? "generate_series(1, " + n + ") AS s(x)"
                : "SYSTEM_RANGE(1, " + n + ") AS s(x)";
        env.query("INSERT INTO \"event\" (\"name\", \"tournament_id\") SELECT CONCAT('E', CAST(x AS VARCHAR)), "
                + t.id + " FROM " + series);
    }

    @DatabaseTest
    void oneToOneAsPrimaryKeyAndItsReverseSide(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            Event e = env.of(Event.class).create("name", "Final", "tournament", t).block(Env.TIMEOUT);
            Address a = env.of(Address.class).create("city", "Paris", "street", "Rue", "event", e).block(Env.TIMEOUT);
            assertThat(a.pk()).isEqualTo(e.id);
            Address got = env.of(Address.class).get("pk", e.id).block(Env.TIMEOUT);
            assertThat(got.city).isEqualTo("Paris");
            Event withAddress = env.of(Event.class).selectRelated("address").get("id", e.id).block(Env.TIMEOUT);
            assertThat(withAddress.address.get().street).isEqualTo("Rue");
            Event prefetched = env.of(Event.class).prefetchRelated("address").get("id", e.id).block(Env.TIMEOUT);
            assertThat(prefetched.address.get().city).isEqualTo("Paris");
            assertThat(env.of(Event.class).filter("address__city", "Paris").count().block(Env.TIMEOUT)).isEqualTo(1);
        }
    }

    @DatabaseTest
    void selfReferencesThroughForeignKeyAndManyToMany(DatabaseKind db) {
        try (Env env = start(db)) {
            Employee boss = env.of(Employee.class).create("name", "Boss").block(Env.TIMEOUT);
            Employee ann = env.of(Employee.class).create("name", "Ann", "manager", boss).block(Env.TIMEOUT);
            Employee bob = env.of(Employee.class).create("name", "Bob", "manager", boss).block(Env.TIMEOUT);
            ann.talks_to.add(bob, boss).block(Env.TIMEOUT);
            Employee loaded = env.of(Employee.class).prefetchRelated("team_members", "gets_talked_to")
                    .get("name", "Boss").block(Env.TIMEOUT);
            assertThat(loaded.team_members.list()).extracting(x -> x.name).containsExactlyInAnyOrder("Ann", "Bob");
            assertThat(loaded.gets_talked_to.list()).extracting(x -> x.name).containsExactly("Ann");
            assertThat(env.of(Employee.class).filter("manager__name", "Boss").count().block(Env.TIMEOUT))
                    .isEqualTo(2);
            assertThat(env.of(Employee.class).filter("team_members__isnull", true).orderBy("name")
                    .valuesList(true, "name").toList().block(Env.TIMEOUT)).containsExactly("Ann", "Bob");
            // on_delete SET NULL: deleting the boss keeps the team with no manager.
            boss.delete().block(Env.TIMEOUT);
            assertThat(env.of(Employee.class).filter("manager_id__isnull", true).count().block(Env.TIMEOUT))
                    .isEqualTo(2);
        }
    }

    @DatabaseTest
    void deletingCascadesThroughTheDatabaseConstraints(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            Event e = env.of(Event.class).create("name", "Final", "tournament", t).block(Env.TIMEOUT);
            Team a = env.of(Team.class).create("name", "Alpha").block(Env.TIMEOUT);
            e.participants.add(a).block(Env.TIMEOUT);
            env.of(Address.class).create("city", "X", "street", "Y", "event", e).block(Env.TIMEOUT);
            t.delete().block(Env.TIMEOUT);
            assertThat(env.countRows("event")).isZero();
            assertThat(env.countRows("event_team")).isZero();
            assertThat(env.countRows("address")).isZero();
            assertThat(env.countRows("team")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void valuesAndOrderingFollowRelatedPaths(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament b = env.of(Tournament.class).create("name", "B-cup").block(Env.TIMEOUT);
            Tournament a = env.of(Tournament.class).create("name", "A-cup").block(Env.TIMEOUT);
            env.of(Event.class).create("name", "x", "tournament", b).block(Env.TIMEOUT);
            env.of(Event.class).create("name", "y", "tournament", a).block(Env.TIMEOUT);
            assertThat(env.of(Event.class).orderBy("tournament__name").values("name", "tournament__name",
                    "tournament_id").toList().block(Env.TIMEOUT)).containsExactly(
                    Map.of("name", "y", "tournament__name", "A-cup", "tournament_id", a.id),
                    Map.of("name", "x", "tournament__name", "B-cup", "tournament_id", b.id));
            assertThat(env.of(Event.class).orderBy("-tournament__name").toList().block(Env.TIMEOUT))
                    .extracting(ev -> ev.name).containsExactly("x", "y");
            assertThat(env.of(Event.class).selectRelated("tournament").orderBy("tournament__name").toList()
                    .block(Env.TIMEOUT)).extracting(ev -> ev.tournament.get().name).containsExactly("A-cup", "B-cup");
            assertThatThrownBy(() -> env.of(Event.class).values("tournament"))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("Selecting relation \"tournament\" is not possible, select concrete field on related "
                            + "model");
        }
    }

    @DatabaseTest
    void unknownRelationsInPrefetchAndSelectRelatedAreFieldErrors(DatabaseKind db) {
        try (Env env = start(db)) {
            StepVerifier.create(env.of(Event.class).prefetchRelated("nope"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class)
                            .hasMessage("Relation nope for models.Event not found"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Event.class).prefetchRelated("name"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class)
                            .hasMessage("Field name on models.Event is not a relation"))
                    .verify(Env.TIMEOUT);
            assertThatThrownBy(() -> env.of(Event.class).selectRelated("nope").toList().block(Env.TIMEOUT))
                    .isInstanceOf(FieldError.class).hasMessage("Relation nope for models.Event not found");
        }
    }

    @DatabaseTest
    void theKeyFieldIsWritableAndUsableInCreateFilterValuesAndOrdering(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament a = env.of(Tournament.class).create("name", "A").block(Env.TIMEOUT);
            Tournament b = env.of(Tournament.class).create("name", "B").block(Env.TIMEOUT);
            Event e = env.of(Event.class).create("name", "E", "tournament_id", a.id).block(Env.TIMEOUT);
            assertThat(e.tournament.id()).isEqualTo(a.id);
            e.set("tournament_id", b.id);
            e.save().block(Env.TIMEOUT);
            assertThat(env.of(Event.class).filter("tournament_id", b.id).count().block(Env.TIMEOUT)).isEqualTo(1);
            e.tournament.setId(a.id);
            e.save("tournament").block(Env.TIMEOUT);
            assertThat(env.of(Event.class).orderBy("-tournament_id").valuesList(true, "tournament_id").toList()
                    .block(Env.TIMEOUT)).containsExactly(a.id);
            Event fresh = env.of(Event.class).get("id", e.id).block(Env.TIMEOUT);
            assertThat(fresh.tournament.id()).isEqualTo(a.id);
        }
    }

    @DatabaseTest
    void fetchForListLoadsEveryInstance(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            env.of(Event.class).create("name", "A", "tournament", t).block(Env.TIMEOUT);
            env.of(Event.class).create("name", "B", "tournament", t).block(Env.TIMEOUT);
            List<Event> events = env.of(Event.class).all().toList().block(Env.TIMEOUT);
            env.statements().clear();
            env.tortoise().fetchForList(events, "tournament").block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(1);
            assertThat(events).allSatisfy(e -> assertThat(e.tournament.get().name).isEqualTo("Cup"));
            ReverseRelation<Event> rel = t.relation("events");
            assertThat(rel).isSameAs(t.events);
        }
    }

    @DatabaseTest
    void prefetchGivesEveryParentItsOwnUnmodifiableList(DatabaseKind db) {
        try (Env env = start(db)) {
            Tournament t = env.of(Tournament.class).create("name", "Cup").block(Env.TIMEOUT);
            Tournament none = env.of(Tournament.class).create("name", "Empty").block(Env.TIMEOUT);
            env.of(Event.class).create("name", "B", "tournament", t).block(Env.TIMEOUT);
            env.of(Event.class).create("name", "A", "tournament", t).block(Env.TIMEOUT);
            // Two instances of the same row share a key: each still gets a list of its own.
            Tournament first = env.of(Tournament.class).get("id", t.id).block(Env.TIMEOUT);
            Tournament second = env.of(Tournament.class).get("id", t.id).block(Env.TIMEOUT);
            Tournament empty = env.of(Tournament.class).get("id", none.id).block(Env.TIMEOUT);
            env.statements().clear();
            env.tortoise().fetchForList(List.of(first, second, empty), "events").block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(1);
            assertThat(first.events.list()).extracting(e -> e.name).containsExactly("A", "B");
            assertThat(second.events.list()).extracting(e -> e.name).containsExactly("A", "B");
            assertThat(first.events.list()).isNotSameAs(second.events.list());
            assertThat(empty.events.list()).isEmpty();
            assertThatThrownBy(() -> first.events.list().remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThat(second.events.size()).isEqualTo(2);
            // One parent per key: its group list is stored as it is, still read-only.
            Tournament only = env.of(Tournament.class).get("id", t.id).block(Env.TIMEOUT);
            env.tortoise().fetchForList(List.of(only), "events").block(Env.TIMEOUT);
            assertThat(only.events.list()).extracting(e -> e.name).containsExactly("A", "B");
            assertThatThrownBy(() -> only.events.list().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
