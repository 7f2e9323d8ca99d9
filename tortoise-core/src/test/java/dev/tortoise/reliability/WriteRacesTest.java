package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.ManyToManyField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.relation.ManyToMany;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.DatabaseKind;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Writes that race with each other: concurrent M2M adds of the same pair, and generated keys after
 * a row was created with an explicit key.
 */
class WriteRacesTest {
    private static final int CONCURRENT = 20;

    @Meta(table = "wr_event")
    public static class WrEvent extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @ManyToManyField(relatedName = "events", through = "wr_event_team")
        public ManyToMany<WrTeam> teams;
    }

    @Meta(table = "wr_team")
    public static class WrTeam extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        public ManyToMany<WrEvent> events;
    }

    @DatabaseTest
    void concurrentAddsOfTheSamePairLeaveOneRowAndRaiseNothing(DatabaseKind db) {
        try (ReliabilityDb r = ReliabilityDb.start(db, 10, WrEvent.class, WrTeam.class)) {
            Manager<WrEvent> events = r.orm.of(WrEvent.class);
            Manager<WrTeam> teams = r.orm.of(WrTeam.class);
            WrTeam other = teams.create("name", "other").block(ReliabilityDb.TIMEOUT);
            int reps = Math.max(10, ReliabilityDb.REPS);
            for (int rep = 0; rep < reps; rep++) {
                WrEvent event = events.create("name", "event " + rep).block(ReliabilityDb.TIMEOUT);
                WrTeam team = teams.create("name", "team " + rep).block(ReliabilityDb.TIMEOUT);
                // Every add at once, half of them with a second pair, so the statements differ in size too.
                StepVerifier.create(Flux.range(0, CONCURRENT)
                                .flatMap(i -> (i % 2 == 0 ? event.teams.add(team) : event.teams.add(team, other))
                                        .subscribeOn(Schedulers.boundedElastic()), CONCURRENT)
                                .then())
                        .expectComplete().verify(Duration.ofSeconds(60));
                StepVerifier.create(event.teams.all().orderBy("id").valuesList(true, "name").flux())
                        .expectNext("other", "team " + rep).expectComplete().verify(Duration.ofSeconds(10));
                StepVerifier.create(team.events.all().count())
                        .expectNext(1L).expectComplete().verify(Duration.ofSeconds(10));
            }
            assertThat(other.events.all().count().block(ReliabilityDb.TIMEOUT)).isEqualTo(reps);
            r.assertHealthy("after the concurrent adds");
        }
    }

    @DatabaseTest
    void anExplicitPrimaryKeyMovesTheKeyGeneratorPastIt(DatabaseKind db) {
        try (ReliabilityDb r = ReliabilityDb.start(db, 3, WrEvent.class, WrTeam.class)) {
            Manager<WrEvent> events = r.orm.of(WrEvent.class);
            assertThat(events.create("name", "generated").block(ReliabilityDb.TIMEOUT).id).isEqualTo(1);
            assertThat(events.create("id", 50, "name", "explicit").block(ReliabilityDb.TIMEOUT).id).isEqualTo(50);
            assertThat(events.create("name", "after").block(ReliabilityDb.TIMEOUT).id).isEqualTo(51);
            // An explicit key below the generator's position never moves it back. (On PostgreSQL the
            // check draws one value from the sequence, so the next key skips one.)
            assertThat(events.create("id", 10, "name", "low").block(ReliabilityDb.TIMEOUT).id).isEqualTo(10);
            assertThat(events.create("name", "next").block(ReliabilityDb.TIMEOUT).id)
                    .isEqualTo((db == DatabaseKind.POSTGRES) ? 53 : 52);
            // save() of a new instance with its key set, as the starter's create-by-body does.
            WrEvent built = events.build(java.util.Map.of("id", 200, "name", "saved"));
            built.save().block(ReliabilityDb.TIMEOUT);
            assertThat(events.create("name", "after save").block(ReliabilityDb.TIMEOUT).id).isEqualTo(201);
            StepVerifier.create(events.all().orderBy("id").valuesList(true, "id").flux())
                    .expectNext(1, 10, 50, 51, (db == DatabaseKind.POSTGRES) ? 53 : 52, 200, 201)
                    .expectComplete().verify(Duration.ofSeconds(10));
        }
    }

    @DatabaseTest
    void anExplicitKeyInsideARolledBackTransactionLeavesNoRow(DatabaseKind db) {
        try (ReliabilityDb r = ReliabilityDb.start(db, 3, WrEvent.class, WrTeam.class)) {
            Manager<WrEvent> events = r.orm.of(WrEvent.class);
            StepVerifier.create(r.orm.inTransaction(tx -> events.create("id", 100, "name", "in tx")
                            .then(Mono.error(new IllegalStateException("boom")))))
                    .expectErrorMessage("boom").verify(Duration.ofSeconds(30));
            assertThat(events.all().count().block(ReliabilityDb.TIMEOUT)).isZero();
            // The generator may have moved (sequences are not transactional); a new key never collides.
            WrEvent next = events.create("name", "after").block(ReliabilityDb.TIMEOUT);
            assertThat(next.id).isPositive();
            assertThat(events.all().valuesList(true, "name").flux().collectList().block(ReliabilityDb.TIMEOUT))
                    .isEqualTo(List.of("after"));
        }
    }
}
