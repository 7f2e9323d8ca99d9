package dev.tortoise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import io.r2dbc.spi.Readable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Row readers generated per model and column set ({@link GeneratedReaders}) read the same values as
 * {@link RowReader}'s loop: every column kind, primitives (a NULL leaves the attribute's default), nullable
 * columns, a NULL outer-join slice, a column set wider than the template's slots (read by the loop), columns at
 * an offset, the same model classes in two runtimes at once, and no generated reader where the template's bytes
 * cannot be read.
 */
class GeneratedReadersTest {
    /** More columns than {@link ConstantRowReader#SLOTS}: read by the loop. */
    @Meta(table = "gr_wide")
    public static class Wide extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public int i1;
        @IntField
        public int i2;
        @IntField
        public int i3;
        @IntField
        public int i4;
        @IntField
        public int i5;
        @BigIntField
        public long l1;
        @BigIntField
        public long l2;
        @BooleanField
        public boolean b1;
        @FloatField
        public double d1;
        @CharField(maxLength = 20, nullable = true)
        public String s1;
        @CharField(maxLength = 20, nullable = true)
        public String s2;
        @CharField(maxLength = 20, nullable = true)
        public String s3;
        @CharField(maxLength = 20, nullable = true)
        public String s4;
        @CharField(maxLength = 20, nullable = true)
        public String s5;
        @CharField(maxLength = 20, nullable = true)
        public String s6;
        @CharField(maxLength = 20, nullable = true)
        public String s7;
        @IntField(nullable = true)
        public Integer n1;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal amount;
        @BigIntField(nullable = true)
        public Long n2;
    }

    @Meta(table = "gr_small")
    public static class Small extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @IntField
        public int rank;
    }

    @Meta(table = "gr_narrow")
    public static class Narrow extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public int n = -1;
        @BigIntField
        public long big;
        @BooleanField
        public boolean flag;
        @FloatField
        public double ratio;
        @CharField(maxLength = 20, nullable = true)
        public String name;
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public BigDecimal amount;
        @ForeignKeyField(relatedName = "narrows", nullable = true)
        public ForeignKey<Small> small;
        @ForeignKeyField(relatedName = "narrows", nullable = true)
        public ForeignKey<Wide> wide;
    }

    private static final Class<?>[] MODELS = {Small.class, Wide.class, Narrow.class};

    @SuppressWarnings("unchecked")
    private static Env start(DatabaseKind db) {
        return Env.start(db, (Class<? extends Model>[]) MODELS);
    }

    private static void fill(Env env, int base) {
        Small s = env.of(Small.class).create("id", base + 1, "name", "small" + base, "rank", -7).block(Env.TIMEOUT);
        Wide w = env.of(Wide.class).create("id", base + 2, "i1", 1, "i2", 2, "i3", 3, "i4", 4, "i5", -5,
                "l1", 10_000_000_000L, "l2", -1L, "b1", true, "d1", 2.5, "s1", "a", "s2", "", "s3", null, "s7", "z",
                "n1", 42, "amount", new BigDecimal("12.34"), "n2", null).block(Env.TIMEOUT);
        env.of(Narrow.class).create("id", base + 3, "n", 5, "big", 6_000_000_000L, "flag", true, "ratio", 0.25,
                "name", "full", "amount", new BigDecimal("-1.50"), "small", s, "wide", w).block(Env.TIMEOUT);
        env.of(Narrow.class).create("id", base + 4, "n", 0, "big", 0L, "flag", false, "ratio", -3.0,
                "name", null, "amount", null).block(Env.TIMEOUT);
    }

    private static void assertRows(Env env, int base) {
        List<Narrow> rows = env.of(Narrow.class).all().selectRelated("small", "wide").orderBy("id").toList()
                .block(Env.TIMEOUT);
        assertThat(rows).extracting(r -> r.id).containsExactly(base + 3, base + 4);
        Narrow full = rows.get(0);
        assertThat(List.of(full.n, full.big, full.flag, full.ratio, full.name, full.amount))
                .containsExactly(5, 6_000_000_000L, true, 0.25, "full", new BigDecimal("-1.50"));
        Narrow empty = rows.get(1);
        assertThat(empty.n).isEqualTo(0);
        assertThat(empty.flag).isFalse();
        assertThat(empty.ratio).isEqualTo(-3.0);
        assertThat(empty.name).isNull();
        assertThat(empty.amount).isNull();
        // The NULL keys: both outer-join slices are all NULL, so no related instance is made.
        assertThat(empty.small.isFetched()).isTrue();
        assertThat(empty.small.get()).isNull();
        assertThat(empty.wide.get()).isNull();
        Small s = full.small.get();
        assertThat(List.of(s.id, s.name, s.rank)).containsExactly(base + 1, "small" + base, -7);
        assertThat(s.isSaved()).isTrue();
        assertThat(Instances.bindingOf(s)).isSameAs(Instances.bindingOf(full));
        Wide w = full.wide.get();
        assertThat(List.of(w.id, w.i1, w.i2, w.i3, w.i4, w.i5, w.l1, w.l2, w.b1, w.d1))
                .containsExactly(base + 2, 1, 2, 3, 4, -5, 10_000_000_000L, -1L, true, 2.5);
        assertThat(new Object[] {w.s1, w.s2, w.s3, w.s4, w.s5, w.s6, w.s7, w.n1, w.amount, w.n2})
                .containsExactly("a", "", null, null, null, null, "z", 42, new BigDecimal("12.34"), null);
        assertThat(w.isSaved()).isTrue();
        Wide alone = env.of(Wide.class).get("id", base + 2).block(Env.TIMEOUT);
        assertThat(alone.l1).isEqualTo(10_000_000_000L);
        assertThat(alone.s7).isEqualTo("z");
        assertThat(alone.amount).isEqualTo(new BigDecimal("12.34"));
    }

    @DatabaseTest
    void generatedAndLoopReadersReadEveryColumnAndTheNullOuterJoinSlicesExactly(DatabaseKind db) {
        try (Env env = start(db)) {
            fill(env, 0);
            assertRows(env, 0);
        }
    }

    @DatabaseTest
    void theSameModelsInTwoRuntimesAtOnceReadTheirOwnRowsBoundToTheirOwnRuntime(DatabaseKind db) {
        try (Env first = start(db); Env second = start(db)) {
            fill(first, 0);
            fill(second, 100);
            for (int round = 0; round < 3; round++) {
                assertRows(first, 0);
                assertRows(second, 100);
            }
            Narrow a = first.of(Narrow.class).get("id", 3).block(Env.TIMEOUT);
            Narrow b = second.of(Narrow.class).get("id", 103).block(Env.TIMEOUT);
            assertThat(Instances.bindingOf(a)).isNotSameAs(Instances.bindingOf(b));
            assertThat(first.of(Narrow.class).filter("id", 103).count().block(Env.TIMEOUT)).isZero();
        }
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

    private static Object[] values(Model m, List<FieldMeta> fields) {
        Object[] out = new Object[fields.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fields.get(i).get(m);
        }
        return out;
    }

    @DatabaseTest
    void aGeneratedReaderGivesWhatTheLoopGivesForEveryRowAndColumnSet(DatabaseKind db) {
        try (Env env = start(db)) {
            ModelMeta narrow = env.tortoise().registry().metaOrNull(Narrow.class);
            ModelMeta wide = env.tortoise().registry().metaOrNull(Wide.class);
            List<FieldMeta> all = narrow.columnFields();
            List<FieldMeta> noKey = all.subList(1, all.size());
            assertThat(new RowReader(narrow, all, 2).generated()).isTrue();
            assertThat(new RowReader(narrow, all, 2, false).generated()).isFalse();
            assertThat(wide.columnFields()).hasSizeGreaterThan(ConstantRowReader.SLOTS);
            assertThat(new RowReader(wide, wide.columnFields(), 0).generated()).isFalse();

            Object[][] rows = {
                    {"x", "y", 7, 3, 4L, true, 0.5, "name", new BigDecimal("1.25"), 11, 12},
                    // NULLs: primitives keep their defaults (n's is -1), references are null.
                    {null, null, 8, null, null, null, null, null, null, null, null},
                    // No key: the outer join's slice is all NULL.
                    {"x", "y", null, null, null, null, null, null, null, null, null},
            };
            for (boolean generate : new boolean[] {true, false}) {
                RowReader keyed = new RowReader(narrow, all, 2, generate);
                RowReader unkeyed = new RowReader(narrow, noKey, 3, generate);
                Narrow first = (Narrow) keyed.read(new FixedRow(rows[0]));
                assertThat(values(first, all)).containsExactly(7, 3, 4L, true, 0.5, "name", new BigDecimal("1.25"),
                        11, 12);
                assertThat(values((Model) keyed.readIfPresent(new FixedRow(rows[0])), all))
                        .containsExactly(values(first, all));
                Narrow second = (Narrow) keyed.readIfPresent(new FixedRow(rows[1]));
                assertThat(values(second, all)).containsExactly(8, -1, 0L, false, 0.0, null, null, null, null);
                assertThat(second.small.id()).isNull();
                assertThat(second.small.owner()).isSameAs(second);
                assertThat(keyed.readIfPresent(new FixedRow(rows[2]))).isNull();
                assertThat(unkeyed.readIfPresent(new FixedRow(rows[2]))).isNull();
                assertThat(unkeyed.readIfPresent(new FixedRow(rows[1]))).isNull();
                Narrow third = (Narrow) unkeyed.readIfPresent(new FixedRow(rows[0]));
                assertThat(values(third, all)).containsExactly(null, 3, 4L, true, 0.5, "name", new BigDecimal("1.25"),
                        11, 12);
                Narrow read = (Narrow) unkeyed.read(new FixedRow(rows[2]));
                assertThat(read.id).isNull();
                assertThat(read).isNotSameAs(unkeyed.read(new FixedRow(rows[2])));
            }
        }
    }

    /** GeneratedReaders loaded where its template's bytes cannot be read. */
    private static final class NoTemplate extends ClassLoader {
        NoTemplate() {
            super(GeneratedReadersTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(GeneratedReaders.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return name.contains("ConstantRowReader") ? null : super.getResourceAsStream(name);
        }

        @Override
        public URL getResource(String name) {
            return name.contains("ConstantRowReader") ? null : super.getResource(name);
        }
    }

    @Test
    void withoutTheTemplateNoReaderIsGeneratedAndTheLoopReads() throws Exception {
        assertThat(GeneratedReaders.available()).isTrue();
        Class<?> fallback = new NoTemplate().loadClass(GeneratedReaders.class.getName());
        assertThat(fallback).isNotSameAs(GeneratedReaders.class);
        java.lang.reflect.Method available = fallback.getDeclaredMethod("available");
        available.setAccessible(true);
        assertThat(available.invoke(null)).isEqualTo(false);
        java.lang.reflect.Method of = fallback.getDeclaredMethod("of", ModelMeta.class, FieldMeta[].class, int.class,
                int.class);
        of.setAccessible(true);
        assertThat(of.invoke(null, null, new FieldMeta[0], 0, -1)).isNull();
    }
}
