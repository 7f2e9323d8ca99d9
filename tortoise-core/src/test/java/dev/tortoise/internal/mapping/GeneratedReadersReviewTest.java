package dev.tortoise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.field.BigIntField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.FieldDeclaration;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.FieldTypeFactory;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntEnumField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.field.TextField;
import dev.tortoise.field.TortoiseField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.UnloadableItem;
import dev.tortoise.query.Manager;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.test.RawSql;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.TestSupport.Color;
import dev.tortoise.testing.TestSupport.Level;
import dev.tortoise.testing.TestSupport.OwnLoader;
import io.r2dbc.spi.Readable;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A review of the generated row readers and holder initialisers against {@link RowReader}'s loop (the reading
 * code before them): 16 columns (the last generated width) and 17 (the loop), every primitive kind receiving
 * NULL, enums, a kind of the user's own overriding {@code fromDb}, fields and holders declared in an abstract
 * superclass, 8 holders (the last generated count) and 9 (the loop), 0-column and offset slices with the key
 * anywhere, {@code only()}, annotations, a three-level select_related chain, values_list, a constructor that
 * throws, a driver value the attribute cannot take, a private model class, a model class of a class loader of its
 * own collected after its runtime closes, the first reads of a shape from many threads at once, and a reader made
 * before {@link Model} is initialised.
 */
class GeneratedReadersReviewTest {
    /** Text read back upper-case: a kind of the user's own whose {@code fromDb} changes every value. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @TortoiseField(factory = ShoutFactory.class)
    public @interface ShoutField {
        int maxLength() default 20;

        boolean nullable() default false;
    }

    public static final class ShoutFactory implements FieldTypeFactory {
        @Override
        public FieldType create(FieldDeclaration d) {
            return new ShoutType(d.field(), d.javaType());
        }
    }

    static final class ShoutType extends FieldType {
        ShoutType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "ShoutField";
        }

        @Override
        public String pythonType() {
            return "str";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.varchar(20);
        }

        @Override
        public Class<?> readClass() {
            return String.class;
        }

        @Override
        protected boolean accepts(Class<?> boxed) {
            return boxed == String.class;
        }

        @Override
        protected String expectedJavaTypes() {
            return "String";
        }

        @Override
        public Object coerce(Object input) {
            return input == null ? null : input.toString();
        }

        @Override
        public Object fromDb(Object dbValue) {
            return ((String) dbValue).toUpperCase(Locale.ROOT);
        }
    }

    /** A BIGINT column handed to the attribute as the driver reads it: a kind that cannot fill an Integer. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @TortoiseField(factory = LooseFactory.class)
    public @interface LooseField {
        boolean nullable() default true;
    }

    public static final class LooseFactory implements FieldTypeFactory {
        @Override
        public FieldType create(FieldDeclaration d) {
            return new LooseType(d.field(), d.javaType());
        }
    }

    static final class LooseType extends FieldType {
        LooseType(String field, Class<?> javaType) {
            super(field, javaType);
        }

        @Override
        public String typeName() {
            return "LooseField";
        }

        @Override
        public String pythonType() {
            return "int";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.BIGINT);
        }

        @Override
        public Class<?> readClass() {
            return Object.class;
        }

        @Override
        protected boolean accepts(Class<?> boxed) {
            return boxed == Integer.class;
        }

        @Override
        protected String expectedJavaTypes() {
            return "Integer";
        }

        @Override
        public Object coerce(Object input) {
            return input == null ? null : ((Number) input).intValue();
        }
    }

    /** Fourteen columns of every primitive and value kind, declared in an abstract superclass. */
    public abstract static class WideBase extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public int i = -1;
        @BigIntField
        public long l = -2L;
        @SmallIntField
        public short sh = -3;
        @BooleanField
        public boolean b = true;
        @FloatField
        public double d = -4.5;
        @FloatField
        public float f = -5.5f;
        @CharField(maxLength = 20, nullable = true)
        public String name;
        @TextField(nullable = true)
        public String body;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal amount;
        @CharEnumField(nullable = true)
        public Color colour;
        @IntEnumField(nullable = true)
        public Level level;
        @ShoutField(nullable = true)
        public String shout;
        @UUIDField(nullable = true)
        public UUID uid;
    }

    /** Exactly {@link ConstantRowReader#SLOTS} columns: the widest generated reader. */
    @Meta(table = "grr_sixteen")
    public static class Sixteen extends WideBase {
        @DateField(nullable = true)
        public LocalDate day;
        @IntField(nullable = true)
        public Integer boxed;
    }

    /** One column more: read by the loop. */
    @Meta(table = "grr_seventeen")
    public static class Seventeen extends WideBase {
        @DateField(nullable = true)
        public LocalDate day;
        @IntField(nullable = true)
        public Integer boxed;
        @BigIntField(nullable = true)
        public Long extra;
    }

    @Meta(table = "grr_l3")
    public static class L3 extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
    }

    @Meta(table = "grr_l2")
    public static class L2 extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @ForeignKeyField(relatedName = "l2s")
        public ForeignKey<L3> l3;
    }

    @Meta(table = "grr_l1")
    public static class L1 extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @ForeignKeyField(relatedName = "l1s", nullable = true)
        public ForeignKey<L2> l2;
    }

    /** Three of its eight holders declared in an abstract superclass. */
    public abstract static class OctoBase extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @ForeignKeyField(relatedName = "o1s", nullable = true)
        public ForeignKey<L3> o1;
        @ForeignKeyField(relatedName = "o2s", nullable = true)
        public ForeignKey<L3> o2;
        @ForeignKeyField(relatedName = "o3s", nullable = true)
        public ForeignKey<L3> o3;
    }

    /** Exactly eight relation holders: the most a generated initialiser makes. */
    @Meta(table = "grr_octo")
    public static class Octo extends OctoBase {
        @ForeignKeyField(relatedName = "o4s", nullable = true)
        public ForeignKey<L3> o4;
        @ForeignKeyField(relatedName = "o5s", nullable = true)
        public ForeignKey<L3> o5;
        @ForeignKeyField(relatedName = "o6s", nullable = true)
        public ForeignKey<L3> o6;
        @ForeignKeyField(relatedName = "o7s", nullable = true)
        public ForeignKey<L3> o7;
        @ForeignKeyField(relatedName = "o8s", nullable = true)
        public ForeignKey<L1> o8;
    }

    /** Nine relation holders: made by the loop. */
    @Meta(table = "grr_nonet")
    public static class Nonet extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @ForeignKeyField(relatedName = "n1s", nullable = true)
        public ForeignKey<L3> n1;
        @ForeignKeyField(relatedName = "n2s", nullable = true)
        public ForeignKey<L3> n2;
        @ForeignKeyField(relatedName = "n3s", nullable = true)
        public ForeignKey<L3> n3;
        @ForeignKeyField(relatedName = "n4s", nullable = true)
        public ForeignKey<L3> n4;
        @ForeignKeyField(relatedName = "n5s", nullable = true)
        public ForeignKey<L3> n5;
        @ForeignKeyField(relatedName = "n6s", nullable = true)
        public ForeignKey<L3> n6;
        @ForeignKeyField(relatedName = "n7s", nullable = true)
        public ForeignKey<L3> n7;
        @ForeignKeyField(relatedName = "n8s", nullable = true)
        public ForeignKey<L3> n8;
        @ForeignKeyField(relatedName = "n9s", nullable = true)
        public ForeignKey<L1> n9;
    }

    /** A model whose constructor throws whatever {@link #failWith} holds (nothing while it is null). */
    @Meta(table = "grr_fragile")
    public static class Fragile extends Model {
        static volatile Throwable failWith;

        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;

        public Fragile() {
            Throwable t = failWith;
            if (t != null) {
                GeneratedReadersReviewTest.<RuntimeException>sneaky(t);
            }
        }
    }

    @Meta(table = "grr_loose")
    public static class Loose extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @LooseField
        public Integer n;
    }

    /** A private model class with a private constructor and private attributes. */
    @Meta(table = "grr_secret")
    private static final class Secret extends Model {
        @IntField(primaryKey = true)
        private Integer id;
        @CharField(maxLength = 20, nullable = true)
        private String name;
        @IntField
        private int rank = -1;

        private Secret() {
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A row of given values by index. */
    private record FixedRow(Object... values) implements Readable {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(int index, Class<T> type) {
            return (T) values[index];
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            throw new UnsupportedOperationException("readers read by index");
        }
    }

    private static final UUID U = UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
    private static final LocalDate DAY = LocalDate.of(2024, 2, 29);

    private static Object[] wideValues(int id) {
        return new Object[] {"id", id, "i", 2_000_000_000, "l", 9_000_000_000L, "sh", (short) -300, "b", false,
                "d", 0.125, "f", -0.75f, "name", "nm" + id, "body", "a body", "amount", new BigDecimal("-12.34"),
                "colour", Color.DARK_BLUE, "level", Level.HIGH, "shout", "quiet", "uid", U, "day", DAY,
                "boxed", 77};
    }

    /** The attribute values of {@code m}, in the order of {@link #wideValues}, plus any more given. */
    private static List<Object> wide(WideBase m, Object... more) {
        List<Object> out = new ArrayList<>(Arrays.asList(m.id, m.i, m.l, m.sh, m.b, m.d, m.f, m.name, m.body,
                m.amount, m.colour, m.level, m.shout, m.uid));
        out.addAll(Arrays.asList(more));
        return out;
    }

    private static final List<Object> FULL = List.of(1, 2_000_000_000, 9_000_000_000L, (short) -300, false, 0.125,
            -0.75f, "nm1", "a body", new BigDecimal("-12.34"), Color.DARK_BLUE, Level.HIGH, "QUIET", U, DAY, 77);

    @DatabaseTest
    void sixteenColumnsAreGeneratedSeventeenLoopAndBothReadEveryKindIntoItsOwnAttribute(DatabaseKind db) {
        try (Env env = Env.start(db, Sixteen.class, Seventeen.class)) {
            ModelMeta sixteen = env.tortoise().registry().metaOrNull(Sixteen.class);
            ModelMeta seventeen = env.tortoise().registry().metaOrNull(Seventeen.class);
            assertThat(sixteen.columnFields()).hasSize(ConstantRowReader.SLOTS);
            assertThat(seventeen.columnFields()).hasSize(ConstantRowReader.SLOTS + 1);
            assertThat(new RowReader(sixteen, sixteen.columnFields(), 0).generated()).isTrue();
            assertThat(new RowReader(seventeen, seventeen.columnFields(), 0).generated()).isFalse();

            env.of(Sixteen.class).create(wideValues(1)).block(Env.TIMEOUT);
            env.of(Sixteen.class).create("id", 2, "i", 0, "l", 0L, "sh", (short) 0, "b", false, "d", 0.0,
                    "f", 0.0f).block(Env.TIMEOUT);
            Object[] seventeenValues = Arrays.copyOf(wideValues(1), 34);
            seventeenValues[32] = "extra";
            seventeenValues[33] = -1L;
            env.of(Seventeen.class).create(seventeenValues).block(Env.TIMEOUT);
            env.of(Seventeen.class).create("id", 2, "i", 0, "l", 0L, "sh", (short) 0, "b", false, "d", 0.0,
                    "f", 0.0f).block(Env.TIMEOUT);

            List<Sixteen> sixteens = env.of(Sixteen.class).all().orderBy("id").toList().block(Env.TIMEOUT);
            assertThat(wide(sixteens.get(0), sixteens.get(0).day, sixteens.get(0).boxed))
                    .containsExactlyElementsOf(FULL);
            assertThat(wide(sixteens.get(1), sixteens.get(1).day, sixteens.get(1).boxed)).containsExactly(2, 0, 0L,
                    (short) 0, false, 0.0, 0.0f, null, null, null, null, null, null, null, null, null);
            List<Seventeen> seventeens = env.of(Seventeen.class).all().orderBy("id").toList().block(Env.TIMEOUT);
            List<Object> full17 = new ArrayList<>(FULL);
            full17.add(-1L);
            assertThat(wide(seventeens.get(0), seventeens.get(0).day, seventeens.get(0).boxed,
                    seventeens.get(0).extra)).containsExactlyElementsOf(full17);
            assertThat(wide(seventeens.get(1), seventeens.get(1).day, seventeens.get(1).boxed,
                    seventeens.get(1).extra)).containsExactly(2, 0, 0L, (short) 0, false, 0.0, 0.0f, null, null, null,
                    null, null, null, null, null, null, null);
            assertThat(sixteens).allMatch(Model::isSaved);
            assertThat(seventeens).allMatch(Model::isSaved);

            // only(): the columns not loaded keep the attributes' initial values (primitives' included).
            Sixteen partial = env.of(Sixteen.class).filter("id", 1).only("id", "shout", "f", "level").first()
                    .block(Env.TIMEOUT);
            assertThat(wide(partial, partial.day, partial.boxed)).containsExactly(1, -1, -2L, (short) -3, true,
                    -4.5, -0.75f, null, null, null, null, Level.HIGH, "QUIET", null, null, null);
            Seventeen partial17 = env.of(Seventeen.class).filter("id", 1).only("id", "extra", "colour").first()
                    .block(Env.TIMEOUT);
            assertThat(wide(partial17, partial17.extra)).containsExactly(1, -1, -2L, (short) -3, true, -4.5, -5.5f,
                    null, null, null, Color.DARK_BLUE, null, null, null, -1L);

            // values_list is read by its own readers, untouched.
            StepVerifier.create(env.of(Sixteen.class).all().orderBy("id").valuesList("shout", "level", "f", "sh"))
                    .expectNext(List.of("QUIET", Level.HIGH, -0.75f, (short) -300))
                    .expectNext(Arrays.asList(null, null, 0.0f, (short) 0))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    /** Whatever a reader gives for a row: the attribute values of the instance, null, or the exception. */
    private static List<Object> outcome(RowReader reader, ModelMeta meta, Readable row, boolean ifPresent) {
        try {
            Model m = ifPresent ? reader.readIfPresent(row) : reader.read(row);
            if (m == null) {
                return Collections.singletonList(null);
            }
            List<Object> out = new ArrayList<>();
            for (FieldMeta f : meta.columnFields()) {
                out.add(f.get(m));
            }
            return out;
        } catch (RuntimeException | Error e) {
            return List.of(e.getClass(), String.valueOf(e.getMessage()));
        }
    }

    @DatabaseTest
    void generatedAndLoopReadersGiveTheSameForEverySliceShapeRowAndFailure(DatabaseKind db) {
        try (Env env = Env.start(db, Sixteen.class, Seventeen.class)) {
            ModelMeta meta = env.tortoise().registry().metaOrNull(Sixteen.class);
            List<FieldMeta> declared = meta.columnFields();
            List<FieldMeta> reversed = new ArrayList<>(declared);
            Collections.reverse(reversed);
            assertThat(reversed.indexOf(meta.pk())).isEqualTo(ConstantRowReader.SLOTS - 1);
            List<FieldMeta> noKey = reversed.subList(0, ConstantRowReader.SLOTS - 1);
            Object[] driver = {Integer.valueOf(1), 2_000_000_000, 9_000_000_000L, (short) -300, Boolean.FALSE, 0.125,
                    -0.75, "nm1", "a body", new BigDecimal("-12.34"), "dark-blue", (short) 300, "quiet", U, DAY, 77};
            // Values in declared order; the readers below read them reversed, from column 3.
            List<Object[]> rows = new ArrayList<>();
            rows.add(driver);
            rows.add(new Object[16]);
            Object[] keyOnly = new Object[16];
            keyOnly[0] = 5;
            rows.add(keyOnly);
            Object[] noKeyRow = driver.clone();
            noKeyRow[0] = null;
            rows.add(noKeyRow);
            Object[] wrongType = driver.clone();
            wrongType[7] = 5;
            rows.add(wrongType);
            Object[] badEnum = driver.clone();
            badEnum[10] = "green";
            rows.add(badEnum);

            int shapes = 0;
            for (List<FieldMeta> fields : List.of(declared, reversed, noKey, List.<FieldMeta>of(),
                    declared.subList(0, 1), reversed.subList(ConstantRowReader.SLOTS - 1, ConstantRowReader.SLOTS))) {
                for (int offset : new int[] {0, 3}) {
                    RowReader generated = new RowReader(meta, fields, offset, true);
                    RowReader loop = new RowReader(meta, fields, offset, false);
                    assertThat(generated.generated()).isTrue();
                    assertThat(loop.generated()).isFalse();
                    for (Object[] values : rows) {
                        Object[] at = new Object[offset + fields.size()];
                        for (int c = 0; c < fields.size(); c++) {
                            at[offset + c] = values[declared.indexOf(fields.get(c))];
                        }
                        for (boolean ifPresent : new boolean[] {false, true}) {
                            assertThat(outcome(generated, meta, new FixedRow(at), ifPresent))
                                    .as("%s columns at %s, row %s, ifPresent %s", fields.size(), offset,
                                            Arrays.toString(values), ifPresent)
                                    .isEqualTo(outcome(loop, meta, new FixedRow(at), ifPresent));
                        }
                    }
                    shapes++;
                }
            }
            assertThat(shapes).isEqualTo(12);

            // The exact outcomes of the reversed slice (key last) for a few rows, the same either way.
            for (boolean generate : new boolean[] {true, false}) {
                RowReader reader = new RowReader(meta, reversed, 0, generate);
                Object[] rev = driver.clone();
                Collections.reverse(Arrays.asList(rev));
                assertThat(outcome(reader, meta, new FixedRow(rev), true)).containsExactlyElementsOf(FULL);
                assertThat(outcome(reader, meta, new FixedRow(new Object[16]), true))
                        .containsExactly((Object) null);
                assertThat(outcome(reader, meta, new FixedRow(new Object[16]), false)).containsExactly(null, -1, -2L,
                        (short) -3, true, -4.5, -5.5f, null, null, null, null, null, null, null, null, null);
                Object[] wrong = rev.clone();
                wrong[ConstantRowReader.SLOTS - 1 - 7] = 5;
                assertThat(outcome(reader, meta, new FixedRow(wrong), true)).containsExactly(ClassCastException.class,
                        "Cannot cast java.lang.Integer to java.lang.String");
                RowReader none = new RowReader(meta, List.of(), 2, generate);
                assertThat(none.width()).isZero();
                assertThat(outcome(none, meta, new FixedRow(1, 2), true)).containsExactly((Object) null);
                assertThat(outcome(none, meta, new FixedRow(1, 2), false)).containsExactly(null, -1, -2L, (short) -3,
                        true, -4.5, -5.5f, null, null, null, null, null, null, null, null, null);
            }
        }
    }

    private static void fillChain(Env env) {
        L3 c = env.of(L3.class).create("id", 3, "name", "three").block(Env.TIMEOUT);
        L2 b = env.of(L2.class).create("id", 2, "name", "two", "l3", c).block(Env.TIMEOUT);
        env.of(L1.class).create("id", 1, "name", "one", "l2", b).block(Env.TIMEOUT);
        env.of(L1.class).create("id", 4, "name", "orphan").block(Env.TIMEOUT);
    }

    @DatabaseTest
    void eightAndNineHoldersInheritedOnesIncludedAreMadeAndFilledThroughAThreeLevelChain(DatabaseKind db) {
        try (Env env = Env.start(db, L3.class, L2.class, L1.class, Octo.class, Nonet.class)) {
            fillChain(env);
            L3 c = env.of(L3.class).get("id", 3).block(Env.TIMEOUT);
            L1 one = env.of(L1.class).get("id", 1).block(Env.TIMEOUT);
            L1 orphan = env.of(L1.class).get("id", 4).block(Env.TIMEOUT);
            env.of(Octo.class).create("id", 10, "o1", c, "o4", c, "o8", one).block(Env.TIMEOUT);
            env.of(Octo.class).create("id", 11, "o8", orphan).block(Env.TIMEOUT);
            env.of(Octo.class).create("id", 12).block(Env.TIMEOUT);
            env.of(Nonet.class).create("id", 20, "n2", c, "n9", one).block(Env.TIMEOUT);
            env.of(Nonet.class).create("id", 21, "n9", orphan).block(Env.TIMEOUT);

            List<Octo> octos = env.of(Octo.class).all().selectRelated("o8__l2__l3").orderBy("id").toList()
                    .block(Env.TIMEOUT);
            assertThat(octos).extracting(o -> o.id).containsExactly(10, 11, 12);
            for (Octo o : octos) {
                List<ForeignKey<?>> holders = List.of(o.o1, o.o2, o.o3, o.o4, o.o5, o.o6, o.o7, o.o8);
                assertThat(holders).extracting(ForeignKey::owner).containsOnly(o);
                assertThat(holders).extracting(ForeignKey::name)
                        .containsExactly("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8");
            }
            Octo full = octos.get(0);
            assertThat(Arrays.asList(full.o1.id(), full.o2.id(), full.o3.id(), full.o4.id(), full.o5.id(),
                    full.o6.id(), full.o7.id(), full.o8.id())).containsExactly(3, null, null, 3, null, null, null, 1);
            L1 l1 = full.o8.get();
            assertThat(List.of(l1.id, l1.name)).containsExactly(1, "one");
            assertThat(l1.l2.owner()).isSameAs(l1);
            L2 l2 = l1.l2.get();
            assertThat(List.of(l2.id, l2.name, l2.l3.id())).containsExactly(2, "two", 3);
            L3 l3 = l2.l3.get();
            assertThat(List.of(l3.id, l3.name)).containsExactly(3, "three");
            assertThat(List.of(l1.isSaved(), l2.isSaved(), l3.isSaved())).containsExactly(true, true, true);
            assertThat(Instances.bindingOf(l3)).isSameAs(Instances.bindingOf(full));
            // The orphan's key is NULL: its chain stops there, no instance made for the outer joins' NULLs.
            L1 second = octos.get(1).o8.get();
            assertThat(List.of(second.id, second.name)).containsExactly(4, "orphan");
            assertThat(second.l2.isFetched()).isTrue();
            assertThat(second.l2.get()).isNull();
            assertThat(octos.get(2).o8.isFetched()).isTrue();
            assertThat(octos.get(2).o8.get()).isNull();

            List<Nonet> nonets = env.of(Nonet.class).all().selectRelated("n9__l2__l3").orderBy("id").toList()
                    .block(Env.TIMEOUT);
            for (Nonet n : nonets) {
                List<ForeignKey<?>> holders = List.of(n.n1, n.n2, n.n3, n.n4, n.n5, n.n6, n.n7, n.n8, n.n9);
                assertThat(holders).extracting(ForeignKey::owner).containsOnly(n);
                assertThat(holders).extracting(ForeignKey::name)
                        .containsExactly("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9");
            }
            assertThat(nonets.get(0).n2.id()).isEqualTo(3);
            assertThat(nonets.get(0).n9.get().l2.get().l3.get().name).isEqualTo("three");
            assertThat(nonets.get(1).n9.get().name).isEqualTo("orphan");
            assertThat(nonets.get(1).n9.get().l2.get()).isNull();

            // Annotations sit between the root's columns and the slices'.
            StepVerifier.create(Flux.from(env.of(L1.class).all().annotate("twice", dev.tortoise.expression.F.of("id").mul(2))
                            .selectRelated("l2__l3").orderBy("id"))
                            .map(m -> m.name + ":" + Instances.state(m).annotations().get("twice") + ":"
                                    + (m.l2.get() == null ? "-" : m.l2.get().l3.get().name)))
                    .expectNext("one:2:three", "orphan:8:-")
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aThrowingConstructorFailsTheQueryWithItsOwnExceptionOrTheConfigurationErrorAsBefore(DatabaseKind db) {
        try (Env env = Env.start(db, Fragile.class)) {
            env.of(Fragile.class).create("id", 1, "name", "ok").block(Env.TIMEOUT);
            ModelMeta meta = env.tortoise().registry().metaOrNull(Fragile.class);
            try {
                Fragile.failWith = new IllegalStateException("no instance today");
                StepVerifier.create(env.of(Fragile.class).all())
                        .expectErrorSatisfies(e -> assertThat(List.of(e.getClass(), e.getMessage()))
                                .containsExactly(IllegalStateException.class, "no instance today"))
                        .verify(Env.TIMEOUT);
                Fragile.failWith = new IOException("no instance today");
                StepVerifier.create(env.of(Fragile.class).all())
                        .expectErrorSatisfies(e -> assertThat(List.of(e.getClass(), e.getMessage()))
                                .containsExactly(ConfigurationError.class,
                                        "Cannot construct Fragile: java.io.IOException: no instance today"))
                        .verify(Env.TIMEOUT);
                for (boolean ifPresent : new boolean[] {false, true}) {
                    assertThat(outcome(new RowReader(meta, meta.columnFields(), 0, true), meta,
                            new FixedRow(1, "ok"), ifPresent)).containsExactly(ConfigurationError.class,
                            "Cannot construct Fragile: java.io.IOException: no instance today");
                    assertThat(outcome(new RowReader(meta, meta.columnFields(), 0, false), meta,
                            new FixedRow(1, "ok"), ifPresent)).containsExactly(ConfigurationError.class,
                            "Cannot construct Fragile: java.io.IOException: no instance today");
                }
            } finally {
                Fragile.failWith = null;
            }
            StepVerifier.create(Flux.from(env.of(Fragile.class).all()).map(f -> f.id + ":" + f.name))
                    .expectNext("1:ok")
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void aDriverValueTheAttributeCannotTakeFailsWithTheSetterClassCastExceptionAsTheLoop(DatabaseKind db) {
        try (Env env = Env.start(db, Loose.class)) {
            ModelMeta meta = env.tortoise().registry().metaOrNull(Loose.class);
            RawSql.execute(env.tortoise().connections().get("default").factory(),
                    dev.tortoise.testing.ExpectedSql.on(db, "INSERT INTO \"grr_loose\" (\"id\",\"n\") VALUES (1,5)"));
            StepVerifier.create(env.of(Loose.class).all())
                    .expectErrorSatisfies(e -> assertThat(List.of(e.getClass(), e.getMessage()))
                            .containsExactly(ClassCastException.class, "Cannot cast java.lang.Long to java.lang.Integer"))
                    .verify(Env.TIMEOUT);
            for (boolean ifPresent : new boolean[] {false, true}) {
                for (boolean generate : new boolean[] {true, false}) {
                    assertThat(outcome(new RowReader(meta, meta.columnFields(), 0, generate), meta,
                            new FixedRow(1, 5L), ifPresent)).containsExactly(ClassCastException.class,
                            "Cannot cast java.lang.Long to java.lang.Integer");
                }
            }
        }
    }

    @DatabaseTest
    void aPrivateModelClassIsReadThroughAGeneratedReaderAsThroughTheLoop(DatabaseKind db) {
        try (Env env = Env.start(db, Secret.class)) {
            env.of(Secret.class).create("id", 1, "name", "hidden", "rank", 4).block(Env.TIMEOUT);
            env.of(Secret.class).create("id", 2, "rank", 0).block(Env.TIMEOUT);
            StepVerifier.create(Flux.from(env.of(Secret.class).all().orderBy("id"))
                            .map(s -> s.id + ":" + s.name + ":" + s.rank + ":" + s.isSaved()))
                    .expectNext("1:hidden:4:true", "2:null:0:true")
                    .expectComplete().verify(Env.TIMEOUT);
            ModelMeta meta = env.tortoise().registry().metaOrNull(Secret.class);
            for (boolean generate : new boolean[] {true, false}) {
                RowReader reader = new RowReader(meta, meta.columnFields(), 1, generate);
                assertThat(reader.generated()).isEqualTo(generate);
                assertThat(outcome(reader, meta, new FixedRow("x", 3, null, null), false))
                        .containsExactly(3, null, -1);
                assertThat(outcome(reader, meta, new FixedRow("x", null, "n", 9), true))
                        .containsExactly((Object) null);
            }
        }
    }

    @DatabaseTest
    void theFirstReadsOfAShapeFromManyThreadsAtOnceAllReadExactRows(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, L3.class, L2.class, L1.class)) {
            fillChain(env);
            int threads = 12;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return Flux.from(env.of(L1.class).all().selectRelated("l2__l3").orderBy("id"))
                                .map(m -> m.id + ":" + m.name + ":" + m.l2.owner().equals(m) + ":"
                                        + (m.l2.get() == null ? "-" : m.l2.get().name + "/" + m.l2.get().l3.get().name))
                                .collectList().block(Env.TIMEOUT);
                    }));
                }
                start.countDown();
                for (Future<List<String>> r : results) {
                    assertThat(r.get(60, TimeUnit.SECONDS)).containsExactly("1:one:true:two/three", "4:orphan:true:-");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @DatabaseTest
    void modelsOfAClassLoaderOfTheirOwnReadThroughGeneratedReadersAreCollectedWithTheirRuntime(DatabaseKind db)
            throws Exception {
        List<WeakReference<Object>> left = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            readOnce(db, i, left);
        }
        assertThat(left).hasSize(3 * 4);
        long alive = left.size();
        for (int round = 0; round < 50 && alive > 0; round++) {
            System.gc();
            Thread.sleep(100);
            alive = left.stream().filter(r -> r.get() != null).count();
        }
        assertThat(alive).as("model classes, loaders and generated readers of closed runtimes still reachable")
                .isZero();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void readOnce(DatabaseKind db, int i, List<WeakReference<Object>> left) throws Exception {
        ClassLoader loader = new OwnLoader(GeneratedReadersReviewTest.class.getClassLoader(),
                UnloadableItem.class.getName());
        Class<? extends Model> model = loader.loadClass(UnloadableItem.class.getName()).asSubclass(Model.class);
        assertThat(model).isNotSameAs(UnloadableItem.class);
        try (Env env = Env.start(db, model)) {
            Manager m = env.tortoise().of(model);
            StepVerifier.create(m.create("id", 1, "name", "n" + i).then(m.create("id", 2, "name", "m" + i))
                            .thenMany(m.all().orderBy("-id"))
                            .map(o -> ((Model) o).pk() + ":" + o.getClass().getClassLoader().equals(loader)))
                    .expectNext("2:true", "1:true")
                    .expectComplete().verify(Env.TIMEOUT);
            ModelMeta meta = env.tortoise().registry().metaOrNull(model);
            RowReader reader = new RowReader(meta, meta.columnFields(), 0);
            java.lang.reflect.Field generated = RowReader.class.getDeclaredField("generated");
            generated.setAccessible(true);
            Object g = generated.get(reader);
            assertThat(g.getClass().isHidden()).isTrue();
            left.add(new WeakReference<>(model));
            left.add(new WeakReference<>(loader));
            left.add(new WeakReference<>(g));
            left.add(new WeakReference<>(g.getClass()));
        }
    }


    /**
     * The ORM loaded anew (every {@code dev.tortoise} class, this probe's included) so that {@link Model} is not
     * initialised: a runtime reads rows of a model before any instance of any model exists.
     */
    @DatabaseTest
    void aReaderMadeBeforeModelIsInitialisedReadsRows(DatabaseKind db) throws Exception {
        ClassLoader fresh = new OwnLoader(GeneratedReadersReviewTest.class.getClassLoader(), "dev.tortoise.");
        Class<?> probe = fresh.loadClass(FreshProbe.class.getName());
        assertThat(probe).isNotSameAs(FreshProbe.class);
        Object out = probe.getMethod("run", String.class).invoke(null, db.name());
        assertThat(out).isEqualTo(List.of("model initialised before the read: false", "1:one", "4:orphan",
                "model initialised after the read: true"));
    }

    /** Run inside a fresh copy of the ORM by {@link #aReaderMadeBeforeModelIsInitialisedReadsRows}. */
    public static final class FreshProbe {
        public static List<String> run(String kind) throws Exception {
            java.lang.reflect.Field access = Instances.class.getDeclaredField("access");
            access.setAccessible(true);
            List<String> out = new ArrayList<>();
            try (Env env = Env.start(DatabaseKind.valueOf(kind), L3.class, L2.class, L1.class)) {
                RawSql.execute(env.tortoise().connections().get("default").factory(), dev.tortoise.testing.ExpectedSql
                        .on(env.db(), "INSERT INTO \"grr_l1\" (\"id\",\"name\") VALUES (1,'one'),(4,'orphan')"));
                out.add("model initialised before the read: " + (access.get(null) != null));
                out.addAll(Flux.from(env.of(L1.class).all().orderBy("id")).map(m -> m.id + ":" + m.name).collectList()
                        .block(Env.TIMEOUT));
                out.add("model initialised after the read: " + (access.get(null) != null));
            }
            return out;
        }
    }
}
