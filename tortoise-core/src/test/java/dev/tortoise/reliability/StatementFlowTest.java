package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.TransactionManagementError;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.StatementRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The guarantees of a statement's one subscriber (StatementFlow) on each database: a statement
 * cancelled midway through its rows gives its connection back (to the pool, or to the next
 * statement of its transaction) once its result has ended; a failed statement's error reaches the
 * caller translated, with the statement already published to the listeners; a row count waits for
 * demand; and an error inside a transaction reaches its subscriber before the next statement runs.
 */
class StatementFlowTest {
    static final int ROWS = 600;
    private static final Duration TIMEOUT = ReliabilityDb.TIMEOUT;

    @Meta(table = "flow_item")
    public static class Item extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 100, unique = true)
        public String name;
        @IntField
        public Integer score;
    }

    /** A database seeded with {@link #ROWS} items; {@code recorder}, when not null, hears every statement. */
    static ReliabilityDb start(DatabaseKind db, StatementRecorder recorder) {
        ReliabilityDb r = ReliabilityDb.start(db, 2, b -> {
            if (recorder != null) {
                b.statementListener(recorder);
            }
        }, Item.class);
        Manager<Item> items = r.orm.of(Item.class);
        List<Item> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            rows.add(items.build(Map.of("name", "item " + i, "score", i % 7)));
        }
        items.bulkCreate(rows, 300).block(TIMEOUT);
        r.assertHealthy("after seeding");
        return r;
    }

    @DatabaseTest
    void aStatementCancelledMidResultReleasesItsConnection(DatabaseKind db) {
        try (ReliabilityDb r = start(db, null)) {
            Manager<Item> items = r.orm.of(Item.class);
            for (int rep = 0; rep < 5; rep++) {
                List<Integer> first = items.all().orderBy("id").flux().limitRate(2).take(3).map(i -> i.id)
                        .collectList().block(TIMEOUT);
                assertThat(first).containsExactly(1, 2, 3);
                r.assertHealthy("rep " + rep + " after take(3)");
            }
        }
    }

    @DatabaseTest
    void aStatementCancelledMidResultInATransactionLetsTheNextStatementRunAfterIt(DatabaseKind db) {
        try (ReliabilityDb r = start(db, null)) {
            Manager<Item> items = r.orm.of(Item.class);
            StepVerifier.create(r.orm.inTransaction(tx -> items.all().orderBy("id").flux().limitRate(2).take(3)
                            .map(i -> (long) i.id).concatWith(items.filter("score", 0).count())))
                    .expectNext(1L, 2L, 3L, (long) (ROWS / 7))
                    .expectComplete()
                    .verify(TIMEOUT);
            r.assertHealthy("after the transaction");
        }
    }

    @DatabaseTest
    void aFailedStatementIsTranslatedAndPublishedBeforeItsSubscriberSeesIt(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            List<StatementEvent> recordedWhenSeen = new CopyOnWriteArrayList<>();
            StepVerifier.create(items.create("id", ROWS + 1, "name", "item 1", "score", 0)
                            .doOnError(e -> recordedWhenSeen.addAll(recorder.events())))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(IntegrityError.class);
                        assertThat(((IntegrityError) e).kind()).isEqualTo(IntegrityError.Kind.UNIQUE);
                        assertThat(((IntegrityError) e).sql()).startsWith("INSERT INTO ");
                    })
                    .verify(TIMEOUT);
            assertThat(recordedWhenSeen).hasSize(1);
            StatementEvent event = recordedWhenSeen.get(0);
            assertThat(event.sql()).startsWith("INSERT INTO ");
            assertThat(event.error()).isInstanceOf(IntegrityError.class);
            assertThat(((IntegrityError) event.error()).sql()).isEqualTo(event.sql());
            assertThat(recorder.count()).isEqualTo(1);
            r.assertHealthy("after the failed insert");
        }
    }

    @DatabaseTest
    void aRowCountWaitsForDemandAndIsPublishedOnce(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            StepVerifier.create(items.filter("score", 3).update("score", 30), 0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenRequest(1)
                    .expectNext((long) ((ROWS + 4) / 7))
                    .expectComplete()
                    .verify(TIMEOUT);
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).sql()).startsWith("UPDATE ");
            assertThat(recorder.events().get(0).error()).isNull();
            r.assertHealthy("after the update");
        }
    }

    @DatabaseTest
    void anErrorInATransactionReachesItsSubscriberBeforeTheNextStatementIsRefused(DatabaseKind db) {
        try (ReliabilityDb r = start(db, null)) {
            Manager<Item> items = r.orm.of(Item.class);
            List<Throwable> seen = new CopyOnWriteArrayList<>();
            StepVerifier.create(r.orm.inTransaction(tx -> Flux.merge(
                            items.create("id", ROWS + 1, "name", "item 2", "score", 0).doOnError(seen::add),
                            items.filter("id", 1).count().doOnError(seen::add))))
                    .expectError(IntegrityError.class)
                    .verify(TIMEOUT);
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(0)).isInstanceOf(IntegrityError.class);
            if (seen.size() > 1) {
                assertThat(seen.get(1)).isInstanceOf(TransactionManagementError.class);
            }
            assertThat(items.filter("id", ROWS + 1).count().block(TIMEOUT)).isZero();
            r.assertHealthy("after the failed transaction");
        }
    }
}
