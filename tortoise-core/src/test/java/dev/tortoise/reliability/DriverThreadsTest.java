package dev.tortoise.reliability;

import dev.tortoise.test.DatabaseTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.expression.RawSQL;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Work subscribed from a non-blocking thread (a Reactor parallel thread here; an event loop in a
 * WebFlux application) never blocks that thread: r2dbc-h2 runs H2 synchronously on the subscribing
 * thread, so the ORM moves opening connections, statements, transaction control and releases to
 * the bounded-elastic scheduler. On H2 the statement calls a Java function that sleeps, a blocking
 * call BlockHound reports when it happens on a non-blocking thread (the suite's NoBlockingCalls
 * check then fails the test), and that records the thread it ran on. PostgreSQL's driver is
 * non-blocking; the same work runs there with a server-side sleep. (Public: H2 calls its function.)
 */
public class DriverThreadsTest {
    /** The threads H2 ran {@link #sleepOnDriverThread} on. */
    private static final Set<String> DRIVER_THREADS = ConcurrentHashMap.newKeySet();

    @Meta(table = "dt_item")
    public static class DtItem extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    /** Called by H2 as the SQL function {@code SLEEP_ON_DRIVER_THREAD()}. */
    public static int sleepOnDriverThread() throws InterruptedException {
        DRIVER_THREADS.add(Thread.currentThread().getName());
        Thread.sleep(5);
        return 1;
    }

    @DatabaseTest
    void workSubscribedOnANonBlockingThreadDoesNotBlockIt(DatabaseKind db) {
        try (Env env = Env.start(db, DtItem.class)) {
            RawSQL sleep;
            if (db == DatabaseKind.POSTGRES) {
                sleep = RawSQL.of("SELECT 1 FROM pg_sleep(0.005)").as(Long.class);
            } else if (db == DatabaseKind.MARIADB) {
                sleep = RawSQL.of("SELECT 1 + SLEEP(0.005) * 0").as(Long.class);
            } else {
                env.query("CREATE ALIAS SLEEP_ON_DRIVER_THREAD FOR \"" + DriverThreadsTest.class.getName()
                        + ".sleepOnDriverThread\"");
                sleep = RawSQL.of("SLEEP_ON_DRIVER_THREAD()").as(Long.class);
            }
            DRIVER_THREADS.clear();
            Manager<DtItem> items = env.of(DtItem.class);
            Mono<List<Object>> work = env.tortoise().inTransaction(tx -> items.create("name", "a")
                            .then(items.create("name", "b")))
                    .then(items.all().orderBy("id").annotate("s", sleep).valuesList(true, "s").flux().collectList())
                    .subscribeOn(Schedulers.parallel());
            StepVerifier.create(work).expectNext(List.of(1L, 1L)).expectComplete().verify(Duration.ofSeconds(30));
            if (db == DatabaseKind.H2) {
                assertThat(DRIVER_THREADS).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("boundedElastic-"));
            }
        }
    }
}
