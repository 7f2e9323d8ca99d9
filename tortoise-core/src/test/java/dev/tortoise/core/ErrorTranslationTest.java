package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.BaseORMException;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import io.r2dbc.spi.R2dbcException;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;

/**
 * Driver errors become the ORM's exceptions by SQLSTATE, the same on both databases, with no SQL
 * text in the message. The table is made by hand, stricter than the model, so the database (not
 * the ORM's validation) rejects the values.
 */
class ErrorTranslationTest {

    @Meta(table = "parent")
    public static class Parent extends Model {
        @IntField(primaryKey = true, generated = false)
        public Integer id;
    }

    @Meta(table = "loose")
    public static class Loose extends Model {
        @IntField(primaryKey = true, generated = false)
        public Integer id;
        @CharField(maxLength = 100, nullable = true)
        public String name;
        @IntField(nullable = true)
        public Integer n;
        @IntField(nullable = true)
        public Integer small;
        @IntField(nullable = true, sourceField = "parent_id")
        public Integer parent;
    }

    private static Env env(DatabaseKind db) {
        Env env = Env.start(db, b -> b.models(Parent.class, Loose.class), false);
        env.query("CREATE TABLE \"parent\" (\"id\" INT NOT NULL PRIMARY KEY)");
        env.query("CREATE TABLE \"loose\" (\"id\" INT NOT NULL PRIMARY KEY, \"name\" VARCHAR(5) NOT NULL, "
                + "\"n\" INT CHECK (\"n\" > 0), \"small\" SMALLINT, "
                + "\"parent_id\" INT REFERENCES \"parent\" (\"id\"))");
        env.query("INSERT INTO \"parent\" VALUES (1)");
        return env;
    }

    private static Loose loose(Env env, int id, String name) {
        Loose l = env.of(Loose.class).build(java.util.Map.of("id", id));
        l.name = name;
        return l;
    }

    private static void expect(Publisher<?> p, Class<? extends BaseORMException> type, Consumer<Throwable> more) {
        StepVerifier.create(p).expectErrorSatisfies(e -> {
            assertThat(e).isExactlyInstanceOf(type).isNotInstanceOf(R2dbcException.class);
            assertThat(e.getCause()).isInstanceOf(R2dbcException.class);
            assertThat(e.getMessage()).doesNotContainIgnoringCase("insert into").doesNotContain("SQL statement")
                    .doesNotContain("\"loose\" (");
            assertThat(((BaseORMException) e).sql()).isNotBlank();
            more.accept(e);
        }).verify(Env.TIMEOUT);
    }

    private static void assertKind(Throwable e, IntegrityError.Kind kind, java.util.List<String> fields) {
        IntegrityError ie = (IntegrityError) e;
        assertThat(ie.kind()).isEqualTo(kind);
        assertThat(ie.fields()).isEqualTo(fields);
        if (kind != IntegrityError.Kind.NOT_NULL) {
            assertThat(ie.constraint()).isNotBlank();
        }
    }

    @DatabaseTest
    void aUniqueViolationIsAnIntegrityError(DatabaseKind db) {
        try (Env env = env(db)) {
            env.of(Loose.class).create(loose(env, 1, "a")).block(Env.TIMEOUT);
            expect(env.of(Loose.class).create(loose(env, 1, "b")), IntegrityError.class,
                    e -> {
                        assertThat(((BaseORMException) e).sql()).contains(ExpectedSql.on(db, "INSERT INTO \"loose\""));
                        // MariaDB's message names the key (PRIMARY), not its columns
                        assertKind(e, IntegrityError.Kind.UNIQUE,
                                db == DatabaseKind.MARIADB ? java.util.List.of() : java.util.List.of("id"));
                    });
        }
    }

    @DatabaseTest
    void aNotNullViolationIsAnIntegrityError(DatabaseKind db) {
        try (Env env = env(db)) {
            expect(env.of(Loose.class).create(loose(env, 1, null)), IntegrityError.class,
                    e -> assertKind(e, IntegrityError.Kind.NOT_NULL, java.util.List.of("name")));
        }
    }

    @DatabaseTest
    void aCheckViolationIsAnIntegrityError(DatabaseKind db) {
        try (Env env = env(db)) {
            Loose l = loose(env, 1, "a");
            l.n = 0;
            expect(env.of(Loose.class).create(l), IntegrityError.class,
                    e -> assertThat(((IntegrityError) e).kind()).isEqualTo(IntegrityError.Kind.CHECK));
        }
    }

    @DatabaseTest
    void aForeignKeyViolationIsAnIntegrityError(DatabaseKind db) {
        try (Env env = env(db)) {
            Loose ok = loose(env, 1, "a");
            ok.parent = 1;
            env.of(Loose.class).create(ok).block(Env.TIMEOUT);
            Loose l = loose(env, 2, "a");
            l.parent = 99;
            expect(env.of(Loose.class).create(l), IntegrityError.class,
                    e -> assertKind(e, IntegrityError.Kind.FOREIGN_KEY, java.util.List.of("parent_id")));
            // PostgreSQL names the referenced key, H2 the referencing one
            expect(env.of(Parent.class).filter("id", 1).delete(), IntegrityError.class,
                    e -> assertKind(e, IntegrityError.Kind.FOREIGN_KEY,
                            java.util.List.of((db == DatabaseKind.POSTGRES) ? "id" : "parent_id")));
        }
    }

    @DatabaseTest
    void aValueTooLongForTheColumnIsAValidationError(DatabaseKind db) {
        try (Env env = env(db)) {
            expect(env.of(Loose.class).create(loose(env, 1, "much too long")), ValidationError.class, e -> { });
        }
    }

    @DatabaseTest
    void aNumberOutOfTheColumnsRangeIsAValidationError(DatabaseKind db) {
        try (Env env = env(db)) {
            Loose l = loose(env, 1, "a");
            l.small = 100_000;
            expect(env.of(Loose.class).create(l), ValidationError.class, e -> { });
        }
    }

    @DatabaseTest
    void badSqlInARawQueryIsAnOperationalErrorWithoutTheSqlInItsMessage(DatabaseKind db) {
        try (Env env = env(db)) {
            StepVerifier.create(env.of(Loose.class).raw(ExpectedSql.on(db, "SELECT * FROM \"no_such_table\" WHERE secret = $1"), 1))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(OperationalError.class);
                        assertThat(e.getMessage()).doesNotContain("SELECT").doesNotContain("secret");
                        assertThat(((BaseORMException) e).sql()).isEqualTo(
                                ExpectedSql.on(db, "SELECT * FROM \"no_such_table\" WHERE secret = $1"));
                    })
                    .verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aSyntaxErrorIsAnOperationalErrorWithoutTheStatementInItsMessage(DatabaseKind db) {
        try (Env env = env(db)) {
            String sql = ExpectedSql.on(db, "SELECT * FROM \"loose\" WHERE \"name\" = $1 AND AND");
            StepVerifier.create(env.of(Loose.class).raw(sql, "hidden"))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isExactlyInstanceOf(OperationalError.class);
                        assertThat(e.getMessage()).doesNotContain("SELECT").doesNotContain("loose")
                                // MariaDB's own words: "You have an error in your SQL syntax"
                                .containsIgnoringCase(db == DatabaseKind.MARIADB ? "error in your SQL syntax"
                                        : "syntax error");
                        assertThat(((BaseORMException) e).sql()).isEqualTo(sql);
                    })
                    .verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void theConnectionIsUsableAfterAnError(DatabaseKind db) {
        try (Env env = env(db)) {
            for (int i = 0; i < 15; i++) {
                StepVerifier.create(env.of(Loose.class).create(loose(env, 1, null)))
                        .expectError(IntegrityError.class).verify(Env.TIMEOUT);
            }
            env.of(Loose.class).create(loose(env, 1, "fine")).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Loose.class).count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void waitingPastTheLockTimeoutIsALockTimeoutError(DatabaseKind db) {
        try (Env env = env(db)) {
            env.of(Loose.class).create(loose(env, 1, "a")).block(Env.TIMEOUT);
            String shortWait = switch (db) {
                case POSTGRES -> "SET LOCAL lock_timeout = '200ms'";
                // whole seconds only; the session's setting, on a connection of this test's own database
                case MARIADB -> "SET SESSION innodb_lock_wait_timeout = 1";
                default -> "SET LOCK_TIMEOUT 200";
            };
            // The first transaction holds the row's lock until the second has given up waiting for it.
            reactor.core.publisher.Sinks.Empty<Void> secondDone = reactor.core.publisher.Sinks.empty();
            reactor.core.publisher.Mono<String> holder = env.tortoise().inTransactionMono(tx ->
                    env.of(Loose.class).filter("id", 1).update("name", "b")
                            .then(secondDone.asMono()).thenReturn("held"));
            reactor.core.publisher.Mono<Object> waiter = env.tortoise().inTransactionMono(tx ->
                    env.of(Loose.class).raw(shortWait).then()
                            .then(env.of(Loose.class).filter("id", 1).update("name", "c")).map(n -> (Object) n))
                    .doFinally(signal -> secondDone.tryEmitEmpty());
            StepVerifier.create(holder.zipWith(waiter.delaySubscription(java.time.Duration.ofMillis(300))
                            .onErrorResume(e -> reactor.core.publisher.Mono.just(e))))
                    .assertNext(both -> {
                        assertThat(both.getT1()).isEqualTo("held");
                        assertThat(both.getT2()).isExactlyInstanceOf(dev.tortoise.exception.LockTimeoutError.class);
                        assertThat(((Throwable) both.getT2()).getCause()).isInstanceOf(R2dbcException.class);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Loose.class).filter("id", 1).valuesList(true, "name").flux())
                    .expectNext("b").expectComplete().verify(Env.TIMEOUT);
        }
    }
}
