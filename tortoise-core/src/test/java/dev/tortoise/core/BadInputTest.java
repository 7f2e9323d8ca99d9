package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.FieldError;
import dev.tortoise.expression.F;
import dev.tortoise.expression.Q;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/**
 * Keys from untrusted input never become SQL text: filter, exclude, order_by, values, update and
 * F keys with quotes, semicolons, comment markers or unknown names are a FieldError listing the
 * valid names, and no statement reaches the database. Values are always bound.
 */
class BadInputTest {

    @Meta(table = "victim")
    public static class Victim extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @IntField(defaultValue = "1")
        public Integer age;
    }

    private static final List<String> HOSTILE_KEYS = List.of(
            "name\"; DROP TABLE victim; --",
            "name'",
            "name;",
            "name--",
            "name /* x */",
            "id) OR (1=1",
            "name\" OR \"1\"=\"1",
            "nickname",
            "NAME",
            "",
            "__name",
            "victim.name",
            "name__icontains\"--");

    private static final String VALID = "[pk, id, name, age]";

    private static Env env(DatabaseKind db) {
        Env env = Env.start(db, Victim.class);
        env.of(Victim.class).create("name", "keep").block(Env.TIMEOUT);
        env.statements().clear();
        return env;
    }

    private static void assertUntouched(Env env) {
        assertThat(env.statements().count()).isZero();
        assertThat(env.countRows("victim")).isEqualTo(1);
    }

    @DatabaseTest
    void hostileFilterAndExcludeKeysAreFieldErrorsAndSendNothing(DatabaseKind db) {
        try (Env env = env(db)) {
            Manager<Victim> v = env.of(Victim.class);
            for (String key : HOSTILE_KEYS) {
                String message = "Unknown filter param '" + key + "'. Allowed base values are " + VALID;
                StepVerifier.create(v.filter(key, 1))
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                                .hasMessage(message))
                        .verify(Env.TIMEOUT);
                StepVerifier.create(v.exclude(key, 1).count())
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                                .hasMessage(message))
                        .verify(Env.TIMEOUT);
                StepVerifier.create(v.filter(Q.of("name", "x").or(key, 1)).delete())
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                                .hasMessage(message))
                        .verify(Env.TIMEOUT);
            }
            assertUntouched(env);
        }
    }

    @DatabaseTest
    void hostileLookupSuffixesAreFieldErrors(DatabaseKind db) {
        try (Env env = env(db)) {
            for (String key : List.of("name__nosuch", "name__in; DROP TABLE victim", "name__exact--", "age__year",
                    "name__icontains__x", "name__")) {
                StepVerifier.create(env.of(Victim.class).filter(key, "x"))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FieldError.class)
                                .hasMessageContaining("'" + key + "'"))
                        .verify(Env.TIMEOUT);
            }
            StepVerifier.create(env.of(Victim.class).filter("age__year__gte", 2000))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                            .hasMessage("Lookup 'year' needs a date, datetime or time field, not IntField (filter "
                                    + "param 'age__year__gte')"))
                    .verify(Env.TIMEOUT);
            assertUntouched(env);
        }
    }

    @DatabaseTest
    void hostileOrderingKeysAreFieldErrorsAndSendNothing(DatabaseKind db) {
        try (Env env = env(db)) {
            for (String key : List.of("name\"; DROP TABLE victim; --", "-name'", "name ASC, id", "name DESC",
                    "random()", "name--", "1", "-", "name /*")) {
                String name = key.startsWith("-") ? key.substring(1) : key;
                StepVerifier.create(env.of(Victim.class).orderBy(key))
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                                .hasMessage("Unknown field \"" + name + "\" for model \"Victim\"; valid fields are " + VALID))
                        .verify(Env.TIMEOUT);
                StepVerifier.create(env.of(Victim.class).orderBy("name", key).first())
                        .expectError(FieldError.class).verify(Env.TIMEOUT);
            }
            assertUntouched(env);
        }
    }

    @DatabaseTest
    void hostileValuesKeysAreFieldErrorsAtTheCall(DatabaseKind db) {
        try (Env env = env(db)) {
            for (String key : HOSTILE_KEYS) {
                assertThatThrownBy(() -> env.of(Victim.class).values("id", key))
                        .isExactlyInstanceOf(FieldError.class)
                        .hasMessage("Unknown field \"" + key + "\" for model \"Victim\"; valid fields are " + VALID);
                assertThatThrownBy(() -> env.of(Victim.class).valuesList(true, key))
                        .isExactlyInstanceOf(FieldError.class);
                assertThatThrownBy(() -> env.of(Victim.class).all().values(Map.of("alias", key)))
                        .isExactlyInstanceOf(FieldError.class);
            }
            assertUntouched(env);
        }
    }

    @DatabaseTest
    void hostileUpdateOnlyAndFKeysAreFieldErrors(DatabaseKind db) {
        try (Env env = env(db)) {
            for (String key : HOSTILE_KEYS) {
                StepVerifier.create(env.of(Victim.class).all().update(key, 1))
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                                .hasMessage("Unknown keyword argument " + key + " for model Victim; valid fields "
                                        + "are [id, name, age]"))
                        .verify(Env.TIMEOUT);
                StepVerifier.create(env.of(Victim.class).all().update("age", F.of(key).add(1)))
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(FieldError.class)
                                .hasMessage("There is no non-virtual field " + key + " on Model Victim"))
                        .verify(Env.TIMEOUT);
                assertThatThrownBy(() -> env.of(Victim.class).only(key)).isExactlyInstanceOf(FieldError.class)
                        .hasMessage("Unknown field \"" + key + "\" for model \"Victim\"; valid fields are [id, name, age]");
                StepVerifier.create(env.of(Victim.class).create(Map.of("name", "x", key, 1)))
                        .expectError(FieldError.class).verify(Env.TIMEOUT);
            }
            assertUntouched(env);
        }
    }

    @DatabaseTest
    void hostileValuesAreBoundNeverSpliced(DatabaseKind db) {
        try (Env env = env(db)) {
            String evil = "x'; DROP TABLE victim; --";
            StepVerifier.create(env.of(Victim.class).filter("name", evil).count()).expectNext(0L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Victim.class).filter("name__icontains", "' OR '1'='1").count())
                    .expectNext(0L).expectComplete().verify(Env.TIMEOUT);
            env.of(Victim.class).create("name", evil).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Victim.class).filter("name", evil).valuesList(true, "name"))
                    .expectNext(evil).expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).noneMatch(sql -> sql.contains("DROP")).noneMatch(sql -> sql.contains(
                    "'1'='1"));
            assertThat(env.countRows("victim")).isEqualTo(2);
        }
    }
}
