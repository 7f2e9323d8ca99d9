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
import io.r2dbc.pool.PoolMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Cancellation at every stage a request can be abandoned in: while waiting for a connection,
 * while a statement runs, while rows stream, inside a transaction, inside a prefetch, inside a
 * bulk insert and while waiting for a row lock. After each cancel the runtime must be healthy
 * again: every pooled connection idle and usable, no session of the runtime running a statement or
 * idle in a transaction on the server, and a query answering at once. Cancel points are drawn from a
 * seeded random delay, so each repetition lands in a different phase; {@code -Dtortoise.reliability.reps=300}
 * (scripts/reliability.sh --long) runs each case 300 times.
 */
class CancellationMatrixTest {
    private static final int ROWS = 3000;

    @Meta(table = "rel_item")
    public static class Item extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 100, unique = true)
        public String name;
        @IntField
        public Integer score;
        @ManyToManyField(relatedName = "items", through = "rel_item_tag")
        public ManyToMany<Tag> tags;
    }

    @Meta(table = "rel_tag")
    public static class Tag extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    @Meta(table = "rel_account")
    public static class Account extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer balance;
    }

    private static ReliabilityDb start(DatabaseKind db) {
        ReliabilityDb r = ReliabilityDb.start(db, 3, Item.class, Tag.class, Account.class);
        Manager<Item> items = r.orm.of(Item.class);
        List<Item> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            Item it = items.build(java.util.Map.of("name", "item " + i, "score", i % 97));
            rows.add(it);
        }
        rows = items.bulkCreate(rows, 1000).block(ReliabilityDb.TIMEOUT);
        List<Tag> tags = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            tags.add(r.orm.of(Tag.class).create("name", "tag " + i).block(ReliabilityDb.TIMEOUT));
        }
        // The join rows in one statement: 200 tags.add calls one after another took 2-8 s of every case's set-up on
        // a server under load (0.1-0.3 s so); adding is not what this class tests.
        java.util.StringJoiner links = new java.util.StringJoiner(", ",
                "INSERT INTO \"rel_item_tag\" (\"rel_item_id\", \"rel_tag_id\") VALUES ", "");
        for (Item it : rows.subList(0, 200)) {
            links.add("(" + it.id + ", " + tags.get(it.id % 10).id + ")");
            links.add("(" + it.id + ", " + tags.get((it.id + 3) % 10).id + ")");
        }
        r.database.execute(dev.tortoise.test.StandardSql.on(db, links.toString()));
        r.orm.of(Account.class).create("id", 1, "balance", 100).block(ReliabilityDb.TIMEOUT);
        r.assertHealthy("after seeding");
        return r;
    }

    /** Subscribes, waits {@code delayMs}, cancels. */
    private static void cancelAfter(Flux<?> work, long delayMs) {
        Disposable d = work.subscribeOn(Schedulers.boundedElastic()).subscribe(x -> { }, e -> { });
        ReliabilityDb.sleep(delayMs);
        d.dispose();
    }

    @DatabaseTest
    void cancelWhileWaitingForAConnection(DatabaseKind db) throws Exception {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            PoolMetrics m = r.pool().getMetrics().orElseThrow();
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                Sinks.Empty<Void> hold = Sinks.empty();
                CountDownLatch holding = new CountDownLatch(r.poolSize);
                CountDownLatch released = new CountDownLatch(r.poolSize);
                for (int i = 0; i < r.poolSize; i++) {
                    r.orm.inTransaction(tx -> items.filter("id", 1).flux()
                                    .doOnComplete(holding::countDown)
                                    .thenMany(hold.asMono()))
                            .subscribeOn(Schedulers.boundedElastic())
                            .subscribe(x -> { }, e -> released.countDown(), released::countDown);
                }
                assertThat(holding.await(10, TimeUnit.SECONDS)).as("every connection held").isTrue();
                Disposable waiting = items.all().flux().subscribeOn(Schedulers.boundedElastic()).subscribe();
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (m.pendingAcquireSize() == 0 && System.nanoTime() < deadline) {
                    ReliabilityDb.sleep(1);
                }
                assertThat(m.pendingAcquireSize()).as("a query waits for a connection").isEqualTo(1);
                waiting.dispose();
                hold.tryEmitEmpty();
                assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
                r.assertHealthy("rep " + rep);
            }
        }
    }

    @DatabaseTest
    void cancelWhileAStatementRuns(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            Random random = new Random(7);
            // A self-join big enough to take a while on either database, cancelled while it runs.
            Flux<Item> slow = items.filter("tags__items__tags__name__icontains", "tag").orderBy("-score", "id").flux();
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                cancelAfter(slow, random.nextInt(15));
                r.assertHealthy("rep " + rep);
            }
        }
    }

    @DatabaseTest
    void cancelWhileRowsStream(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            Random random = new Random(11);
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                int take = 1 + random.nextInt(50);
                List<Item> first = items.all().orderBy("id").flux().take(take).collectList()
                        .block(ReliabilityDb.TIMEOUT);
                assertThat(first).hasSize(take);
                r.assertHealthy("rep " + rep + " after take(" + take + ")");
                cancelAfter(items.all().orderBy("-id").flux(), random.nextInt(10));
                r.assertHealthy("rep " + rep + " after a cancel mid-stream");
            }
        }
    }

    @DatabaseTest
    void cancelInsideATransactionRollsItBack(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            Random random = new Random(13);
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                String name = "tx " + rep;
                // The block never completes by itself, so every cancel lands inside it: while the insert runs,
                // while rows stream, or while the block waits.
                Flux<Object> block = r.orm.inTransaction(tx -> items.create("name", name, "score", 1)
                        .thenMany(items.all().flux().cast(Object.class))
                        .concatWith(Mono.never()));
                cancelAfter(block, random.nextInt(20));
                r.assertHealthy("rep " + rep);
                assertThat(items.filter("name", name).count().block(ReliabilityDb.TIMEOUT))
                        .as("rep %d: the cancelled transaction's insert", rep).isZero();
            }
        }
    }

    @DatabaseTest
    void cancelInsideAPrefetch(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            Random random = new Random(17);
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                cancelAfter(items.filter("id__lte", 1000).prefetchRelated("tags").flux(), random.nextInt(20));
                r.assertHealthy("rep " + rep);
            }
        }
    }

    @DatabaseTest
    void cancelInsideABulkInsertLeavesAllOrNothing(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            Random random = new Random(19);
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                String prefix = "bulk " + rep + " ";
                List<Item> batch = new ArrayList<>();
                for (int i = 0; i < 1500; i++) {
                    batch.add(items.build(java.util.Map.of("name", prefix + i, "score", i)));
                }
                cancelAfter(items.bulkCreate(batch, 500).flux(), random.nextInt(25));
                r.assertHealthy("rep " + rep);
                long n = items.filter("name__startswith", prefix).count().block(ReliabilityDb.TIMEOUT);
                assertThat(n).as("rep %d: rows of a cancelled bulk insert", rep).isIn(0L, 1500L);
                items.filter("name__startswith", prefix).delete().block(ReliabilityDb.TIMEOUT);
            }
        }
    }

    @DatabaseTest
    void cancelWhileWaitingForARowLock(DatabaseKind db) throws Exception {
        try (ReliabilityDb r = start(db)) {
            Manager<Account> accounts = r.orm.of(Account.class);
            Random random = new Random(23);
            for (int rep = 0; rep < ReliabilityDb.REPS; rep++) {
                Sinks.Empty<Void> releaseLock = Sinks.empty();
                CountDownLatch locked = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(1);
                r.orm.inTransaction(tx -> accounts.filter("id", 1).selectForUpdate().flux()
                                .doOnComplete(locked::countDown)
                                .thenMany(releaseLock.asMono()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .subscribe(x -> { }, e -> done.countDown(), done::countDown);
                assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
                cancelAfter(r.orm.inTransaction(tx -> accounts.filter("id", 1).selectForUpdate().flux()
                        .flatMap(a -> {
                            a.balance = a.balance + 1;
                            return a.save().thenReturn(a);
                        })), 5 + random.nextInt(30));
                releaseLock.tryEmitEmpty();
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                r.assertHealthy("rep " + rep);
                assertThat(accounts.get("id", 1).block(ReliabilityDb.TIMEOUT).balance)
                        .as("rep %d: the cancelled update", rep).isEqualTo(100);
            }
        }
    }

    /**
     * A long statement whose subscriber cancels does not run on to its end: PostgreSQL gets the
     * driver's cancel request (sent when the statement is still running 100 ms after the cancel), so
     * its session is idle again well before the statement timeout (6 s there) could have ended it; H2's
     * and MariaDB's drivers have no cancel request, so there the statement timeout (3 s: each repetition
     * waits for all of it) is the backstop that ends it. Either way the connection is held until the
     * statement has ended, then goes back to the pool usable.
     */
    @DatabaseTest
    void aCancelledLongStatementIsStoppedOnTheServer(DatabaseKind db) {
        Duration statementTimeout = Duration.ofSeconds(db == DatabaseKind.POSTGRES ? 6 : 3);
        try (ReliabilityDb r = ReliabilityDb.start(db, 3, b -> b.statementTimeout(statementTimeout), Item.class,
                Tag.class, Account.class)) {
            Manager<Item> items = r.orm.of(Item.class);
            items.create("name", "only", "score", 1).block(ReliabilityDb.TIMEOUT);
            // Bounds with room for a loaded machine; PostgreSQL's is well under the statement timeout.
            Duration bound = (db == DatabaseKind.POSTGRES) ? Duration.ofMillis(2500) : statementTimeout.plusSeconds(3);
            int reps = Math.max(3, ReliabilityDb.REPS / 5);
            for (int rep = 0; rep < reps; rep++) {
                Disposable running = items.all().annotate("v", StatementTimeoutTest.slow(db, 60)).flux()
                        .subscribeOn(Schedulers.boundedElastic()).subscribe(x -> { }, e -> { });
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (r.serverSessionsBusy().isEmpty() && System.nanoTime() < deadline) {
                    ReliabilityDb.sleep(10);
                }
                assertThat(r.serverSessionsBusy()).as("rep %d: the statement runs on the server", rep).hasSize(1);
                long cancelledAt = System.nanoTime();
                running.dispose();
                List<String> busy = r.serverSessionsBusy();
                while (!busy.isEmpty() && System.nanoTime() - cancelledAt < bound.plusSeconds(5).toNanos()) {
                    ReliabilityDb.sleep(10);
                    busy = r.serverSessionsBusy();
                }
                Duration gone = Duration.ofNanos(System.nanoTime() - cancelledAt);
                assertThat(busy).as("rep %d: sessions still busy", rep).isEmpty();
                assertThat(gone).as("rep %d: time from the cancel until no session runs the statement", rep)
                        .isLessThan(bound);
                r.assertHealthy("rep " + rep);
            }
        }
    }

    @DatabaseTest
    void aFailedBulkInsertOfTenThousandRowsLeavesNone(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            List<Item> batch = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                batch.add(items.build(java.util.Map.of("name", "new " + i, "score", i)));
            }
            batch.add(items.build(java.util.Map.of("name", "item 1", "score", 0)));   // a duplicate name, last
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> items.bulkCreate(batch).block(ReliabilityDb.TIMEOUT))
                    .isInstanceOf(dev.tortoise.exception.IntegrityError.class);
            assertThat(items.filter("name__startswith", "new ").count().block(ReliabilityDb.TIMEOUT)).isZero();
            assertThat(items.all().count().block(ReliabilityDb.TIMEOUT)).isEqualTo(ROWS);
            r.assertHealthy("after the failed bulk insert");
        }
    }

    @DatabaseTest
    void anInListOfAHundredThousandIdsWorks(DatabaseKind db) {
        try (ReliabilityDb r = start(db)) {
            Manager<Item> items = r.orm.of(Item.class);
            List<Integer> ids = ReliabilityDb.ids(100_000);
            assertThat(items.filter("id__in", ids).count().block(ReliabilityDb.TIMEOUT)).isEqualTo(ROWS);
            assertThat(items.filter("id__not_in", ids).count().block(ReliabilityDb.TIMEOUT)).isZero();
            assertThat(items.filter("id__in", ids.subList(99_000, 100_000)).exists().block(ReliabilityDb.TIMEOUT))
                    .isFalse();
            r.assertHealthy("after the IN lists");
        }
    }
}
