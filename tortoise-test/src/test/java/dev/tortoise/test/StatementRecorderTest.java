package dev.tortoise.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.query.Manager;
import dev.tortoise.test.models.Item;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StatementRecorderTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A runtime on {@code db} recording into {@code recorder}, its table created and the recorder cleared. */
    static Tortoise start(TestDatabase db, StatementRecorder recorder) {
        Tortoise orm = Tortoise.init(TortoiseConfig.builder().connection("default", db.url()).models(Item.class)
                .connectionFactoryDecorator(recorder.decorator()).build());
        orm.generateSchemas(false).block(TIMEOUT);
        recorder.clear();
        return orm;
    }

    /** The statement the ORM sends to insert one item. */
    static String insertSql(TestDatabase db) {
        return db.kind() == DatabaseKind.H2
                ? "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"item\" (\"name\") VALUES ($1))"
                : StandardSql.on(db, "INSERT INTO \"item\" (\"name\") VALUES ($1) RETURNING \"id\"");
    }

    /** The statement the ORM sends to count the items. */
    static String countSql(TestDatabase db) {
        return StandardSql.on(db, "SELECT COUNT(*) FROM \"item\"");
    }

    /** What the recorder reports for: insert 'a', insert 'b', count. */
    static String twoInsertsAndACount(TestDatabase db) {
        return "  1. " + insertSql(db) + "\n"
                + "     bindings: ['a']\n"
                + "  2. " + insertSql(db) + "\n"
                + "     bindings: ['b']\n"
                + "  3. " + countSql(db);
    }

    @DatabaseTest
    void expectingTwoStatementsFailsWithTheRecordedSqlWhenThreeRun(TestDatabase db) {
        StatementRecorder recorder = new StatementRecorder();
        Tortoise orm = start(db, recorder);
        try {
            Manager<Item> items = orm.of(Item.class);
            String expected = "Expected 2 statements but 3 ran:\n" + twoInsertsAndACount(db);

            // As a test would write it: the expectation fails, and the failure shows the SQL and its bindings.
            assertThatThrownBy(() -> StepVerifier.create(recorder.expectStatements(2,
                            () -> items.create("name", "a").then(items.create("name", "b")).then(items.all().count())))
                    .expectNext(2L).expectComplete().verify(TIMEOUT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(expected);

            // The block's own signal: exactly that AssertionError, after the work ran to its end.
            orm.of(Item.class).all().delete().block(TIMEOUT);
            StepVerifier.create(recorder.expectStatements(2,
                            () -> items.create("name", "a").then(items.create("name", "b")).then(items.all().count())))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(AssertionError.class)
                            .hasMessage(expected))
                    .verify(TIMEOUT);
            assertThat(db.countRows("item")).isEqualTo(2);
        } finally {
            orm.close().block(TIMEOUT);
        }
    }

    @DatabaseTest
    void hasStatementCountFailsWithTheRecordedSqlAndBindings(TestDatabase db) {
        StatementRecorder recorder = new StatementRecorder();
        Tortoise orm = start(db, recorder);
        try {
            Manager<Item> items = orm.of(Item.class);
            StepVerifier.create(items.create("name", "a").then(items.create("name", "b")).then(items.all().count()))
                    .expectNext(2L).expectComplete().verify(TIMEOUT);

            assertThat(recorder).hasStatementCount(3);
            assertThatThrownBy(() -> assertThat(recorder).hasStatementCount(2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected 2 statements but 3 ran:\n" + twoInsertsAndACount(db));
            assertThat(recorder).statement(0).hasSql(insertSql(db)).hasBindings("a").isOperation(
                    db.kind() == DatabaseKind.H2 ? "select" : "insert");
            assertThat(recorder).statement(2).hasSql(countSql(db)).hasBindings();
            assertThatThrownBy(() -> assertThat(recorder).statement(1).hasBindings("a"))
                    .hasMessage("Expected the bindings\n  ['a']\nbut the statement was\n  " + insertSql(db)
                            + "\n     bindings: ['b']");
            assertThatThrownBy(() -> assertThat(recorder).statement(3))
                    .hasMessage("Expected a statement at index 3 but 3 ran:\n" + twoInsertsAndACount(db));
            assertThat(recorder.sql()).containsExactly(insertSql(db), insertSql(db), countSql(db));
            assertThat(recorder.statements()).allSatisfy(s -> {
                assertThat(s.connection()).isEqualTo("default");
                assertThat(s.isFinished()).isTrue();
                assertThat(s.error()).isNull();
            });

            recorder.clear();
            assertThat(recorder).hasNoStatements();
        } finally {
            orm.close().block(TIMEOUT);
        }
    }

    @DatabaseTest
    void expectStatementsCountsOnlyTheStatementsItsBlockRuns(TestDatabase db) {
        StatementRecorder recorder = new StatementRecorder();
        Tortoise orm = start(db, recorder);
        try {
            Manager<Item> items = orm.of(Item.class);
            items.create("name", "a").block(TIMEOUT);

            // Another query runs at the same time as the block; only the block's statement counts.
            StepVerifier.create(Mono.zip(recorder.expectStatements(1, () -> items.filter("name", "a").count()),
                            items.all().count()))
                    .assertNext(t -> assertThat(List.of(t.getT1(), t.getT2())).containsExactly(1L, 1L))
                    .expectComplete().verify(TIMEOUT);
            assertThat(recorder).hasStatementCount(3);

            // Nested blocks: the outer one counts the inner one's statements too.
            StepVerifier.create(recorder.expectStatements(2, () -> items.all().count()
                            .flatMap(n -> recorder.expectStatements(1, () -> items.filter("name", "a").first()))))
                    .assertNext(item -> assertThat(item.name).isEqualTo("a"))
                    .expectComplete().verify(TIMEOUT);

            // A Flux block, and an empty Mono, are checked when they complete.
            StepVerifier.create(recorder.expectStatementsMany(1, () -> items.all().orderBy("name").valuesList(true, "name")))
                    .expectNext("a").expectComplete().verify(TIMEOUT);
            StepVerifier.create(recorder.expectStatementsMany(0, () -> items.filter("name", "z")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AssertionError.class)
                            .hasMessageStartingWith("Expected 0 statements but 1 ran:\n  1. SELECT "))
                    .verify(TIMEOUT);
            StepVerifier.create(recorder.expectStatements(1, () -> items.filter("name", "z").first()))
                    .expectComplete().verify(TIMEOUT);
        } finally {
            orm.close().block(TIMEOUT);
        }
    }

    @DatabaseTest
    void aFailingStatementIsRecordedWithItsErrorAndTheBlocksErrorPassesThrough(TestDatabase db) {
        StatementRecorder recorder = new StatementRecorder();
        Tortoise orm = start(db, recorder);
        try {
            Manager<Item> items = orm.of(Item.class);
            items.create("name", "a").block(TIMEOUT);
            StepVerifier.create(recorder.expectStatements(5, () -> items.create("name", "a")))
                    .expectError(IntegrityError.class)
                    .verify(TIMEOUT);
            assertThat(recorder).hasStatementCount(2);
            RecordedStatement failed = recorder.statements().get(1);
            assertThat(failed.error()).isNotNull();
            assertThat(failed.isFinished()).isTrue();
            assertThat(recorder.describe()).contains("  2. " + insertSql(db) + "\n     bindings: ['a']\n     failed: ");
        } finally {
            orm.close().block(TIMEOUT);
        }
    }

    @DatabaseTest
    void sqlRunThroughRawSqlIsNotRecorded(TestDatabase db) {
        StatementRecorder recorder = new StatementRecorder();
        Tortoise orm = start(db, recorder);
        try {
            orm.of(Item.class).create("name", "a").block(TIMEOUT);
            var factory = orm.connections().get("default").factory();
            assertThat(RawSql.query(factory, StandardSql.on(db, "SELECT \"name\" FROM \"item\""))).containsExactly(java.util.Map.of("name", "a"));
            assertThat(RawSql.countRows(factory, "item")).isEqualTo(1);
            assertThat(RawSql.execute(factory, StandardSql.on(db, "DELETE FROM \"item\""))).isEqualTo(1);
            assertThat(recorder).hasStatementCount(1);
        } finally {
            orm.close().block(TIMEOUT);
        }
    }
}
