package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.QueryTimeoutError;
import dev.tortoise.expression.RawSQL;
import dev.tortoise.field.BinaryField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.IntEnumField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.TestSupport.Color;
import dev.tortoise.testing.TestSupport.Level;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Adversarial probes of two merged changes. {@code maria}: a whole result's rows go straight on under
 * unbounded demand ({@link MariaDbRequests#whole}), converted rows and the cancel check in one function.
 * {@code single}: {@link SettlingRows} is its own settled publisher, and a statement's connection is unwrapped
 * once for the driver's I/O thread and its cancel request. Rows are each handed on once, in order, then one end,
 * however demand turns unbounded; settled completes every subscriber once the rows (and a cancel request) end;
 * values read the same whether the driver is reached through a wrapper or not; a cancelled or timed-out statement
 * behind an unwrapping wrapper stops on the server.
 */
class MariaAndSingleReviewTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // ---- MariaDbRequests.whole: demand turning unbounded, cancels, several results ----

    /** A consumer of {@code seen}: asks for {@code first} at subscription, counts its ends. */
    private static final class Consumer extends BaseSubscriber<Integer> {
        final List<Integer> seen = new ArrayList<>();
        final AtomicInteger ends = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        final long first;
        volatile int count;

        Consumer(long first) {
            this.first = first;
        }

        @Override
        protected void hookOnSubscribe(Subscription s) {
            if (first > 0) {
                s.request(first);
            }
        }

        @Override
        protected void hookOnNext(Integer value) {
            seen.add(value);
            count++;
        }

        @Override
        protected void hookOnComplete() {
            ends.incrementAndGet();
            done.countDown();
        }

        @Override
        protected void hookOnError(Throwable t) {
            errors.incrementAndGet();
            done.countDown();
        }
    }

    @Test
    void demandTurningUnboundedFromAnotherThreadMidStreamHandsEachRowOnceInOrderThenOneEnd() throws Exception {
        int n = 50_000;
        List<Integer> expected = IntStream.range(0, n).boxed().collect(Collectors.toList());
        for (int round = 0; round < 20; round++) {
            Consumer consumer = new Consumer(1);
            MariaDbRequests.whole(Flux.range(0, n).subscribeOn(Schedulers.single())).subscribe(consumer);
            // Bounded requests racing the driver's thread, then everything, at a point that differs per round.
            int boundedUntil = round * 137;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.count < boundedUntil && System.nanoTime() < deadline) {
                consumer.request(1);
            }
            consumer.request(Long.MAX_VALUE);
            assertThat(consumer.done.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .as("round %d ended", round).isTrue();
            assertThat(consumer.seen).as("round %d", round).isEqualTo(expected);
            assertThat(consumer.ends).hasValue(1);
            assertThat(consumer.errors).hasValue(0);
        }
    }

    /**
     * Demand made unbounded from inside {@code onNext} while a bounded row is handed on stays unbounded (as Reactor's
     * {@code Operators.produced} keeps it), so that the rows after it take the path without {@code wip}: counting the
     * handed-on row off {@code Long.MAX_VALUE} left {@code Long.MAX_VALUE - 1}, every later row paying the
     * {@code wip} path's atomic updates for the rest of the result.
     */
    @Test
    void demandMadeUnboundedInsideOnNextStaysUnbounded() throws Exception {
        for (boolean waited : new boolean[] {false, true}) {
            Sinks.Many<Integer> driver = Sinks.many().unicast().onBackpressureBuffer();
            List<Integer> seen = new CopyOnWriteArrayList<>();
            Subscription[] whole = new Subscription[1];
            BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    whole[0] = s;
                }

                @Override
                protected void hookOnNext(Integer value) {
                    seen.add(value);
                    if (value == 1) {
                        request(Long.MAX_VALUE);
                    }
                }
            };
            MariaDbRequests.whole(driver.asFlux()).subscribe(consumer);
            if (waited) {
                // Row 1 waits, then is handed on by the drain loop.
                driver.tryEmitNext(1);
                consumer.request(1);
            } else {
                // Row 1 is handed on at once by onNext under bounded demand.
                consumer.request(1);
                driver.tryEmitNext(1);
            }
            driver.tryEmitNext(2);
            driver.tryEmitNext(3);
            assertThat(seen).as("waited %s", waited).containsExactly(1, 2, 3);
            java.lang.reflect.Field requested = whole[0].getClass().getDeclaredField("requested");
            requested.setAccessible(true);
            assertThat(requested.getLong(whole[0])).as("waited %s", waited).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void unboundedDemandAfterRowsWaitedHandsTheWaitingRowsOnFirstThenLaterRowsThenTheEnd() {
        Sinks.Many<Integer> driver = Sinks.many().unicast().onBackpressureBuffer();
        Consumer consumer = new Consumer(0);
        MariaDbRequests.whole(driver.asFlux()).subscribe(consumer);
        driver.tryEmitNext(1);
        driver.tryEmitNext(2);
        driver.tryEmitNext(3);
        assertThat(consumer.seen).isEmpty();
        consumer.request(1);
        assertThat(consumer.seen).containsExactly(1);
        consumer.request(Long.MAX_VALUE);
        assertThat(consumer.seen).containsExactly(1, 2, 3);
        driver.tryEmitNext(4);
        driver.tryEmitNext(5);
        assertThat(consumer.seen).containsExactly(1, 2, 3, 4, 5);
        assertThat(consumer.ends).hasValue(0);
        driver.tryEmitComplete();
        assertThat(consumer.ends).hasValue(1);
        assertThat(consumer.errors).hasValue(0);
    }

    @Test
    void aConsumerCancellingInsideOnNextUnderUnboundedDemandGetsNoFurtherRowNorEnd() {
        for (long first : new long[] {Long.MAX_VALUE, 10}) {
            Sinks.Many<Integer> driver = Sinks.many().unicast().onBackpressureBuffer();
            List<Integer> seen = new CopyOnWriteArrayList<>();
            List<String> signals = new CopyOnWriteArrayList<>();
            List<Object> discarded = new CopyOnWriteArrayList<>();
            BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    s.request(first);
                }

                @Override
                protected void hookOnNext(Integer value) {
                    seen.add(value);
                    if (value == 2) {
                        cancel();
                    }
                }

                @Override
                protected void hookOnComplete() {
                    signals.add("complete");
                }

                @Override
                protected void hookOnError(Throwable t) {
                    signals.add("error " + t);
                }
            };
            MariaDbRequests.whole(driver.asFlux().doOnCancel(() -> signals.add("driver cancelled")))
                    .doOnDiscard(Integer.class, discarded::add)
                    .subscribe(consumer);
            for (int i = 1; i <= 4; i++) {
                driver.tryEmitNext(i);
            }
            driver.tryEmitComplete();
            assertThat(seen).as("first request %d", first).containsExactly(1, 2);
            assertThat(signals).as("first request %d", first).containsExactly("driver cancelled");
            assertThat(discarded).as("first request %d", first).isEmpty();
        }
    }

    @Test
    void severalResultsUnderDemandTurningUnboundedComeWholeInTheirOrder() {
        Flux<Integer> results = Flux.just(Flux.range(1, 3), Flux.<Integer>empty(), Flux.range(4, 4))
                .concatMap(MariaDbRequests::whole);
        StepVerifier.create(results, 2)
                .expectNext(1, 2)
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(Long.MAX_VALUE)
                .expectNext(3, 4, 5, 6, 7)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void anErrorUnderUnboundedDemandComesAfterEveryRowBeforeIt() {
        Flux<Integer> rows = MariaDbRequests.whole(Flux.range(1, 3)
                .concatWith(Flux.error(new IllegalStateException("connection lost"))));
        StepVerifier.create(rows)
                .expectNext(1, 2, 3)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessage("connection lost"))
                .verify(TIMEOUT);
        StepVerifier.create(MariaDbRequests.whole(Flux.<Integer>empty()))
                .expectComplete()
                .verify(TIMEOUT);
    }

    // ---- SettlingRows as its own settled() publisher ----

    @Test
    void settledSubscribedTwiceWhileRowsAreReadCompletesBothOnceTheyEnd() {
        SettlingRows s = new SettlingRows();
        s.begin();
        CompletableFuture<Void> one = s.settled().toFuture();
        CompletableFuture<Void> two = Mono.when(s.settled(), s.settled()).toFuture();
        assertThat(one).isNotDone();
        assertThat(two).isNotDone();
        s.ended();
        assertThat(one).isCompletedWithValue(null);
        assertThat(two).isCompletedWithValue(null);
        // Late subscribers complete at once.
        StepVerifier.create(s.settled()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(s.settled()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void settledOfAStatementNeverStartedCompletesAtOnceEvenAfterACancel() {
        SettlingRows s = new SettlingRows();
        StepVerifier.create(s.settled()).expectComplete().verify(TIMEOUT);
        s.onCancel();
        StepVerifier.create(s.settled()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void settledAfterACancelWaitsForTheRowsAndForTheCancelRequestInFlight() {
        Sinks.Empty<Void> delivered = Sinks.empty();
        AtomicInteger sent = new AtomicInteger();
        SettlingRows s = new SettlingRows();
        // A PostgreSQL connection as the stopper sees it: only its cancel request is used.
        s.stopperOf((io.r2dbc.postgresql.api.PostgresqlConnection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.r2dbc.postgresql.api.PostgresqlConnection.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("cancelRequest")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    sent.incrementAndGet();
                    return delivered.asMono();
                }));
        s.begin();
        assertThat(s.stopOnServer()).isTrue();
        assertThat(s.stopOnServer()).as("at most one cancel request").isFalse();
        CompletableFuture<Void> before = s.settled().toFuture();
        s.ended();
        CompletableFuture<Void> after = s.settled().toFuture();
        assertThat(before).isNotDone();
        assertThat(after).isNotDone();
        delivered.tryEmitEmpty();
        assertThat(before).isCompletedWithValue(null);
        assertThat(after).isCompletedWithValue(null);
        assertThat(sent).hasValue(1);
    }

    @Test
    void settledSubscribedWhileTheRowsEndOnAnotherThreadAlwaysCompletes() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            SettlingRows s = new SettlingRows();
            s.begin();
            CountDownLatch go = new CountDownLatch(1);
            // boundedElastic: a thread allowed to wait for the go (BlockHound watches parallel's).
            Disposable ender = Schedulers.boundedElastic().schedule(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.ended();
            });
            go.countDown();
            CompletableFuture<Void> f = s.settled().toFuture();
            f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            ender.dispose();
        }
    }

    // ---- through a database: conversions, wrappers, slow consumers, transactions, server-side cancel ----

    @Meta(table = "rv_typed")
    public static class Typed extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @DatetimeField(nullable = true)
        public OffsetDateTime odt;
        @DatetimeField(nullable = true)
        public LocalDateTime ldt;
        @BooleanField(nullable = true)
        public Boolean flag;
        @DecimalField(maxDigits = 12, decimalPlaces = 4, nullable = true)
        public BigDecimal dec;
        @UUIDField(nullable = true)
        public UUID uuid;
        @JSONField(nullable = true)
        public Map<String, Object> map;
        @BinaryField(nullable = true)
        public byte[] bin;
        @CharEnumField(nullable = true)
        public Color color;
        @IntEnumField(nullable = true)
        public Level level;
    }

    @Meta(table = "rv_row")
    public static class Numbered extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer n;
    }

    /** How the runtime's connections are handed to it. */
    private enum Wrapping {
        /** As the pool hands them. */
        NONE,
        /** In a wrapper that unwraps to the pool's connection (as r2dbc-proxy's). */
        UNWRAPPING,
        /** In a wrapper that hides the connection under it (no {@link Wrapped}). */
        HIDING
    }

    private static Env start(DatabaseKind db, Wrapping wrapping, Class<? extends Model> model) {
        return Env.start(db, b -> {
            b.models(model);
            if (wrapping != Wrapping.NONE) {
                b.connectionFactoryDecorator((name, factory) -> new WrappingFactory(factory, wrapping));
            }
        });
    }

    private static Typed full() {
        Typed t = new Typed();
        t.odt = OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000, ZoneOffset.ofHours(5));
        t.ldt = LocalDateTime.of(2020, 1, 2, 3, 4, 5, 999_999_000);
        t.flag = false;
        t.dec = new BigDecimal("12345678.1200");
        t.uuid = UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "cup");
        m.put("n", 3);
        m.put("none", null);
        t.map = m;
        t.bin = new byte[] {0, 1, (byte) 0xff, (byte) 0x80, 127};
        t.color = Color.DARK_BLUE;
        t.level = Level.HIGH;
        return t;
    }

    private static Typed other() {
        Typed t = new Typed();
        t.odt = OffsetDateTime.of(2001, 9, 9, 1, 46, 40, 500_000_000, ZoneOffset.ofHours(-3));
        t.ldt = LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000);
        t.flag = true;
        t.dec = new BigDecimal("0.0001");
        t.uuid = UUID.fromString("ffffffff-0000-4000-8000-000000000001");
        t.map = Map.of("k", List.of());
        t.bin = new byte[] {42};
        t.color = Color.RED;
        t.level = Level.LOW;
        return t;
    }

    /** The values of {@code t} in a form compared exactly (arrays as lists). */
    private static List<Object> valuesOf(Typed t) {
        List<Object> out = new ArrayList<>();
        out.add(t.id);
        out.add(t.odt);
        out.add(t.ldt);
        out.add(t.flag);
        out.add(t.dec);
        out.add(t.dec == null ? null : t.dec.scale());
        out.add(t.uuid);
        out.add(t.map);
        out.add(t.bin == null ? null : toList(t.bin));
        out.add(t.color);
        out.add(t.level);
        return out;
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> out = new ArrayList<>();
        for (byte b : bytes) {
            out.add(b);
        }
        return out;
    }

    private static final List<Object> FULL = java.util.Arrays.asList(1,
            OffsetDateTime.parse("2024-02-29T18:59:58.123456Z"), LocalDateTime.of(2020, 1, 2, 3, 4, 5, 999_999_000),
            false, new BigDecimal("12345678.1200"), 4, UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11"),
            full().map, List.of((byte) 0, (byte) 1, (byte) 0xff, (byte) 0x80, (byte) 127), Color.DARK_BLUE,
            Level.HIGH);
    private static final List<Object> OTHER = java.util.Arrays.asList(2,
            OffsetDateTime.parse("2001-09-09T04:46:40.5Z"), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000), true,
            new BigDecimal("0.0001"), 4, UUID.fromString("ffffffff-0000-4000-8000-000000000001"),
            Map.of("k", List.of()), List.of((byte) 42), Color.RED, Level.LOW);
    private static final List<Object> NULLS = java.util.Arrays.asList(3, null, null, null, null, null, null, null,
            null, null, null);

    @DatabaseTest
    void everyColumnTypeReadsTheSameValuesDirectlyAndThroughUnwrappingAndHidingWrappers(DatabaseKind db) {
        for (Wrapping wrapping : Wrapping.values()) {
            try (Env env = start(db, wrapping, Typed.class)) {
                assertRequestPattern(env, wrapping);
                Manager<Typed> typed = env.of(Typed.class);
                typed.create(full()).block(Env.TIMEOUT);
                typed.create(other()).block(Env.TIMEOUT);
                typed.create(new Typed()).block(Env.TIMEOUT);
                StepVerifier.create(typed.all().orderBy("id").flux().map(MariaAndSingleReviewTest::valuesOf))
                        .as(wrapping.name())
                        .expectNext(FULL, OTHER, NULLS)
                        .expectComplete().verify(Env.TIMEOUT);
                // values(): the converted values as they are, no instance in between.
                StepVerifier.create(typed.all().orderBy("id").valuesList("id", "odt", "ldt", "flag", "dec", "uuid",
                                "color", "level").flux())
                        .as(wrapping.name())
                        .expectNext(List.of(1, FULL.get(1), FULL.get(2), false, FULL.get(4), FULL.get(6),
                                Color.DARK_BLUE, Level.HIGH))
                        .expectNext(List.of(2, OTHER.get(1), OTHER.get(2), true, OTHER.get(4), OTHER.get(6),
                                Color.RED, Level.LOW))
                        .expectNext(java.util.Arrays.asList(3, null, null, null, null, null, null, null))
                        .expectComplete().verify(Env.TIMEOUT);
            }
        }
    }

    /**
     * That the probes take the path they are meant to: on MariaDB, a hiding wrapper's connection is asked for
     * whole results (the path without {@code wip} under unbounded demand) and the pool's own connection, bare or
     * unwrapped, is asked on its I/O thread; on PostgreSQL the I/O thread is found under an unwrapping wrapper.
     */
    private static void assertRequestPattern(Env env, Wrapping wrapping) {
        // As the engine sees them: a connection of the (decorated) factory, the pool's name.
        ConnectionFactory pool = env.tortoise().connections().get("default").pool();
        Connection c = Mono.from(env.tortoise().connections().get("default").factory().create()).block(Env.TIMEOUT);
        try {
            MariaDbRequests.Statement requests = Drivers.resultRequests(c, pool);
            Connection physical = Drivers.physical(c);
            switch (env.db()) {
                case MARIADB -> {
                    if (wrapping == Wrapping.HIDING) {
                        assertThat(requests).isSameAs(MariaDbRequests.Statement.WHOLE);
                    } else {
                        assertThat(requests).isNotNull().isNotSameAs(MariaDbRequests.Statement.WHOLE);
                    }
                    assertThat(Drivers.loopOfPhysical(physical)).isNull();
                }
                case POSTGRES -> {
                    assertThat(requests).isNull();
                    if (wrapping == Wrapping.HIDING) {
                        assertThat(Drivers.loopOfPhysical(physical)).isNull();
                    } else {
                        assertThat(Drivers.loopOfPhysical(physical)).isNotNull();
                        assertThat(Drivers.serverCancelOfPhysical(physical)).isNotNull();
                    }
                }
                default -> {
                    assertThat(requests).isNull();
                    assertThat(Drivers.loopOfPhysical(physical)).isNull();
                }
            }
        } finally {
            Mono.from(c.close()).block(Env.TIMEOUT);
        }
    }

    private static List<Numbered> numbered(int n) {
        List<Numbered> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            Numbered x = new Numbered();
            x.id = i;
            x.n = i * 10;
            out.add(x);
        }
        return out;
    }

    @DatabaseTest
    void aSlowConsumerGetsNoMoreThanItAsksThenEveryRowOnceInOrderWhenItAsksForEverything(DatabaseKind db) {
        int n = 3_000;
        List<Integer> expected = IntStream.rangeClosed(1, n).map(i -> i * 10).boxed().collect(Collectors.toList());
        for (Wrapping wrapping : Wrapping.values()) {
            try (Env env = start(db, wrapping, Numbered.class)) {
                Manager<Numbered> rows = env.of(Numbered.class);
                rows.bulkCreate(numbered(n), 500).block(Env.TIMEOUT);
                Flux<Integer> values = rows.all().orderBy("id").flux().map(x -> x.n);
                // Bounded demand: exactly what was asked, nothing more while the consumer waits.
                StepVerifier.create(values, 3)
                        .as(wrapping.name())
                        .expectNext(10, 20, 30)
                        .expectNoEvent(Duration.ofMillis(200))
                        .thenRequest(2)
                        .expectNext(40, 50)
                        .expectNoEvent(Duration.ofMillis(100))
                        .thenCancel()
                        .verify(Env.TIMEOUT);
                // Bounded, then everything from another thread mid-stream.
                for (int round = 0; round < 3; round++) {
                    List<Integer> seen = new CopyOnWriteArrayList<>();
                    CountDownLatch ended = new CountDownLatch(1);
                    AtomicInteger ends = new AtomicInteger();
                    BaseSubscriber<Integer> consumer = new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription s) {
                            s.request(7);
                        }

                        @Override
                        protected void hookOnNext(Integer value) {
                            seen.add(value);
                        }

                        @Override
                        protected void hookOnComplete() {
                            ends.incrementAndGet();
                            ended.countDown();
                        }
                    };
                    values.subscribe(consumer);
                    long deadline = System.nanoTime() + TIMEOUT.toNanos();
                    while (seen.size() < 7 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    Schedulers.parallel().schedule(() -> consumer.request(Long.MAX_VALUE));
                    try {
                        assertThat(ended.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    assertThat(seen).as("%s round %d", wrapping, round).isEqualTo(expected);
                    assertThat(ends).hasValue(1);
                }
                // Slow consumer with a small prefetch: every row once, in order.
                StepVerifier.create(values.limitRate(5).publishOn(Schedulers.boundedElastic(), 3).collectList())
                        .as(wrapping.name())
                        .expectNext(expected)
                        .expectComplete().verify(Env.TIMEOUT);
                // Inside a transaction: rows streamed, a cancel mid-stream, then the transaction's next query.
                StepVerifier.create(env.tortoise().inTransaction(tx -> rows.all().orderBy("id").flux()
                                        .map(x -> x.n).take(4)
                                        .concatWith(rows.filter("id__gt", n - 2).orderBy("id").flux().map(x -> x.n)))
                                .collectList())
                        .as(wrapping.name())
                        .expectNext(List.of(10, 20, 30, 40, (n - 1) * 10, n * 10))
                        .expectComplete().verify(Env.TIMEOUT);
                StepVerifier.create(rows.all().count())
                        .expectNext((long) n)
                        .expectComplete().verify(Env.TIMEOUT);
            }
        }
    }

    /** A PostgreSQL statement that sleeps about a minute, tagged so that pg_stat_activity tells it from others. */
    private static RawSQL sleeper(String tag) {
        return RawSQL.of("(SELECT 7 FROM pg_sleep(60) /* " + tag + " */)").as(Long.class);
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

    private static void awaitRunning(String tag, boolean expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> now = running(tag);
        while (now.isEmpty() == expected && System.nanoTime() < deadline) {
            ReliabilityPause.sleep(20);
            now = running(tag);
        }
        assertThat(now).as("backends running %s", tag).hasSize(expected ? 1 : 0);
    }

    @DatabaseTest(DatabaseKind.POSTGRES)
    void aLongSleepCancelledOrTimedOutBehindAnUnwrappingWrapperStopsOnTheServer(DatabaseKind db) {
        try (Env env = start(db, Wrapping.UNWRAPPING, Numbered.class)) {
            Manager<Numbered> rows = env.of(Numbered.class);
            rows.bulkCreate(numbered(1), 1).block(Env.TIMEOUT);
            // Cancelled by its subscriber: stopped on the server after the grace period.
            String cancelled = "rv-cancel-" + UUID.randomUUID();
            Disposable d = rows.all().annotate("v", sleeper(cancelled)).valuesList(true, "v").flux().subscribe();
            awaitRunning(cancelled, true);
            d.dispose();
            awaitRunning(cancelled, false);
            // Past its timeout: the caller is told, and the backend stops too.
            String timed = "rv-timeout-" + UUID.randomUUID();
            StepVerifier.create(rows.all().annotate("v", sleeper(timed)).timeout(Duration.ofMillis(500))
                            .valuesList(true, "v").flux())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryTimeoutError.class)
                            .hasMessage("canceling statement due to statement timeout (500 ms)"))
                    .verify(Env.TIMEOUT);
            awaitRunning(timed, false);
            // The pool's connections serve the next query.
            StepVerifier.create(rows.all().valuesList(true, "n").flux())
                    .expectNext(10)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    /** Sleeps without a checked exception. */
    private static final class ReliabilityPause {
        static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Hands out the factory's connections in a wrapper, unwrapping to them or hiding them. */
    private record WrappingFactory(ConnectionFactory delegate, Wrapping wrapping) implements ConnectionFactory {
        @Override
        public Publisher<? extends Connection> create() {
            return Mono.from(delegate.create())
                    .map(c -> wrapping == Wrapping.HIDING ? new Hiding(c) : new Unwrapping(c));
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return delegate.getMetadata();
        }
    }

    /** A connection passing every call on to the one it holds, which it does not tell. */
    private static class Hiding implements Connection {
        final Connection c;

        Hiding(Connection c) {
            this.c = c;
        }

        @Override
        public Publisher<Void> beginTransaction() {
            return c.beginTransaction();
        }

        @Override
        public Publisher<Void> beginTransaction(TransactionDefinition definition) {
            return c.beginTransaction(definition);
        }

        @Override
        public Publisher<Void> close() {
            return c.close();
        }

        @Override
        public Publisher<Void> commitTransaction() {
            return c.commitTransaction();
        }

        @Override
        public Batch createBatch() {
            return c.createBatch();
        }

        @Override
        public Publisher<Void> createSavepoint(String name) {
            return c.createSavepoint(name);
        }

        @Override
        public io.r2dbc.spi.Statement createStatement(String sql) {
            return c.createStatement(sql);
        }

        @Override
        public boolean isAutoCommit() {
            return c.isAutoCommit();
        }

        @Override
        public ConnectionMetadata getMetadata() {
            return c.getMetadata();
        }

        @Override
        public IsolationLevel getTransactionIsolationLevel() {
            return c.getTransactionIsolationLevel();
        }

        @Override
        public Publisher<Void> releaseSavepoint(String name) {
            return c.releaseSavepoint(name);
        }

        @Override
        public Publisher<Void> rollbackTransaction() {
            return c.rollbackTransaction();
        }

        @Override
        public Publisher<Void> rollbackTransactionToSavepoint(String name) {
            return c.rollbackTransactionToSavepoint(name);
        }

        @Override
        public Publisher<Void> setAutoCommit(boolean autoCommit) {
            return c.setAutoCommit(autoCommit);
        }

        @Override
        public Publisher<Void> setLockWaitTimeout(Duration timeout) {
            return c.setLockWaitTimeout(timeout);
        }

        @Override
        public Publisher<Void> setStatementTimeout(Duration timeout) {
            return c.setStatementTimeout(timeout);
        }

        @Override
        public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
            return c.setTransactionIsolationLevel(isolationLevel);
        }

        @Override
        public Publisher<Boolean> validate(ValidationDepth depth) {
            return c.validate(depth);
        }
    }

    /** A connection passing every call on to the one it holds, which {@link #unwrap()} tells (as r2dbc-proxy's). */
    private static final class Unwrapping extends Hiding implements Wrapped<Connection> {
        Unwrapping(Connection c) {
            super(c);
        }

        @Override
        public Connection unwrap() {
            return c;
        }
    }
}
