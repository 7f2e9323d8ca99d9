package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Rows read at the consumer's own pace, with each request for more made on another thread than
 * the driver's (as an HTTP response asks for more on its own event loop), all arrive, and a
 * consumer that stops midway leaves its connection idle at once. On MariaDB the first case hung
 * within seconds (a statement stopped for good after 258-308 of its 1,500 rows, the rest received
 * and queued in r2dbc-mariadb, more asked for, none handed over: a hand-over lost when the driver's
 * lock, shared by a pool's connections and held by the thread sending a statement, was busy; see
 * {@code MariaDbRequests} for what the ORM does about it); the abandoned requests of the demo's
 * {@code AbandonedRequestsTests} waited for the 30 s settle limit the same way. On PostgreSQL it
 * closed a connection now and then with r2dbc-postgresql's {@code Response queue is full} (a race in
 * the driver between a request from the reader's thread and its I/O thread) until every request
 * went to the driver on its I/O thread ({@code LoopRequests}).
 * {@code -Dtortoise.reliability.reps} scales the repetitions (10 per unit: 150 in the normal build, 3,000 in the
 * long mode); each repetition is the same case again. The races above were caught within 100 rounds on
 * [postgres] and within 200-800 rounds (a few seconds each) on [mariadb].
 */
class ConsumerPaceTest {
    private static final int ROWS = 1500;
    private static final int REPS = ReliabilityDb.REPS * 10;

    @Meta(table = "pace_row")
    public static class PaceRow extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 100)
        public String name;

        public PaceRow() {
            BUILT_ON.add(Thread.currentThread().getName());
        }
    }

    /** The threads rows were built on: the driver maps a row on the thread it hands the row over on. */
    private static final Set<String> BUILT_ON = ConcurrentHashMap.newKeySet();

    private static ReliabilityDb start(DatabaseKind db) {
        ReliabilityDb r = ReliabilityDb.start(db, 3, PaceRow.class);
        Manager<PaceRow> rows = r.orm.of(PaceRow.class);
        List<PaceRow> list = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            list.add(rows.build(Map.of("name", "row " + i)));
        }
        rows.bulkCreate(list, 1000).block(ReliabilityDb.TIMEOUT);
        return r;
    }

    // On PostgreSQL this failed now and then on a loaded machine with r2dbc-postgresql's "Response queue is full"
    // (08006) until the driver was asked for rows on its I/O thread only (LoopRequests).
    @DatabaseTest
    void rowsRequestedOneByOneFromAnotherThreadAllArrive(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<PaceRow> rows = r.orm.of(PaceRow.class);
            for (int rep = 0; rep < REPS; rep++) {
                // three statements at once, each read by a consumer that asks for 1, 2 or 3 rows at a time
                List<Long> counts = Flux.range(1, 3)
                        .flatMap(batch -> rows.all().flux().publishOn(Schedulers.boundedElastic(), batch).count())
                        .collectList()
                        .timeout(Duration.ofSeconds(10))
                        .onErrorMap(java.util.concurrent.TimeoutException.class, e -> new AssertionError(
                                "no answer within 10 s", e))
                        .block(ReliabilityDb.TIMEOUT);
                assertThat(counts).as("rep %d: rows read by each consumer", rep).containsExactly(1500L, 1500L, 1500L);
            }
            r.assertHealthy("after " + REPS + " repetitions");
        }
    }

    // The driver is asked for rows on its own I/O thread, so it hands them over there, never on the reader's: on
    // PostgreSQL a request on the reader's thread could race the driver's response buffer (see the first case), and
    // there the rows a request drains from that buffer were mapped on the requesting thread. Not on H2, whose engine
    // runs on the thread that asks (bounded-elastic), by design.
    @DatabaseTest({DatabaseKind.POSTGRES, DatabaseKind.MARIADB})
    void rowsAreHandedOverOnTheDriversThreadNotTheReaders(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<PaceRow> rows = r.orm.of(PaceRow.class);
            // The reader's executor takes tasks from a lock-free queue: the event loop hands each row over to it, and
            // a Schedulers.newSingle queue (a lock shared with the reader's take) made the event loop park now and
            // then, which BlockHound rightly reports. That would be this test's scheduler, not the ORM's work.
            ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedTransferQueue<>(),
                    task -> new Thread(task, "pace-reader"));
            Scheduler reader = Schedulers.fromExecutorService(executor, "pace-reader");
            try {
                // Start the reader's thread first: the executor starts it on its first task, under its own lock.
                Mono.fromRunnable(() -> { }).subscribeOn(reader).block(ReliabilityDb.TIMEOUT);
                for (int rep = 0; rep < 5; rep++) {
                    BUILT_ON.clear();
                    Long n = rows.all().flux().publishOn(reader, 1).count().block(ReliabilityDb.TIMEOUT);
                    assertThat(n).isEqualTo(ROWS);
                    assertThat(BUILT_ON).as("rep %d: threads rows were built on", rep).isNotEmpty()
                            .noneMatch(name -> name.startsWith("pace-reader"));
                }
            } finally {
                reader.dispose();
                executor.shutdownNow();
            }
            r.assertHealthy("after 5 reads");
        }
    }

    @DatabaseTest
    void aConsumerStoppingMidwayLeavesItsConnectionIdle(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<PaceRow> rows = r.orm.of(PaceRow.class);
            PoolMetrics m = r.pool().getMetrics().orElseThrow();
            Random random = new Random(29);
            for (int rep = 0; rep < REPS / 2; rep++) {
                int take = 1 + random.nextInt(300);
                Long n = rows.all().orderBy("id").flux().publishOn(Schedulers.boundedElastic(), 1).take(take).count()
                        .block(ReliabilityDb.TIMEOUT);
                assertThat(n).isEqualTo(take);
                // the cancelled statement is read to its end and its connection released: well under a second
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (m.acquiredSize() > 0 && System.nanoTime() < deadline) {
                    ReliabilityDb.sleep(1);
                }
                assertThat(m.acquiredSize()).as("rep %d: connections still acquired 5 s after take(%d)", rep, take)
                        .isZero();
            }
            r.assertHealthy("after " + REPS / 2 + " repetitions");
        }
    }
}
