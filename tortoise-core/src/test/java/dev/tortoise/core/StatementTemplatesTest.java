package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.sql.render.SqlRenderer;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
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

    @dev.tortoise.model.Meta(ordering = "-name")
    public static class Pet extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    public static class LivePets extends Manager<LivePet> {
        public LivePets(dev.tortoise.query.ManagerContext<LivePet> context) {
            super(context);
        }

        @Override
        public dev.tortoise.query.QuerySet<LivePet> getQueryset() {
            return super.getQueryset().filter("gone", false);
        }
    }

    @dev.tortoise.model.Meta(manager = LivePets.class)
    public static class LivePet extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.BooleanField(defaultValue = "false")
        public Boolean gone;
    }

    public static class Stock extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
        @IntField(nullable = true)
        public Integer qty;
    }

    /** The statements {@code run} sends, with their bind values (arrays as lists). */
    private static List<String> sent(Env env, Runnable run) {
        env.statements().clear();
        run.run();
        return env.statements().events().stream().map(e -> e.sql() + " " + e.bindings().stream()
                .map(b -> b != null && b.getClass().isArray() ? java.util.Arrays.deepToString(new Object[] {b}) : b)
                .toList()).toList();
    }

    private static Stock stock(String name, Integer qty) {
        Stock s = new Stock();
        s.name = name;
        s.qty = qty;
        return s;
    }

    /** Bulk creates, queryset updates and deletes, in_bulk, get_or_create, update_or_create, bulk updates, values. */
    private static List<String> writes(Env env) {
        Manager<Stock> stocks = env.of(Stock.class);
        return sent(env, () -> {
            for (int round = 0; round < 3; round++) {
                List<Stock> made = stocks.bulkCreate(List.of(stock("a" + round, round), stock("b" + round, null),
                        stock("c" + round, 3))).block(Env.TIMEOUT);
                List<Integer> ids = made.stream().map(x -> x.id).toList();
                stocks.filter("name__startswith", "a").update("qty", round + 10).block(Env.TIMEOUT);
                stocks.filter("qty", null).update("qty", round).block(Env.TIMEOUT);
                assertThat(stocks.inBulk(ids).block(Env.TIMEOUT)).hasSize(3);
                assertThat(stocks.filter("id__in", ids).count().block(Env.TIMEOUT)).isEqualTo(3);
                stocks.getOrCreate(java.util.Map.of("name", "g" + round)).block(Env.TIMEOUT);
                stocks.updateOrCreate(java.util.Map.of("qty", round), java.util.Map.of("name", "g" + round))
                        .block(Env.TIMEOUT);
                made.forEach(x -> x.qty = x.id * 2);
                stocks.bulkUpdate(made, List.of("qty")).block(Env.TIMEOUT);
                stocks.filter("name__in", List.of("b" + round)).delete().block(Env.TIMEOUT);
                stocks.filter("qty__gt", round).orderBy("-qty", "id").limit(round + 1).valuesList(true, "name").flux()
                        .collectList().block(Env.TIMEOUT);
            }
        });
    }

    @DatabaseTest
    void writesSendTheSameWithAndWithoutTheCache(DatabaseKind db) {
        List<String> cached;
        long reused;
        try (Env env = Env.start(db, Stock.class)) {
            long before = renderer(env).reusedCount();
            cached = writes(env);
            reused = renderer(env).reusedCount() - before;
        }
        try (Env env = Env.start(db, b -> b.models(Stock.class).statementCacheSize(0))) {
            assertThat(writes(env)).isEqualTo(cached);
        }
        assertThat(cached).hasSizeGreaterThanOrEqualTo(30);
        // The second and third rounds repeat the first one's shapes.
        assertThat(reused).isGreaterThanOrEqualTo(cached.size() * 2L / 3);
    }

    private static String error(reactor.core.publisher.Mono<?> m) {
        try {
            m.block(Env.TIMEOUT);
            return "none";
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @DatabaseTest
    void getByPrimaryKeySendsWhatCompilingTheQuerySends(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class, Pet.class, LivePet.class)) {
            SqlRenderer r = renderer(env);
            Manager<Item> items = env.of(Item.class);
            Manager<Pet> pets = env.of(Pet.class);
            Item item = items.create("name", "i").block(Env.TIMEOUT);
            Pet pet = pets.create("name", "p").block(Env.TIMEOUT);
            long rendered = r.renderedCount();
            for (int round = 0; round < 2; round++) {
                List<String> compiled = sent(env, () -> items.filter("id", item.id).get().block(Env.TIMEOUT));
                assertThat(compiled).hasSize(1);
                assertThat(sent(env, () -> assertThat(items.get("id", item.id).block(Env.TIMEOUT).name).isEqualTo("i")))
                        .isEqualTo(compiled);
                assertThat(sent(env, () -> items.get("pk", item.id).block(Env.TIMEOUT))).isEqualTo(compiled);
                assertThat(sent(env, () -> items.byPk(item.id).block(Env.TIMEOUT))).isEqualTo(compiled);
                // Other value types take the general path, with the same result.
                assertThat(sent(env, () -> assertThat(items.get("id", String.valueOf(item.id)).block(Env.TIMEOUT).name)
                        .isEqualTo("i"))).isEqualTo(compiled);
                List<String> ordered = sent(env, () -> pets.filter("id", pet.id).get().block(Env.TIMEOUT));
                assertThat(ordered.get(0)).contains(ExpectedSql.on(db, "ORDER BY \"pet\".\"name\" DESC"));
                assertThat(sent(env, () -> pets.get("id", pet.id).block(Env.TIMEOUT))).isEqualTo(ordered);
                assertThat(sent(env, () -> pets.byPk(pet.id).block(Env.TIMEOUT))).isEqualTo(ordered);
            }
            // Every one of these shapes was rendered at init.
            assertThat(r.renderedCount()).isEqualTo(rendered);
            assertThat(error(items.get("id", item.id + 100))).isEqualTo(error(items.filter("id", item.id + 100).get()))
                    .isEqualTo("dev.tortoise.exception.DoesNotExist: Object \"Item\" does not exist");
            assertThat(error(items.byPk(item.id + 100)))
                    .isEqualTo("dev.tortoise.exception.ObjectDoesNotExistError: Item has no object with id="
                            + (item.id + 100));
            // A manager restricting its queryset keeps restricting get by primary key.
            Manager<LivePet> live = env.of(LivePet.class);
            LivePet gone = live.create("gone", true).block(Env.TIMEOUT);
            LivePet here = live.create("gone", false).block(Env.TIMEOUT);
            assertThat(live.get("id", here.id).block(Env.TIMEOUT).id).isEqualTo(here.id);
            assertThat(error(live.get("id", gone.id)))
                    .isEqualTo("dev.tortoise.exception.DoesNotExist: Object \"LivePet\" does not exist");
        }
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

    @DatabaseTest
    void byPrimaryKeyStatementsRenderNothingAfterInit(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class, Code.class)) {
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

    /** Saves an item with each of three update_fields lists, twice each with other values; returns what was sent. */
    private static List<String> partialSaves(Env env, long[] rendered) {
        Manager<Item> items = env.of(Item.class);
        Item item = items.create("id", 7001, "name", "p", "qty", 1).block(Env.TIMEOUT);
        long before = renderer(env).renderedCount();
        List<String> out = sent(env, () -> {
            for (int round = 0; round < 2; round++) {
                item.name = "n" + round;
                item.qty = round == 0 ? null : round;
                item.save("name").block(Env.TIMEOUT);
                item.save("qty", "name").block(Env.TIMEOUT);
                item.save("qty").block(Env.TIMEOUT);
            }
            assertThat(items.get("id", item.id).block(Env.TIMEOUT).qty).isEqualTo(1);
        });
        rendered[0] = renderer(env).renderedCount() - before;
        return out;
    }

    @DatabaseTest
    void updatesOfSomeFieldsRenderOncePerFieldList(DatabaseKind db) {
        List<String> cached;
        try (Env env = Env.start(db, Item.class)) {
            long[] rendered = new long[1];
            cached = partialSaves(env, rendered);
            // Each of the three field lists is rendered once; the get by primary key was rendered at init.
            assertThat(rendered[0]).isEqualTo(3);
        }
        try (Env env = Env.start(db, b -> b.models(Item.class).statementCacheSize(0))) {
            long[] rendered = new long[1];
            assertThat(partialSaves(env, rendered)).isEqualTo(cached);
            assertThat(rendered[0]).isEqualTo(7);
        }
        assertThat(cached).hasSize(7);
        assertThat(cached.get(1)).isEqualTo(ExpectedSql.on(db,
                "UPDATE \"item\" SET \"qty\"=$1,\"name\"=$2 WHERE \"item\".\"id\"=$3") + " [null, n0, 7001]");
    }

    @DatabaseTest
    void withoutTheCacheTheSameStatementsAreSent(DatabaseKind db) {
        List<String> cached;
        try (Env env = Env.start(db, Item.class, Code.class)) {
            cached = crud(env, 1);
        }
        try (Env env = Env.start(db, b -> b.models(Item.class, Code.class).statementCacheSize(0))) {
            SqlRenderer r = renderer(env);
            assertThat(r.cacheSize()).isZero();
            long rendered = r.renderedCount();
            assertThat(crud(env, 1)).isEqualTo(cached);
            assertThat(r.renderedCount() - rendered).isEqualTo(10);
            assertThat(r.reusedCount()).isZero();
        }
    }
}
