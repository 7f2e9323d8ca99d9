package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.DoesNotExist;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.field.Validators;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.test.StepVerifier;

/** Instance writes: create, Tortoise's save rules, delete, refresh, clone, updateFromDict and validation. */
class WritesTest {

    public static class NonNegative extends Validators.MinValue {
        public NonNegative() {
            super(0);
        }
    }

    @Meta(table = "player")
    public static class Player extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 10)
        public String name;
        @IntField(validators = NonNegative.class, defaultValue = "0")
        public Integer score;
        @CharField(maxLength = 10, nullable = true)
        public String nick;
    }

    @Meta(table = "code")
    public static class Code extends Model {
        @CharField(maxLength = 8, primaryKey = true)
        public String code;
        @CharField(maxLength = 20)
        public String label;
    }

    @Meta(table = "token")
    public static class Token extends Model {
        @UUIDField(primaryKey = true)
        public UUID id;
        @CharField(maxLength = 20)
        public String label;
    }

    private static String verb(String sql) {
        return sql.substring(0, sql.indexOf(' '));
    }

    @DatabaseTest
    void createReadsBackTheGeneratedKeyOnEachDatabase(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player a = env.of(Player.class).create("name", "a").block(Env.TIMEOUT);
            Player b = env.of(Player.class).create("name", "b").block(Env.TIMEOUT);
            assertThat(a.id).isEqualTo(1);
            assertThat(b.id).isEqualTo(2);
            assertThat(a.isSaved()).isTrue();
            String insert = env.statements().sql().get(0);
            if (db != DatabaseKind.H2) {
                assertThat(insert).isEqualTo(ExpectedSql.on(db, "INSERT INTO \"player\" (\"name\",\"score\",\"nick\") VALUES ($1,$2,$3) "
                        + "RETURNING \"id\""));
            } else {
                assertThat(insert).isEqualTo(ExpectedSql.on(db, "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"player\" (\"name\","
                        + "\"score\",\"nick\") VALUES ($1,$2,$3))"));
            }
            assertThat(env.statements().events().get(0).bindings()).containsExactly("a", 0, null);
        }
    }

    @DatabaseTest
    void anExplicitPrimaryKeyIsInsertedAsGiven(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class, Code.class, Token.class)) {
            Player p = env.of(Player.class).create("id", 42, "name", "x").block(Env.TIMEOUT);
            assertThat(p.id).isEqualTo(42);
            Code c = env.of(Code.class).create("code", "ABC", "label", "l").block(Env.TIMEOUT);
            assertThat(c.pk()).isEqualTo("ABC");
            Token t = env.of(Token.class).create("label", "t").block(Env.TIMEOUT);
            assertThat(t.id).isNotNull();
            StepVerifier.create(env.of(Token.class).get("pk", t.id).map(x -> x.label))
                    .expectNext("t").expectComplete().verify(Env.TIMEOUT);
            assertThat(env.query("SELECT \"id\" FROM \"player\"")).extracting(r -> ((Number) r.get("id")).intValue())
                    .containsExactly(42);
        }
    }

    @DatabaseTest
    void saveInsertsANewInstanceAndUpdatesAStoredOne(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player p = env.of(Player.class).build(Map.of("name", "a"));
            p.save().block(Env.TIMEOUT);
            p.score = 5;
            p.save().block(Env.TIMEOUT);
            Player loaded = env.of(Player.class).get("id", p.id).block(Env.TIMEOUT);
            loaded.name = "b";
            loaded.save().block(Env.TIMEOUT);
            assertThat(env.statements().sql()).extracting(WritesTest::verb)
                    .containsExactly((db != DatabaseKind.H2) ? "INSERT" : "SELECT", "UPDATE", "SELECT", "UPDATE");
            assertThat(env.statements().sql().get(1)).isEqualTo(ExpectedSql.on(db, "UPDATE \"player\" SET \"name\"=$1,\"score\"=$2,"
                    + "\"nick\"=$3 WHERE \"player\".\"id\"=$4"));
            assertThat(env.countRows("player")).isEqualTo(1);
            StepVerifier.create(env.of(Player.class).values("name", "score"))
                    .expectNext(Map.of("name", "b", "score", 5)).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void saveWithUpdateFieldsWritesOnlyThoseColumns(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player p = env.of(Player.class).create("name", "a", "nick", "n").block(Env.TIMEOUT);
            env.statements().clear();
            p.name = "changed";
            p.score = 9;
            p.save("score").block(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(ExpectedSql.on(db, "UPDATE \"player\" SET \"score\"=$1 WHERE "
                    + "\"player\".\"id\"=$2"));
            assertThat(env.statements().events().get(0).bindings()).containsExactly(9, p.id);
            StepVerifier.create(env.of(Player.class).values("name", "score"))
                    .expectNext(Map.of("name", "a", "score", 9)).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void saveWithUpdateFieldsUpdatesEvenANewInstanceThatHasAPrimaryKey(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            env.of(Player.class).create("name", "a").block(Env.TIMEOUT);
            Player detached = env.of(Player.class).build(Map.of("name", "z"));
            detached.id = 1;
            detached.save("name").block(Env.TIMEOUT);
            assertThat(env.countRows("player")).isEqualTo(1);
            StepVerifier.create(env.of(Player.class).valuesList(true, "name")).expectNext("z").expectComplete()
                    .verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void forceCreateAlwaysInserts(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player p = env.of(Player.class).create("name", "a").block(Env.TIMEOUT);
            StepVerifier.create(p.save(SaveOptions.creating())).expectError(IntegrityError.class).verify(Env.TIMEOUT);
            Player copy = env.of(Player.class).build(Map.of("name", "b"));
            copy.id = 7;
            copy.save(SaveOptions.creating()).block(Env.TIMEOUT);
            assertThat(env.countRows("player")).isEqualTo(2);
        }
    }

    @DatabaseTest
    void forceUpdateOfAMissingRowIsAnIntegrityError(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player ghost = env.of(Player.class).build(Map.of("name", "g"));
            ghost.id = 99;
            StepVerifier.create(ghost.save(SaveOptions.updating()))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(IntegrityError.class)
                            .hasMessage("Can't update object that doesn't exist. PK: 99"))
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("player")).isZero();
            Player real = env.of(Player.class).create("name", "r").block(Env.TIMEOUT);
            real.name = "s";
            real.save(SaveOptions.updating()).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Player.class).valuesList(true, "name")).expectNext("s").expectComplete()
                    .verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void updateFromDictThenSaveUpdatesTheRow(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player p = env.of(Player.class).create("name", "a").block(Env.TIMEOUT);
            p.updateFromDict(Map.of("name", "b", "score", "3")).save().block(Env.TIMEOUT);
            assertThat(p.score).isEqualTo(3);
            assertThat(env.countRows("player")).isEqualTo(1);
            StepVerifier.create(env.of(Player.class).values("name", "score"))
                    .expectNext(Map.of("name", "b", "score", 3)).expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void deleteRemovesTheRowAndAnUnsavedInstanceCannotBeDeleted(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player p = env.of(Player.class).create("name", "a").block(Env.TIMEOUT);
            env.of(Player.class).create("name", "b").block(Env.TIMEOUT);
            p.delete().block(Env.TIMEOUT);
            assertThat(env.countRows("player")).isEqualTo(1);
            env.statements().clear();
            Player unsaved = env.of(Player.class).build(Map.of("name", "c"));
            StepVerifier.create(unsaved.delete())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("Can't delete unpersisted record"))
                    .verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void refreshFromDbReloadsAllOrSomeFields(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Player p = env.of(Player.class).create("name", "a", "nick", "n").block(Env.TIMEOUT);
            env.of(Player.class).filter("id", p.id).update(Map.of("name", "b", "nick", "m")).block(Env.TIMEOUT);
            p.refreshFromDb("name").block(Env.TIMEOUT);
            assertThat(p.name).isEqualTo("b");
            assertThat(p.nick).isEqualTo("n");
            p.refreshFromDb().block(Env.TIMEOUT);
            assertThat(p.nick).isEqualTo("m");
            assertThat(p.isSaved()).isTrue();
            Player unsaved = env.of(Player.class).build(Map.of("name", "c"));
            StepVerifier.create(unsaved.refreshFromDb())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("Can't refresh unpersisted record"))
                    .verify(Env.TIMEOUT);
            env.of(Player.class).all().delete().block(Env.TIMEOUT);
            StepVerifier.create(p.refreshFromDb()).expectError(DoesNotExist.class).verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void cloneMakesAnUnsavedCopyThatSavesAsANewRow(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class, Code.class)) {
            Player p = env.of(Player.class).create("name", "a", "score", 4).block(Env.TIMEOUT);
            Player copy = (Player) p.clone();
            assertThat(copy.id).isNull();
            assertThat(copy.name).isEqualTo("a");
            assertThat(copy.isSaved()).isFalse();
            copy.save().block(Env.TIMEOUT);
            assertThat(copy.id).isEqualTo(2);
            Player withPk = (Player) p.clone(10);
            withPk.save().block(Env.TIMEOUT);
            StepVerifier.create(env.of(Player.class).all().orderBy("id").valuesList("id", "name", "score").toList())
                    .expectNext(List.of(List.of(1, "a", 4), List.of(2, "a", 4), List.of(10, "a", 4)))
                    .expectComplete().verify(Env.TIMEOUT);

            Code c = env.of(Code.class).create("code", "A1", "label", "x").block(Env.TIMEOUT);
            assertThatThrownBy(c::clone).isExactlyInstanceOf(ParamsError.class)
                    .hasMessage("Code requires explicit primary key. Please use .clone(pk=<value>)");
            ((Code) c.clone("A2")).save().block(Env.TIMEOUT);
            assertThat(env.countRows("code")).isEqualTo(2);
        }
    }

    @DatabaseTest
    void maxLengthIsCheckedBeforeAnySql(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            StepVerifier.create(env.of(Player.class).create("name", "abcdefghijk"))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("name: Length of 'abcdefghijk' 11 > 10"))
                    .verify(Env.TIMEOUT);
            Player p = env.of(Player.class).create("name", "ok").block(Env.TIMEOUT);
            env.statements().clear();
            p.nick = "far too long nick";
            StepVerifier.create(p.save()).expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("nick: Length of 'far too long nick' 17 > 10"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Player.class).all().update("name", "abcdefghijk"))
                    .expectError(ValidationError.class).verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void validatorsAndNullChecksRunBeforeAnySql(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            StepVerifier.create(env.of(Player.class).create("name", "a", "score", -1))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("score: Value should be greater or equal to 0"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Player.class).create("score", 1))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("name: name is non nullable field, but null was passed"))
                    .verify(Env.TIMEOUT);
            assertThatThrownBy(() -> env.of(Player.class).build(Map.of("name", "a", "score", "lots")))
                    .isExactlyInstanceOf(ValidationError.class)
                    .hasMessage("score: Value 'lots' is not a valid IntField value");
            StepVerifier.create(env.of(Player.class).filter("score", -5))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("score: Value should be greater or equal to 0"))
                    .verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
            assertThat(env.countRows("player")).isZero();
        }
    }

    @DatabaseTest
    void instancesStayBoundToTheirRuntimeAndNewOnesAreAmbiguousWithSeveral(DatabaseKind db) {
        try (Env a = Env.start(db, Player.class); Env b = Env.start(db, Player.class)) {
            Player loaded = a.of(Player.class).create("name", "in-a").block(Env.TIMEOUT);
            loaded.name = "still-a";
            loaded.save().block(Env.TIMEOUT);
            assertThat(a.countRows("player")).isEqualTo(1);
            assertThat(b.countRows("player")).isZero();
            Player fresh = new Player();
            fresh.name = "x";
            StepVerifier.create(fresh.save())
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                            .hasMessage("Player is known to several Tortoise runtimes and this instance is bound to "
                                    + "none; use ModelManager methods (models.save(obj)) instead"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(b.tortoise().save(fresh).map(x -> x.id)).expectNext(1).expectComplete()
                    .verify(Env.TIMEOUT);
            assertThat(b.countRows("player")).isEqualTo(1);
            assertThat(a.countRows("player")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void theManagerSavesAndDeletesExplicitly(DatabaseKind db) {
        try (Env env = Env.start(db, Player.class)) {
            Manager<Player> players = env.of(Player.class);
            Player p = new Player();
            p.name = "plain";
            StepVerifier.create(env.tortoise().save(p).map(x -> x.id)).expectNext(1).expectComplete()
                    .verify(Env.TIMEOUT);
            p.score = 2;
            StepVerifier.create(players.save(p).map(x -> x.score)).expectNext(2).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.tortoise().delete(p)).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.countRows("player")).isZero();
        }
    }
}
