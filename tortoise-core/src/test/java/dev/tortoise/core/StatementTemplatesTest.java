package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.sql.render.SqlRenderer;
import dev.tortoise.testing.DbTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.TestDb;
import java.time.OffsetDateTime;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * Each model's insert, update by primary key, delete by primary key and get by primary key have
 * their SQL text rendered once, at init: running them (with any values) renders nothing more, and
 * the statements sent are exactly those a runtime without the cache sends.
 */
class StatementTemplatesTest {

    public static class Item extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @IntField(nullable = true)
        public Integer qty;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
    }

    public static class Code extends Model {
        @CharField(maxLength = 10, primaryKey = true)
        public String code;
        @CharField(maxLength = 50, nullable = true)
        public String label;
    }

    private static SqlRenderer renderer(Env env) {
        return env.tortoise().connections().get("default").renderer();
    }

    /** Creates, reads by key, updates and deletes rows of both models; returns the statements' text. */
    private static List<String> crud(Env env, int round) {
        env.statements().clear();
        Manager<Item> items = env.of(Item.class);
        Manager<Code> codes = env.of(Code.class);
        Item item = items.create("name", "item" + round, "qty", round == 1 ? null : round).block(Env.TIMEOUT);
        Item byGet = items.get("id", item.id).block(Env.TIMEOUT);
        assertThat(byGet.name).isEqualTo("item" + round);
        assertThat(byGet.qty).isEqualTo(round == 1 ? null : round);
        byGet.name = "renamed" + round;
        byGet.save().block(Env.TIMEOUT);
        assertThat(items.byPk(item.id).block(Env.TIMEOUT).name).isEqualTo("renamed" + round);
        Code code = codes.create("code", "c" + round, "label", "L" + round).block(Env.TIMEOUT);
        code.label = null;
        code.save().block(Env.TIMEOUT);
        assertThat(codes.get("pk", "c" + round).block(Env.TIMEOUT).label).isNull();
        byGet.delete().block(Env.TIMEOUT);
        code.delete().block(Env.TIMEOUT);
        StepVerifier.create(items.filter("id", item.id).exists()).expectNext(false).expectComplete()
                .verify(Env.TIMEOUT);
        return env.statements().sql();
    }

    @DbTest
    void byPrimaryKeyStatementsRenderNothingAfterInit(TestDb db) {
        try (Env env = db.start(Item.class, Code.class)) {
            SqlRenderer r = renderer(env);
            long rendered = r.renderedCount();
            long reused = r.reusedCount();
            List<String> first = crud(env, 1);
            // Every statement but the exists() check (a shape of its own) took its text from the cache.
            assertThat(first).hasSize(10);
            assertThat(r.renderedCount() - rendered).isEqualTo(1);
            assertThat(r.reusedCount() - reused).isEqualTo(9);
            List<String> second = crud(env, 2);
            assertThat(second).isEqualTo(first);
            assertThat(r.renderedCount() - rendered).isEqualTo(1);
            assertThat(r.reusedCount() - reused).isEqualTo(19);
        }
    }

    @DbTest
    void withoutTheCacheTheSameStatementsAreSent(TestDb db) {
        List<String> cached;
        try (Env env = db.start(Item.class, Code.class)) {
            cached = crud(env, 1);
        }
        try (Env env = db.start(b -> b.models(Item.class, Code.class).statementCacheSize(0))) {
            SqlRenderer r = renderer(env);
            assertThat(r.cacheSize()).isZero();
            long rendered = r.renderedCount();
            assertThat(crud(env, 1)).isEqualTo(cached);
            assertThat(r.renderedCount() - rendered).isEqualTo(10);
            assertThat(r.reusedCount()).isZero();
        }
    }
}
