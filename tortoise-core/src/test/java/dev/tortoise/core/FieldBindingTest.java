package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** How model attributes bind to fields: unannotated public attributes, decimal scale, updateFromDict then save. */
class FieldBindingTest {

    public static class Unannotated extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        public String nickname;
    }

    public static class TransientHelper extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 10)
        public String name;
        public transient String scratch;
        private String internal;
    }

    @Meta(table = "fb_price")
    public static class Price extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 10)
        public String name;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal amount;
    }

    private static void init(Class<? extends Model> model) {
        Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:").models(model)
                .build());
        t.close().block(Env.TIMEOUT);
    }

    @Test
    void aPublicAttributeWithoutFieldAnnotationIsAConfigurationError() {
        assertThatThrownBy(() -> init(Unannotated.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Unannotated.nickname: public attribute of type String has no field annotation; annotate "
                        + "it (e.g. @CharField(maxLength = ...)) or declare it transient to keep it out of the "
                        + "database");
    }

    @Test
    void transientAndNonPublicAttributesStayOutOfTheModel() {
        Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:")
                .models(TransientHelper.class).build());
        try {
            assertThat(t.describe(TransientHelper.class).get("data_fields").toString()).doesNotContain("scratch")
                    .doesNotContain("internal");
        } finally {
            t.close().block(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aDecimalIsKeptAtItsFieldsScaleWhenSetAsARowReadsIt(DatabaseKind db) {
        try (Env env = Env.start(db, Price.class)) {
            Price p = env.of(Price.class).create("name", "a", "amount", "100.5").block(Env.TIMEOUT);
            assertThat(p.amount).hasToString("100.50");
            p.set("amount", new BigDecimal("7.125"));
            assertThat(p.amount).hasToString("7.13");
            p.save().block(Env.TIMEOUT);
            StepVerifier.create(env.of(Price.class).get("id", p.id).map(x -> x.amount.toString()))
                    .expectNext("7.13").expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void updateFromDictKeepsALoadedInstancePersistedSoSaveIsOneUpdate(DatabaseKind db) {
        try (Env env = Env.start(db, Price.class)) {
            Price created = env.of(Price.class).create("name", "a").block(Env.TIMEOUT);
            Price loaded = env.of(Price.class).get("id", created.id).block(Env.TIMEOUT);
            env.statements().clear();
            loaded.updateFromDict(Map.of("name", "b")).save().block(Env.TIMEOUT);
            assertThat(env.statements().sql()).containsExactly(ExpectedSql.on(db, "UPDATE \"fb_price\" SET \"name\"=$1,\"amount\"=$2 "
                    + "WHERE \"fb_price\".\"id\"=$3"));
            assertThat(env.statements().events().get(0).bindings()).containsExactly("b", null, created.id);
            assertThat(env.countRows("fb_price")).isEqualTo(1);
            StepVerifier.create(env.of(Price.class).values("name")).expectNext(Map.of("name", "b"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }
}
