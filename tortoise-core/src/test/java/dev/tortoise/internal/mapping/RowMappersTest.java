package dev.tortoise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tortoise.exception.FieldError;
import dev.tortoise.field.CharField;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelBindings;
import dev.tortoise.internal.model.ModelState;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.modelschema.ModelSchemas;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.relation.ReverseRelation;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import io.r2dbc.spi.Readable;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * Row mappers: one per result shape, instances read without per-row state objects until they are
 * touched, select_related columns decoded once, and what mapping a row allocates.
 */
class RowMappersTest {
    private static final int ROWS = 200_000;

    @Meta(table = "map_parent")
    public static class MapParent extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 255)
        public String name;
        public ReverseRelation<MapChild> children;
    }

    @Meta(table = "map_child")
    public static class MapChild extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @ForeignKeyField(relatedName = "children")
        public ForeignKey<MapParent> parent;
        @SmallIntField
        public Short level;
        @CharField(maxLength = 255)
        public String text;
    }

    @Meta(table = "map_reading")
    public static class MapReading extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @FloatField
        public Double ratio;
        @SmallIntField
        public Short level;
    }

    /** A user type that converts what it reads: its reader must call fromDb for every value. */
    private static final class Doubling extends FieldType {
        Doubling() {
            super("n", Integer.class);
        }

        @Override
        public String typeName() {
            return "DoublingField";
        }

        @Override
        public String pythonType() {
            return "int";
        }

        @Override
        public ColumnType columnType() {
            return ColumnType.of(ColumnType.Kind.INT);
        }

        @Override
        public Class<?> readClass() {
            return Integer.class;
        }

        @Override
        public Object coerce(Object input) {
            return input;
        }

        @Override
        public Object fromDb(Object dbValue) {
            return (Integer) dbValue * 2;
        }

        @Override
        protected boolean accepts(Class<?> boxed) {
            return boxed == Integer.class;
        }

        @Override
        protected String expectedJavaTypes() {
            return "Integer";
        }
    }

    /** A row of given values, handed as they are whatever class is asked for (as a driver may widen an integer). */
    private record FixedRow(Object... values) implements Readable {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(int index, Class<T> type) {
            return (T) values[index];
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            throw new UnsupportedOperationException("mappers read by index");
        }
    }

    /** A row of preset values that counts how often each column is read. */
    private static final class CountingRow implements Readable {
        private final Object[] values;
        final int[] reads;

        CountingRow(List<FieldMeta> columns) {
            values = new Object[columns.size()];
            reads = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                Class<?> c = columns.get(i).type().readClass();
                // (Object) casts: a conditional of mixed boxed numbers would unbox and widen them all to long.
                values[i] = c == String.class ? (Object) ("text " + i) : c == Short.class ? (Object) (short) 3
                        : c == Long.class ? (Object) (1000L + i) : (Object) (1000 + i);
            }
        }

        @Override
        public <T> T get(int index, Class<T> type) {
            reads[index]++;
            return type.cast(values[index]);
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            throw new UnsupportedOperationException("mappers read by index");
        }
    }

    private static Object stateField(Model m) throws ReflectiveOperationException {
        Field f = Model.class.getDeclaredField("state");
        f.setAccessible(true);
        return f.get(m);
    }

    /** The binding of the test's runtime, which its instances are bound to. */
    private static InstanceBinding binding(Env env) {
        return ModelBindings.of(env.tortoise().registry());
    }

    private static RowMappers mappers(Env env) {
        return new RowMappers(binding(env), (parent, relation, child) -> {
            @SuppressWarnings("unchecked")
            ForeignKey<Model> fk = (ForeignKey<Model>) relation.get(parent);
            fk.loaded(child);
        });
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes allocated per row by mapping {@link #ROWS} rows (after as many to warm up the JIT). */
    private static double bytesPerRow(RowMapper mapper, Readable row) {
        Object[] sink = new Object[1024];
        for (int i = 0; i < ROWS; i++) {
            sink[i & 1023] = mapper.map(row, null);
        }
        long before = allocatedBytes();
        for (int i = 0; i < ROWS; i++) {
            sink[i & 1023] = mapper.map(row, null);
        }
        long bytes = allocatedBytes() - before;
        assertThat(sink[0]).isNotNull();
        return (double) bytes / ROWS;
    }

    @DatabaseTest
    void anInstanceReadFromARowHasNoStateObjectUntilItIsTouched(DatabaseKind db) throws Exception {
        try (Env env = Env.start(db, MapParent.class, MapChild.class)) {
            MapParent cup = env.of(MapParent.class).create("name", "Cup").block(Env.TIMEOUT);
            env.of(MapChild.class).create("parent", cup, "level", (short) 1, "text", "a").block(Env.TIMEOUT);
            MapChild read = env.of(MapChild.class).get("text", "a").block(Env.TIMEOUT);
            assertThat(stateField(read)).isNull();
            // Saved, persisted and bound all the same: the fields below need no state object either.
            assertThat(read.isSaved()).isTrue();
            assertThat(read.pk()).isEqualTo(read.id);
            assertThat(read).isEqualTo(env.of(MapChild.class).get("text", "a").block(Env.TIMEOUT));
            assertThat(read.toString()).isEqualTo("<MapChild: " + read.id + ">");
            // Reading it as a map, as JSON, by name: still none.
            assertThat(read.toMap()).isEqualTo(java.util.Map.of("id", read.id, "parent_id", cup.id,
                    "level", (short) 1, "text", "a"));
            assertThat(ModelSchemas.of(env.tortoise().registry()).of(MapChild.class).dump(read)).isEqualTo(read.toMap());
            assertThat(read.get("text")).isEqualTo("a");
            assertThatThrownBy(() -> read.annotation("n", Long.class)).isInstanceOf(FieldError.class)
                    .hasMessage("No annotation 'n' on this MapChild instance; annotations: []");
            assertThat(stateField(read)).isNull();
            assertThat(read.parent.id()).isEqualTo(cup.id);
            // The state made on first use tells the same story.
            ModelState st = Instances.state(read);
            assertThat(st.saved()).isTrue();
            assertThat(st.persisted()).isTrue();
            assertThat(st.binding()).isSameAs(binding(env));
            assertThat(st.partial()).isFalse();
            // An update, not an insert: the instance is persisted; after a set() it is no longer saved.
            read.set("text", "b");
            assertThat(read.isSaved()).isFalse();
            StepVerifier.create(read.save()).expectComplete().verify(Env.TIMEOUT);
            assertThat(read.isSaved()).isTrue();
            assertThat(env.countRows("map_child")).isEqualTo(1);
            assertThat(env.query("SELECT \"text\" FROM \"map_child\"").get(0).get("text")).isEqualTo("b");
            // A partial instance still records which fields were loaded.
            MapChild partial = env.of(MapChild.class).all().only("id", "text").first().block(Env.TIMEOUT);
            assertThat(Instances.state(partial).loadedFields()).containsExactlyInAnyOrder("id", "text");
        }
    }

    @DatabaseTest
    void oneMapperServesEveryQueryOfAShape(DatabaseKind db) {
        try (Env env = Env.start(db, MapParent.class, MapChild.class)) {
            ModelMeta child = env.tortoise().registry().metaOrNull(MapChild.class);
            RowMappers mappers = mappers(env);
            RowMapper whole = mappers.models(child, child.columnFields(), List.of(), List.of(), false);
            assertThat(mappers.models(child, new ArrayList<>(child.columnFields()), List.of(), List.of(), false))
                    .isSameAs(whole);
            RowMapper partial = mappers.models(child, child.columnFields(), List.of(), List.of(), true);
            assertThat(partial).isNotSameAs(whole);
            RowMapper annotated = mappers.models(child, child.columnFields(),
                    List.of(new ValueColumn("n", null, Long.class)), List.of(), false);
            assertThat(annotated).isNotSameAs(whole);
            RowMapper values = mappers.values(List.of(new ValueColumn("text", child.field("text"), null)),
                    ValueKind.LIST);
            assertThat(mappers.values(List.of(new ValueColumn("text", child.field("text"), null)), ValueKind.LIST))
                    .isSameAs(values);
            assertThat(mappers.values(List.of(new ValueColumn("text", child.field("text"), null)), ValueKind.MAP))
                    .isNotSameAs(values);
            assertThat(mappers.size()).isEqualTo(5);
        }
    }

    @DatabaseTest
    void selectRelatedColumnsAreDecodedOnceAndMappingAllocatesOnlyTheInstances(DatabaseKind db) {
        try (Env env = Env.start(db, MapParent.class, MapChild.class)) {
            ModelMeta child = env.tortoise().registry().metaOrNull(MapChild.class);
            ModelMeta parent = env.tortoise().registry().metaOrNull(MapParent.class);
            List<FieldMeta> columns = new ArrayList<>(child.columnFields());
            columns.addAll(parent.columnFields());
            RowMappers mappers = mappers(env);
            RowMapper joined = mappers.models(child, child.columnFields(), List.of(),
                    List.of(new RelatedColumns(-1, child.field("parent"), parent, parent.columnFields())), false);

            CountingRow row = new CountingRow(columns);
            MapChild c = (MapChild) joined.map(row, null);
            assertThat(row.reads).containsOnly(1);
            MapParent p = c.parent.get();
            assertThat(p.id).isEqualTo(1000 + child.columnFields().size());
            assertThat(p.name).isEqualTo("text " + (child.columnFields().size() + 1));
            assertThat(c.parent.isFetched()).isTrue();
            assertThat(p.isSaved()).isTrue();
            assertThat(Instances.state(p).binding()).isSameAs(binding(env));

            RowMapper wholeChild = mappers.models(child, child.columnFields(), List.of(), List.of(), false);
            RowMapper wholeParent = mappers.models(parent, parent.columnFields(), List.of(), List.of(), false);
            double childBytes = bytesPerRow(wholeChild, new CountingRow(child.columnFields()));
            double parentBytes = bytesPerRow(wholeParent, new CountingRow(parent.columnFields()));
            double joinedBytes = bytesPerRow(joined, new CountingRow(columns));
            // One annotation (as every row of a many-to-many prefetch carries its join key) needs a state object.
            List<FieldMeta> annotatedColumns = new ArrayList<>(child.columnFields());
            annotatedColumns.add(child.field("id"));
            RowMapper annotated = mappers.models(child, child.columnFields(),
                    List.of(new ValueColumn("n", child.field("id"), null)), List.of(), false);
            double annotatedBytes = bytesPerRow(annotated, new CountingRow(annotatedColumns));
            MapChild a = (MapChild) annotated.map(new CountingRow(annotatedColumns), null);
            assertThat(a.annotation("n", Integer.class)).isEqualTo(1000 + child.columnFields().size());
            System.out.printf("%s mapping allocation per row: child %.1f B, parent %.1f B, child+select_related "
                    + "parent %.1f B, child with one annotation %.1f B%n", db, childBytes, parentBytes, joinedBytes,
                    annotatedBytes);
            // The instance (40 B with compressed oops) and its relation holder (a 32 B ForeignKey, a 24 B
            // ReverseRelation): no state object (48 B each before), no per-row arrays or lists; the
            // values themselves come preallocated from the stub row (a few bytes of slack: the measuring).
            assertThat(childBytes).isLessThan(76);
            assertThat(parentBytes).isLessThan(68);
            assertThat(joinedBytes).isLessThan(140);
            // The child and a 32 B state holding the one annotation in two fields (48 B before its rarely used
            // maps moved into an object of their own).
            assertThat(annotatedBytes).isLessThan(108);
        }
    }

    @DatabaseTest
    void aValueOfTheAttributesOwnClassIsKeptAndOthersAreConvertedAsBefore(DatabaseKind db) {
        try (Env env = Env.start(db, MapParent.class, MapChild.class, MapReading.class)) {
            ModelMeta child = env.tortoise().registry().metaOrNull(MapChild.class);
            ModelMeta reading = env.tortoise().registry().metaOrNull(MapReading.class);
            // What each type's fromDb keeps as it is: the reader's shortcut must agree with fromDb.
            assertThat(child.field("id").type().fromDbUnchanged()).isEqualTo(Integer.class);
            assertThat(child.pk().type().fromDb(7L)).isEqualTo(7);
            assertThat(child.field("level").type().fromDbUnchanged()).isEqualTo(Short.class);
            assertThat(child.field("text").type().fromDbUnchanged()).isEqualTo(Object.class);
            assertThat(reading.field("ratio").type().fromDbUnchanged()).isEqualTo(Double.class);
            assertThat(new Doubling().fromDbUnchanged()).isNull();
            assertThat(new Doubling().fromDb(21)).isEqualTo(42);
            FieldType key = null;
            for (FieldMeta f : child.columnFields()) {
                if (f.name().equals("parent_id")) {
                    key = f.type();
                }
            }
            assertThat(key).isNotNull();
            assertThat(key.fromDbUnchanged()).isEqualTo(Integer.class);

            RowMappers mappers = mappers(env);
            List<String> names = child.columnFields().stream().map(FieldMeta::name).toList();
            assertThat(names).containsExactly("id", "parent_id", "level", "text");
            RowMapper childMapper = mappers.models(child, child.columnFields(), List.of(), List.of(), false);
            Integer id = 70_000;
            Short level = 3;
            String text = "kept";
            MapChild same = (MapChild) childMapper.map(new FixedRow(id, 12, level, text), null);
            assertThat(same.id).isSameAs(id);
            assertThat(same.level).isSameAs(level);
            assertThat(same.text).isSameAs(text);
            assertThat(same.parent.id()).isEqualTo(12);
            // Another class (a driver handing a wider integer) still goes through fromDb.
            MapChild converted = (MapChild) childMapper.map(new FixedRow(70_001L, 13L, 4, "x"), null);
            assertThat(converted.id).isEqualTo(70_001);
            assertThat(converted.parent.id()).isEqualTo(13);
            assertThat(converted.level).isEqualTo((short) 4);
            MapChild nulls = (MapChild) childMapper.map(new FixedRow(70_002, null, null, null), null);
            assertThat(nulls.parent.id()).isNull();
            assertThat(nulls.level).isNull();
            assertThat(nulls.text).isNull();

            RowMapper readingMapper = mappers.models(reading, reading.columnFields(), List.of(), List.of(), false);
            Double ratio = 0.25;
            MapReading r = (MapReading) readingMapper.map(new FixedRow(1, ratio, (short) 2), null);
            assertThat(r.ratio).isSameAs(ratio);
            assertThat(reading.field("ratio").type().fromDb(ratio)).isSameAs(ratio);
            assertThat(reading.field("ratio").type().fromDb(new java.math.BigDecimal("0.5"))).isEqualTo(0.5);

            // values_list readers take the same shortcut; another class still goes through fromDb.
            RowMapper values = mappers.values(List.of(new ValueColumn("id", child.field("id"), null),
                    new ValueColumn("level", child.field("level"), null)), ValueKind.LIST);
            assertThat(((List<?>) values.map(new FixedRow(id, level), null)).get(0)).isSameAs(id);
            assertThat(((List<?>) values.map(new FixedRow(id, level), null)).get(1)).isSameAs(level);
            assertThat(values.map(new FixedRow(5L, 6), null)).isEqualTo(List.of(5, (short) 6));

            // Stored and read back through the database: the same values as before.
            env.of(MapReading.class).create("id", 1, "ratio", 0.25, "level", (short) 2).block(Env.TIMEOUT);
            MapReading stored = env.of(MapReading.class).get("id", 1).block(Env.TIMEOUT);
            assertThat(stored.ratio).isEqualTo(0.25);
            assertThat(stored.level).isEqualTo((short) 2);
            StepVerifier.create(env.of(MapReading.class).all().valuesList("id", "ratio", "level"))
                    .expectNext(List.of(1, 0.25, (short) 2))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }
}
