package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.query.Manager;
import dev.tortoise.reliability.StatementFlowTest.Item;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.StatementRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.test.StepVerifier;

/**
 * The edges of a statement's subscriber (StatementFlow) on each database: a row count cancelled before it was
 * asked for, a request of zero rows, and timed statements (a subscriber on each side of the timeout) cancelled
 * mid-result or waiting for demand: the connection is given back every time and each statement is published once.
 */
class StatementFlowEdgesTest {
    private static final Duration TIMEOUT = ReliabilityDb.TIMEOUT;

    @DatabaseTest
    void aRowCountCancelledBeforeItWasAskedForIsPublishedOnceAndReleases(DatabaseKind db) throws Exception {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            StepVerifier.create(items.filter("score", 3).update("score", 30), 0)
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(300))
                    .thenCancel()
                    .verify(TIMEOUT);
            r.assertHealthy("after the cancelled update");
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).sql()).startsWith("UPDATE ");
            assertThat(recorder.events().get(0).error()).isNull();
        }
    }

    @DatabaseTest
    void aRequestOfZeroRowsFailsTheSubscriberAndReleases(DatabaseKind db) throws Exception {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            CompletableFuture<String> seen = new CompletableFuture<>();
            items.all().orderBy("id").flux().subscribe(new Subscriber<Item>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(0);
                }

                @Override
                public void onNext(Item item) {
                    seen.complete("onNext " + item.id);
                }

                @Override
                public void onError(Throwable t) {
                    seen.complete(t.getClass().getSimpleName() + ": " + t.getMessage());
                }

                @Override
                public void onComplete() {
                    seen.complete("onComplete");
                }
            });
            assertThat(seen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(
                    "IllegalArgumentException: §3.9 violated: positive request amount required but it was 0");
            r.assertHealthy("after the request of zero");
        }
    }

    @DatabaseTest
    void timedStatementsCancelledMidResultOrWaitingForDemandReleaseAndArePublishedOnce(DatabaseKind db) {
        StatementRecorder recorder = new StatementRecorder();
        try (ReliabilityDb r = StatementFlowTest.start(db, recorder)) {
            Manager<Item> items = r.orm.of(Item.class);
            recorder.clear();
            for (int rep = 0; rep < 5; rep++) {
                List<Integer> first = items.all().orderBy("id").timeout(Duration.ofSeconds(5)).flux().limitRate(2)
                        .take(3).map(i -> i.id).collectList().block(TIMEOUT);
                assertThat(first).containsExactly(1, 2, 3);
                r.assertHealthy("rep " + rep + " after take(3)");
            }
            assertThat(recorder.events()).hasSize(5).allSatisfy(e -> {
                assertThat(e.sql()).startsWith("SELECT ");
                assertThat(e.error()).isNull();
            });
            recorder.clear();
            StepVerifier.create(items.filter("score", 4).timeout(Duration.ofSeconds(5)).update("score", 40), 0)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenRequest(1)
                    .expectNext((long) ((StatementFlowTest.ROWS + 3) / 7))
                    .expectComplete()
                    .verify(TIMEOUT);
            assertThat(recorder.count()).isEqualTo(1);
            assertThat(recorder.events().get(0).sql()).startsWith("UPDATE ");
            r.assertHealthy("after the timed update");
        }
    }
}
