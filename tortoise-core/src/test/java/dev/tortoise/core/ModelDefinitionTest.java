package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.field.BinaryField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.TextField;
import dev.tortoise.model.Extra;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.query.ManagerContext;
import dev.tortoise.query.QuerySet;
import dev.tortoise.query.QueryState;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Model definitions: checks at init, implicit id, inheritance, the pk alias, Meta options, extra, saved state. */
class ModelDefinitionTest {

    // ------------------------------------------------------------------ invalid definitions

    public static class TwoPks extends Model {
        @IntField(primaryKey = true)
        public Integer a;
        @IntField(primaryKey = true)
        public Integer b;
    }

    public static class NullablePk extends Model {
        @IntField(primaryKey = true, nullable = true)
        public Integer id;
    }

    public static class CharWithoutLength extends Model {
        @CharField
        public String name;
    }

    public static class UniqueText extends Model {
        @TextField(unique = true)
        public String body;
    }

    public static class IndexedJson extends Model {
        @JSONField(index = true)
        public Map<String, Object> data;
    }

    public static class UniqueBinary extends Model {
        @BinaryField(unique = true)
        public byte[] blob;
    }

    @Meta(ordering = {"name", "-nope"})
    public static class UnknownOrdering extends Model {
        @CharField(maxLength = 10)
        public String name;
    }

    public static class BothAutoNow extends Model {
        @DatetimeField(autoNow = true, autoNowAdd = true)
        public OffsetDateTime at;
    }

    public static class IdNotPk extends Model {
        @IntField
        public Integer id;
        @CharField(maxLength = 10, primaryKey = false)
        public String name;
    }

    @Meta(uniqueTogether = "name,missing")
    public static class UnknownUniqueTogether extends Model {
        @CharField(maxLength = 10)
        public String name;
    }

    @Meta(indexes = "ghost")
    public static class UnknownIndex extends Model {
        @CharField(maxLength = 10)
        public String name;
    }

    private static void init(Class<? extends Model> model) {
        Tortoise t = Tortoise.init(TortoiseConfig.builder().connection("default", "sqlite://:memory:").models(model)
                .build());
        t.close().block(Env.TIMEOUT);
    }

    @Test
    void twoPrimaryKeysAreAConfigurationError() {
        assertThatThrownBy(() -> init(TwoPks.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Model TwoPks: only single primary key is supported, found [a, b]");
    }

    @Test
    void aNullablePrimaryKeyIsAConfigurationError() {
        assertThatThrownBy(() -> init(NullablePk.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("NullablePk.id: a primary key can't be nullable");
    }

    @Test
    void aCharFieldWithoutMaxLengthIsAConfigurationError() {
        assertThatThrownBy(() -> init(CharWithoutLength.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("CharWithoutLength.name: CharField needs 'maxLength' >= 1");
    }

    @Test
    void uniqueTextIsAConfigurationError() {
        assertThatThrownBy(() -> init(UniqueText.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("UniqueText.body: TextField can't be indexed (TextField doesn't support unique "
                        + "indexes, consider CharField or another strategy)");
    }

    @Test
    void indexedJsonIsAConfigurationError() {
        assertThatThrownBy(() -> init(IndexedJson.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("IndexedJson.data: JSONField can't be indexed");
    }

    @Test
    void uniqueBinaryIsAConfigurationError() {
        assertThatThrownBy(() -> init(UniqueBinary.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("UniqueBinary.blob: BinaryField can't be indexed");
    }

    @Test
    void anUnknownOrderingFieldIsAConfigurationError() {
        assertThatThrownBy(() -> init(UnknownOrdering.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Model UnknownOrdering: unknown field 'nope' in Meta.ordering; valid fields are "
                        + "[id, name]");
    }

    @Test
    void bothAutoNowOptionsAreAConfigurationError() {
        assertThatThrownBy(() -> init(BothAutoNow.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("BothAutoNow.at: You can choose only 'autoNow' or 'autoNowAdd'");
    }

    @Test
    void anIdFieldThatIsNotThePrimaryKeyIsAConfigurationError() {
        assertThatThrownBy(() -> init(IdNotPk.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Can't create model IdNotPk without explicit primary key if field 'id' already present");
    }

    @Test
    void anUnknownUniqueTogetherFieldIsAConfigurationError() {
        assertThatThrownBy(() -> init(UnknownUniqueTogether.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Model UnknownUniqueTogether: unknown field 'missing' in Meta.uniqueTogether; valid "
                        + "fields are [id, name]");
    }

    @Test
    void anUnknownIndexFieldIsAConfigurationError() {
        assertThatThrownBy(() -> init(UnknownIndex.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("Model UnknownIndex: unknown field 'ghost' in Meta.indexes; valid fields are [id, name]");
    }

    public static class WrongJavaType extends Model {
        @IntField
        public String count;
    }

    public enum Huge implements dev.tortoise.field.IntValuedEnum {
        BIG;

        @Override
        public int value() {
            return 40_000;
        }
    }

    public static class HugeEnum extends Model {
        @dev.tortoise.field.IntEnumField
        public Huge size;
    }

    public static class DecimalWithoutDigits extends Model {
        @dev.tortoise.field.DecimalField(decimalPlaces = 2)
        public java.math.BigDecimal price;
    }

    @Test
    void aFieldWhoseJavaTypeDoesNotFitIsAConfigurationError() {
        assertThatThrownBy(() -> init(WrongJavaType.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("WrongJavaType.count: @IntField cannot hold a Java String; use Integer, Long or Short");
    }

    @Test
    void anIntEnumValueOutsideSmallintIsAConfigurationError() {
        assertThatThrownBy(() -> init(HugeEnum.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("HugeEnum.size: the value of BIG (40000) is outside the SMALLINT range -32768..32767");
    }

    @Test
    void aDecimalWithoutMaxDigitsIsAConfigurationError() {
        assertThatThrownBy(() -> init(DecimalWithoutDigits.class)).isExactlyInstanceOf(ConfigurationError.class)
                .hasMessage("DecimalWithoutDigits.price: DecimalField needs maxDigits >= 1");
    }

    // ------------------------------------------------------------------ implicit id, inheritance, pk

    @Meta(table = "plain")
    public static class Plain extends Model {
        @CharField(maxLength = 20)
        public String name;
    }

    /** An abstract base class contributing a primary key and a timestamp. */
    public abstract static class Stamped extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
    }

    /** A "mixin": a superclass marked abstract through Meta, contributing a field. */
    @Meta(isAbstract = true)
    public static class Named extends Stamped {
        @CharField(maxLength = 20)
        public String name;
    }

    @Meta(table = "child")
    public static class Child extends Named {
        @IntField(defaultValue = "0")
        public Integer score;
    }

    @DatabaseTest
    void aModelWithoutPrimaryKeyGetsAnIntegerIdGeneratedByTheDatabase(DatabaseKind db) {
        try (Env env = Env.start(db, Plain.class)) {
            Plain a = env.of(Plain.class).create("name", "a").block(Env.TIMEOUT);
            Plain b = env.of(Plain.class).create("name", "b").block(Env.TIMEOUT);
            assertThat(a.pk()).isEqualTo(1);
            assertThat(b.pk()).isEqualTo(2);
            assertThat(env.tortoise().registry().meta(Plain.class).pk().name()).isEqualTo("id");
            StepVerifier.create(env.of(Plain.class).filter("id", 2).values("id", "name"))
                    .expectNext(Map.of("id", 2, "name", "b"))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void abstractBasesAndMixinsContributeFieldsInSuperclassOrder(DatabaseKind db) {
        try (Env env = Env.start(db, Child.class)) {
            assertThat(env.tortoise().registry().meta(Child.class).fieldNames())
                    .containsExactly("id", "created", "name", "score");
            Child c = env.of(Child.class).create("name", "kid").block(Env.TIMEOUT);
            assertThat(c.id).isEqualTo(1);
            assertThat(c.created).isNotNull();
            assertThat(c.score).isZero();
            StepVerifier.create(env.of(Child.class).filter("name", "kid").valuesList("id", "name", "score"))
                    .expectNext(List.of(1, "kid", 0))
                    .expectComplete().verify(Env.TIMEOUT);
            // Abstract classes get no table.
            assertThat(env.tortoise().registry().all()).hasSize(1);
        }
    }

    @DatabaseTest
    void pkIsAnAliasOfThePrimaryKeyInFiltersOrderingValuesAndInstances(DatabaseKind db) {
        try (Env env = Env.start(db, Plain.class)) {
            Manager<Plain> plain = env.of(Plain.class);
            plain.create("name", "a").block(Env.TIMEOUT);
            plain.create("name", "b").block(Env.TIMEOUT);
            StepVerifier.create(plain.filter("pk", 2).valuesList(true, "name"))
                    .expectNext("b").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(plain.filter("pk__in", List.of(1, 2)).orderBy("-pk").valuesList(true, "pk"))
                    .expectNext(2, 1).expectComplete().verify(Env.TIMEOUT);
            Plain p = plain.get("pk", 1).block(Env.TIMEOUT);
            assertThat(p.pk()).isEqualTo(1);
            Plain fresh = plain.build(Map.of("name", "c"));
            fresh.setPk("10");
            assertThat(fresh.pk()).isEqualTo(10);
            fresh.save().block(Env.TIMEOUT);
            StepVerifier.create(plain.get("pk", 10).flux().map(x -> x.name))
                    .expectNext("c").expectComplete().verify(Env.TIMEOUT);
        }
    }

    // ------------------------------------------------------------------ Meta options

    @Meta(table = "scored_item", tableDescription = "Items with scores", uniqueTogether = {"name,kind"},
            indexes = {"kind,score"}, ordering = {"-score", "name"}, checks = {"{score} >= 0"})
    public static class Item extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20, description = "The item's name")
        public String name;
        @CharField(maxLength = 10)
        public String kind;
        @IntField
        public Integer score;
    }

    @DatabaseTest
    void metaTableNamesTheTable(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class)) {
            env.of(Item.class).create("name", "a", "kind", "k", "score", 1).block(Env.TIMEOUT);
            assertThat(env.countRows("scored_item")).isEqualTo(1);
        }
    }

    @DatabaseTest
    void metaOrderingIsTheDefaultOrderAndOrderByReplacesIt(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class)) {
            Manager<Item> items = env.of(Item.class);
            items.create("name", "b", "kind", "k", "score", 1).block(Env.TIMEOUT);
            items.create("name", "a", "kind", "k", "score", 1).block(Env.TIMEOUT);
            items.create("name", "c", "kind", "k", "score", 5).block(Env.TIMEOUT);
            StepVerifier.create(items.all().flux().map(i -> i.name))
                    .expectNext("c", "a", "b").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(items.orderBy("name").flux().map(i -> i.name))
                    .expectNext("a", "b", "c").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(items.all().valuesList(true, "name"))
                    .expectNext("c", "a", "b").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(items.first().map(i -> i.name)).expectNext("c").expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(items.last().map(i -> i.name)).expectNext("b").expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void uniqueTogetherIsEnforcedByTheDatabase(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class)) {
            Manager<Item> items = env.of(Item.class);
            items.create("name", "a", "kind", "k", "score", 1).block(Env.TIMEOUT);
            items.create("name", "a", "kind", "other", "score", 1).block(Env.TIMEOUT);
            StepVerifier.create(items.create("name", "a", "kind", "k", "score", 2))
                    .expectError(IntegrityError.class).verify(Env.TIMEOUT);
            assertThat(env.countRows("scored_item")).isEqualTo(2);
        }
    }

    @DatabaseTest
    void checkConstraintsAreEnforcedByTheDatabase(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class)) {
            StepVerifier.create(env.of(Item.class).create("name", "a", "kind", "k", "score", -1))
                    .expectError(IntegrityError.class).verify(Env.TIMEOUT);
            assertThat(env.countRows("scored_item")).isZero();
        }
    }

    @DatabaseTest
    void tableAndColumnDescriptionsBecomeDatabaseComments(DatabaseKind db) {
        try (Env env = Env.start(db, Item.class)) {
            if (db == DatabaseKind.POSTGRES) {
                assertThat(env.query("SELECT obj_description('scored_item'::regclass, 'pg_class') AS c").get(0)
                        .get("c")).isEqualTo("Items with scores");
                assertThat(env.query("SELECT col_description('scored_item'::regclass, 2) AS c").get(0)
                        .get("c")).isEqualTo("The item's name");
            } else if (db == DatabaseKind.MARIADB) {
                assertThat(env.query("SELECT TABLE_COMMENT AS c FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = "
                        + "DATABASE() AND TABLE_NAME = 'scored_item'").get(0).get("c")).isEqualTo("Items with scores");
                assertThat(env.query("SELECT COLUMN_COMMENT AS c FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                        + "DATABASE() AND TABLE_NAME = 'scored_item' AND COLUMN_NAME = 'name'").get(0).get("c"))
                        .isEqualTo("The item's name");
            } else {
                assertThat(env.query("SELECT REMARKS AS c FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = "
                        + "'scored_item'").get(0).get("c")).isEqualTo("Items with scores");
                assertThat(env.query("SELECT REMARKS AS c FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = "
                        + "'scored_item' AND COLUMN_NAME = 'name'").get(0).get("c")).isEqualTo("The item's name");
            }
        }
    }

    @Meta(table = "elsewhere", schema = "tt_meta_schema")
    public static class InSchema extends Model {
        @CharField(maxLength = 10)
        public String name;
    }

    @DatabaseTest
    void metaSchemaPutsTheTableInThatSchema(DatabaseKind db) {
        String schema = "tt_meta_schema";
        if (db == DatabaseKind.POSTGRES) {
            DatabaseKind.POSTGRES.assumeReachable();
            DatabaseKind.POSTGRES.admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } else if (db == DatabaseKind.MARIADB) {
            // A MariaDB schema is a database of the server, shared by concurrent runs as PostgreSQL's schema is.
            DatabaseKind.MARIADB.admin("DROP DATABASE IF EXISTS " + schema);
        }
        try (Env env = Env.start(db, b -> b.models(InSchema.class), false)) {
            env.query("CREATE SCHEMA \"" + schema + "\"");
            try {
                env.tortoise().generateSchemas(false).block(Env.TIMEOUT);
                env.of(InSchema.class).create("name", "x").block(Env.TIMEOUT);
                assertThat(env.query("SELECT \"name\" FROM \"" + schema + "\".\"elsewhere\"")).hasSize(1);
                assertThat(env.of(InSchema.class).all().sql().text())
                        .isEqualTo(ExpectedSql.on(db, "SELECT \"elsewhere\".\"id\",\"elsewhere\".\"name\" FROM \"tt_meta_schema\"."
                                + "\"elsewhere\""));
                StepVerifier.create(env.of(InSchema.class).all().flux().map(x -> x.name))
                        .expectNext("x").expectComplete().verify(Env.TIMEOUT);
            } finally {
                env.query("DROP SCHEMA \"" + schema + "\"" + (db == DatabaseKind.MARIADB ? "" : " CASCADE"));
            }
        }
    }

    // ------------------------------------------------------------------ extra, custom querysets and managers

    @Meta(table = "strict")
    public static class Strict extends Model {
        @CharField(maxLength = 10)
        public String name;
    }

    @Meta(table = "lenient", extra = Extra.IGNORE)
    public static class Lenient extends Model {
        @CharField(maxLength = 10)
        public String name;
    }

    @DatabaseTest
    void extraForbidRejectsUnknownKeysInBuildAndUpdateFromDict(DatabaseKind db) {
        try (Env env = Env.start(db, Strict.class)) {
            assertThatThrownBy(() -> env.of(Strict.class).build(Map.of("name", "a", "colour", "red")))
                    .isExactlyInstanceOf(FieldError.class)
                    .hasMessage("Unknown field \"colour\" for model \"Strict\" (extra is forbidden); valid fields are "
                            + "[id, name]");
            Strict s = env.of(Strict.class).create("name", "a").block(Env.TIMEOUT);
            assertThatThrownBy(() -> s.updateFromDict(Map.of("colour", "red")))
                    .isExactlyInstanceOf(FieldError.class)
                    .hasMessageContaining("\"colour\"").hasMessageContaining("[id, name]");
            StepVerifier.create(env.of(Strict.class).create("nme", "typo"))
                    .expectError(FieldError.class).verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).hasSize(1);
        }
    }

    @DatabaseTest
    void extraIgnoreSkipsUnknownKeys(DatabaseKind db) {
        try (Env env = Env.start(db, Lenient.class)) {
            Lenient l = env.of(Lenient.class).create(Map.of("name", "a", "colour", "red")).block(Env.TIMEOUT);
            assertThat(l.name).isEqualTo("a");
            l.updateFromDict(Map.of("name", "b", "size", 3)).save().block(Env.TIMEOUT);
            StepVerifier.create(env.of(Lenient.class).valuesList(true, "name"))
                    .expectNext("b").expectComplete().verify(Env.TIMEOUT);
        }
    }

    public static class ActiveQuerySet<T extends Model> extends QuerySet<T> {
        public ActiveQuerySet(QueryState state) {
            super(state);
        }

        public QuerySet<T> active() {
            return filter("active", true);
        }
    }

    @Meta(table = "account", queryset = ActiveQuerySet.class)
    public static class Account extends Model {
        @CharField(maxLength = 10)
        public String name;
        @dev.tortoise.field.BooleanField
        public Boolean active;
    }

    @SuppressWarnings("unchecked")
    @DatabaseTest
    void aCustomQuerySetClassIsUsedAndKeptThroughChaining(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            env.of(Account.class).create("name", "on", "active", true).block(Env.TIMEOUT);
            env.of(Account.class).create("name", "off", "active", false).block(Env.TIMEOUT);
            QuerySet<Account> qs = env.of(Account.class).filter("name__in", List.of("on", "off")).orderBy("name");
            assertThat(qs).isInstanceOf(ActiveQuerySet.class);
            StepVerifier.create(((ActiveQuerySet<Account>) qs).active().flux().map(a -> a.name))
                    .expectNext("on").expectComplete().verify(Env.TIMEOUT);
        }
    }

    public static class LiveManager extends Manager<Gadget> {
        public LiveManager(ManagerContext<Gadget> context) {
            super(context);
        }

        @Override
        public QuerySet<Gadget> getQueryset() {
            return super.getQueryset().filter("deleted", false);
        }
    }

    @Meta(table = "gadget", manager = LiveManager.class)
    public static class Gadget extends Model {
        @CharField(maxLength = 10)
        public String name;
        @dev.tortoise.field.BooleanField(defaultValue = "false")
        public Boolean deleted;
    }

    @DatabaseTest
    void aCustomManagerRestrictsEveryQuery(DatabaseKind db) {
        try (Env env = Env.start(db, Gadget.class)) {
            Manager<Gadget> gadgets = env.of(Gadget.class);
            assertThat(gadgets).isInstanceOf(LiveManager.class);
            gadgets.create("name", "kept").block(Env.TIMEOUT);
            gadgets.create("name", "gone", "deleted", true).block(Env.TIMEOUT);
            StepVerifier.create(gadgets.all().flux().map(g -> g.name)).expectNext("kept").expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(gadgets.count()).expectNext(1L).expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(gadgets.getOrNone("name", "gone")).expectComplete().verify(Env.TIMEOUT);
        }
    }

    // ------------------------------------------------------------------ saved state

    @DatabaseTest
    void isSavedTracksWhetherAnInstanceReflectsItsRow(DatabaseKind db) {
        try (Env env = Env.start(db, Strict.class)) {
            Strict s = env.of(Strict.class).build(Map.of("name", "a"));
            assertThat(s.isSaved()).isFalse();
            s.save().block(Env.TIMEOUT);
            assertThat(s.isSaved()).isTrue();
            s.set("name", "b");
            assertThat(s.isSaved()).isFalse();
            s.save().block(Env.TIMEOUT);
            assertThat(s.isSaved()).isTrue();
            s.updateFromDict(Map.of("name", "c"));
            assertThat(s.isSaved()).isFalse();
            Strict loaded = env.of(Strict.class).get("pk", s.pk()).block(Env.TIMEOUT);
            assertThat(loaded.isSaved()).isTrue();
            assertThat(loaded.name).isEqualTo("b");
            Strict copy = (Strict) loaded.clone();
            assertThat(copy.isSaved()).isFalse();
        }
    }
}
