package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.RawSQL;
import dev.tortoise.field.IntField;
import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Review of the per-statement cancel request made only when a statement is stopped and of the
 * one-entry memo of {@link LoopRequests}: a statement cancelled mid-result is stopped on the server in
 * and outside a transaction; the statement's mapping hands on the mapper's row and its failure as
 * they are; a loop's thread is never another loop's, whatever threads learn and look up.
 */
class StatementStopReviewTest {
    private static final int ROWS = 2000;
    /** Well under the ~20 s the slow result takes to its natural end (10 ms a row). */
    private static final Duration BOUND = Duration.ofMillis(3000);

    @Meta(table = "sr_row")
    public static class Numbered extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer n;
    }

    private static Manager<Numbered> seeded(Env env) {
        Manager<Numbered> rows = env.of(Numbered.class);
        List<Numbered> all = new ArrayList<>(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            Numbered x = new Numbered();
            x.id = i;
            x.n = i;
            all.add(x);
        }
        rows.bulkCreate(all, 1000).block(Env.TIMEOUT);
        return rows;
    }

    /**
     * Each row's value: 3000 characters after 10 ms of sleep (its argument names the row, so the sleep runs for every row; wide, so
     * the server sends rows in small batches), tagged so that pg_stat_activity tells the statement apart.
     */
    private static RawSQL slowWide(String tag) {
        return RawSQL.of("(SELECT repeat('x', 3000) FROM pg_sleep(0.01 + 0 * \"sr_row\".\"n\") /* " + tag + " */)")
                .as(String.class);
    }

    /** The server backends running the statement tagged {@code tag}, seen from a connection of their own. */
    private static List<String> running(String tag) {
        ConnectionFactory admin = ConnectionFactories.get(DatabaseKind.POSTGRES.serverUrl() + "?connectTimeout=PT3S");
        return Flux.usingWhen(Mono.from(admin.create()),
                (Connection c) -> Flux.from(c.createStatement("SELECT pid, state FROM pg_stat_activity "
                                + "WHERE query LIKE $1 AND query NOT LIKE '%pg_stat_activity%' AND state = 'active'")
                        .bind("$1", "%" + tag + "%").execute())
                        .flatMap(r -> r.map((row, md) -> row.get(0) + " " + row.get(1, String.class))),
                Connection::close).collectList().block(Duration.ofSeconds(10));
    }

    /** How long after now the statement tagged {@code tag} stops running on the server (up to 30 s). */
    private static Duration untilStopped(String tag) throws InterruptedException {
        long from = System.nanoTime();
        while (!running(tag).isEmpty() && System.nanoTime() - from < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - from);
    }

    @DatabaseTest(DatabaseKind.POSTGRES)
    void aLongResultCancelledMidResultIsStoppedOnTheServer(DatabaseKind db) throws InterruptedException {
        try (Env env = Env.start(db, Numbered.class)) {
            Manager<Numbered> rows = seeded(env);
            String tag = "sr-mid-" + UUID.randomUUID();
            long start = System.nanoTime();
            StepVerifier.create(rows.all().orderBy("id").annotate("v", slowWide(tag)).valuesList(true, "v").flux()
                            .take(3).map(v -> ((String) v).length()))
                    .expectNext(3000, 3000, 3000)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("rows streamed before the end")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(untilStopped(tag)).as("from the cancel until the server stops").isLessThan(BOUND);
            StepVerifier.create(rows.all().count())
                    .expectNext((long) ROWS)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest(DatabaseKind.POSTGRES)
    void aLongResultCancelledMidResultInATransactionIsStoppedOnTheServer(DatabaseKind db)
            throws InterruptedException {
        try (Env env = Env.start(db, Numbered.class)) {
            Manager<Numbered> rows = seeded(env);
            String tag = "sr-tx-" + UUID.randomUUID();
            StepVerifier.create(env.tortoise().inTransaction(tx -> rows.filter("id__lte", 1).update("n", 99_999)
                                    .thenMany(rows.all().orderBy("id").annotate("v", slowWide(tag))
                                            .valuesList(true, "v").flux()))
                            .take(3).map(v -> ((String) v).length()))
                    .expectNext(3000, 3000, 3000)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(untilStopped(tag)).as("from the cancel until the server stops").isLessThan(BOUND);
            // The transaction was rolled back; the pool's connections serve the next query.
            StepVerifier.create(rows.filter("n", 99_999).count())
                    .expectNext(0L)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest(DatabaseKind.POSTGRES)
    void aSleepCancelledInATransactionIsStoppedOnTheServer(DatabaseKind db) throws InterruptedException {
        try (Env env = Env.start(db, Numbered.class)) {
            Manager<Numbered> rows = seeded(env);
            String tag = "sr-sleep-" + UUID.randomUUID();
            var d = env.tortoise().inTransaction(tx -> rows.filter("id", 1).annotate("v",
                            RawSQL.of("(SELECT 7 FROM pg_sleep(60) /* " + tag + " */)").as(Long.class))
                    .valuesList(true, "v").flux()).subscribe();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (running(tag).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(running(tag)).as("the sleep runs").hasSize(1);
            d.dispose();
            assertThat(untilStopped(tag)).as("from the cancel until the server stops").isLessThan(BOUND);
            StepVerifier.create(rows.all().count())
                    .expectNext((long) ROWS)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @Test
    void theMappingHandsOnTheMappersRowAndFailureThenSkipsOnceCancelled() {
        SettlingRows s = new SettlingRows();
        IllegalStateException boom = new IllegalStateException("bad row");
        AtomicReference<Object> seen = new AtomicReference<>();
        RowMapper mapper = (row, md) -> {
            if (row == null) {
                throw boom;
            }
            seen.set(row);
            return "mapped";
        };
        var mapping = s.mapping(mapper);
        io.r2dbc.spi.Row row = new io.r2dbc.spi.Row() {
            @Override
            public io.r2dbc.spi.RowMetadata getMetadata() {
                return null;
            }

            @Override
            public <T> T get(int index, Class<T> type) {
                return null;
            }

            @Override
            public <T> T get(String name, Class<T> type) {
                return null;
            }
        };
        assertThat(mapping.apply(row, null)).isEqualTo("mapped");
        assertThat(seen.get()).isSameAs(row);
        try {
            mapping.apply(null, null);
            throw new AssertionError("no failure");
        } catch (IllegalStateException e) {
            assertThat(e).isSameAs(boom);
        }
        s.onCancel();
        assertThat(mapping.apply(null, null)).isSameAs(SettlingRows.SKIPPED);
    }

    @Test
    void aLoopsThreadIsNeverAnotherLoopsWhateverThreadsLearnAndLookUp() throws InterruptedException {
        int loops = 16;
        List<Scheduler> schedulers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            schedulers.add(Schedulers.fromExecutor(Runnable::run));
            threads.add(new Thread(() -> { }, "loop-" + i));
        }
        int workers = 6;
        CountDownLatch done = new CountDownLatch(workers);
        AtomicReference<String> wrong = new AtomicReference<>();
        for (int w = 0; w < workers; w++) {
            new Thread(() -> {
                try {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < 200_000 && wrong.get() == null; i++) {
                        int k = rnd.nextInt(loops);
                        if (rnd.nextInt(8) == 0) {
                            LoopRequests.learn(schedulers.get(k), threads.get(k));
                        } else {
                            Thread t = LoopRequests.known(schedulers.get(k));
                            if (t != null && t != threads.get(k)) {
                                wrong.compareAndSet(null, "loop " + k + " answered " + t.getName());
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.get()).isNull();
        for (int k = 0; k < loops; k++) {
            assertThat(LoopRequests.known(schedulers.get(k))).isSameAs(threads.get(k));
        }
    }

    @Test
    void aMemoOfACollectedLoopAnswersForNoOtherLoop() throws InterruptedException {
        Scheduler gone = Schedulers.fromExecutor(Runnable::run);
        Thread goneThread = new Thread(() -> { }, "gone");
        LoopRequests.learn(gone, goneThread);
        assertThat(LoopRequests.known(gone)).isSameAs(goneThread);
        java.lang.ref.WeakReference<Scheduler> ref = new java.lang.ref.WeakReference<>(gone);
        gone = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ref.get()).isNull();
        // Many new loops, none learnt: the memo of the collected one answers for none of them.
        for (int i = 0; i < 10_000; i++) {
            assertThat(LoopRequests.known(Schedulers.fromExecutor(Runnable::run))).isNull();
        }
    }
}
