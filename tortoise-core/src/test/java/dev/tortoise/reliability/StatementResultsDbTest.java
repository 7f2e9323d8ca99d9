package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.IntegrityError;
import dev.tortoise.query.Manager;
import dev.tortoise.reliability.StatementFlowTest.Item;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.StatementRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

/**
 * A statement's results read by its one subscriber on each database: cancelled before its first
 * result, mid-rows and after its end, asked one row at a time, failing on the server and in the row
 * mapping, and cancelled racing its rows on another thread; the connection goes back to the pool
 * every time and each statement is published once.
 */
class StatementResultsDbTest {
    private static final Duration TIMEOUT = ReliabilityDb.TIMEOUT;

    @DatabaseTest
    void aStatementCancelledBeforeItsFirstResultIsPublishedOnceAndReleases(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            for (int rep = 0; rep < 10; rep++) {
                recorder.clear();
                StepVerifier.create(items.all().orderBy("id").flux(), 0)
                        .expectSubscription()
                        .thenCancel()
                        .verify(TIMEOUT);
                r.assertHealthy("rep " + rep + " after the cancel before the first result");
                assertThat(recorder.count()).isLessThanOrEqualTo(1);
            }
            assertThat(items.all().count().block(TIMEOUT)).isEqualTo((long) StatementFlowTest.ROWS);
        }
    }

    @DatabaseTest
    void rowsAskedForOneAtATimeArriveInOrderThenACancelMidRowsReleases(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            StepVerifier.FirstStep<Integer> all = StepVerifier.create(
                    items.filter("id__lte", 20).orderBy("id").flux().map(i -> i.id), 0);
            StepVerifier.Step<Integer> step = all.expectSubscription();
            for (int id = 1; id <= 20; id++) {
                step = step.thenRequest(1).expectNext(id);
            }
            // r2dbc-postgresql and r2dbc-mariadb read the message that ends a result only while rows are
            // asked for (as they did under concatMap on main), so the end comes with one more request; H2
            // ends at once and the request changes nothing.
            step.thenRequest(1).expectComplete().verify(TIMEOUT);
            r.assertHealthy("after twenty rows one at a time");
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).error()).isNull();

            recorder.clear();
            StepVerifier.create(items.all().orderBy("id").flux().map(i -> i.id), 0)
                    .thenRequest(1).expectNext(1)
                    .thenRequest(1).expectNext(2)
                    .thenRequest(1).expectNext(3)
                    .thenCancel()
                    .verify(TIMEOUT);
            r.assertHealthy("after the cancel mid-rows");
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).error()).isNull();
        }
    }

    @DatabaseTest
    void aCancelAfterTheEndChangesNothingAndTheRowCountIsExact(DatabaseKind db) throws Exception {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            List<Integer> seen = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            BaseSubscriber<Item> caller = new BaseSubscriber<>() {
                @Override
                protected void hookOnNext(Item value) {
                    seen.add(value.id);
                }

                @Override
                protected void hookOnComplete() {
                    done.countDown();
                }
            };
            items.filter("id__lte", 5).orderBy("id").flux().subscribe(caller);
            assertThat(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            caller.cancel();
            assertThat(seen).containsExactly(1, 2, 3, 4, 5);
            r.assertHealthy("after the cancel after the end");
            assertThat(recorder.count()).isEqualTo(1);
            StepVerifier.create(items.filter("score", 3).update("score", 30))
                    .expectNext((long) ((StatementFlowTest.ROWS + 4) / 7))
                    .expectComplete()
                    .verify(TIMEOUT);
            r.assertHealthy("after the update");
        }
    }

    @DatabaseTest
    void aServerErrorAndARowMappingErrorReachTheCallerOnceAndRelease(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            StepVerifier.create(items.create("id", 1, "name", "item 1", "score", 0))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IntegrityError.class))
                    .verify(TIMEOUT);
            r.assertHealthy("after the server error");
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).error()).isInstanceOf(IntegrityError.class);

            recorder.clear();
            // The name read as the Integer score: the driver cannot convert it while the row is mapped.
            StepVerifier.create(items.raw("SELECT id, name, name AS score FROM item WHERE id <= 3 ORDER BY id"))
                    .expectErrorSatisfies(e -> assertThat(e).isNotNull())
                    .verify(TIMEOUT);
            r.assertHealthy("after the mapping error");
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).error()).isNotNull();
        }
    }

    @DatabaseTest
    void aCancelRacingTheRowsOnAnotherThreadAlwaysReleases(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            int reps = 100;
            for (int rep = 0; rep < reps; rep++) {
                CountDownLatch first = new CountDownLatch(1);
                BaseSubscriber<Item> caller = new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription s) {
                        s.request(1);
                    }

                    @Override
                    protected void hookOnNext(Item value) {
                        first.countDown();
                    }
                };
                items.filter("id__lte", 50).orderBy("id").flux().subscribe(caller);
                try {
                    assertThat(first.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                long more = rep % 2 == 0 ? 1 : 60;
                RaceTestUtils.race(caller::cancel, () -> caller.request(more));
            }
            r.assertHealthy("after " + reps + " racing cancels");
            assertThat(recorder.count()).isEqualTo(reps);
            assertThat(IntStream.range(0, reps).mapToObj(i -> recorder.events().get(i).error()))
                    .allMatch(e -> e == null);
        }
    }
}
