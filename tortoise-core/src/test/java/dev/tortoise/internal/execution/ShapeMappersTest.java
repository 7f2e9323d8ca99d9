package dev.tortoise.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.internal.model.ModelBindings;
import dev.tortoise.internal.query.ResultShape;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** The mappers of keyed shapes (an M2M prefetch's): one base per kept shape, each statement's own sink. */
class ShapeMappersTest {
    @Meta(table = "shape_tag")
    public static class ShapeTag extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 50)
        public String name;
    }

    /** A row of (id, name, key). */
    private record Row(Object... values) implements Readable {
        @Override
        public <T> T get(int index, Class<T> type) {
            return type.cast(values[index]);
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            throw new UnsupportedOperationException("mappers read by index");
        }
    }

    private record Seen(Object instance, Object key) {
    }

    @DatabaseTest
    void keyedShapesOfOneKeptShapeShareTheirBaseAndEachHandsKeysToItsOwnSink(DatabaseKind db) {
        try (Env env = Env.start(db, ShapeTag.class)) {
            ModelMeta tag = env.tortoise().registry().metaOrNull(ShapeTag.class);
            ShapeMappers shapes = new ShapeMappers(ModelBindings.of(env.tortoise().registry()),
                    (parent, relation, child) -> {
                        throw new AssertionError("no select_related here");
                    });
            ResultShape.Models kept = new ResultShape.Models(tag, tag.columnFields(),
                    List.of(new ResultShape.Slot("_prefetch_key", null, Integer.class)), List.of(), false, List.of());
            List<Seen> first = new ArrayList<>();
            List<Seen> second = new ArrayList<>();
            BiConsumer<Model, Object> firstSink = (m, k) -> first.add(new Seen(m, k));
            BiConsumer<Model, Object> secondSink = (m, k) -> second.add(new Seen(m, k));
            ResultShape.Models a = kept.withKeySink(firstSink);
            ResultShape.Models b = kept.withKeySink(secondSink);

            assertThat(shapes.keyedBase(b)).isSameAs(shapes.keyedBase(a));
            // Equal parts that are other objects: found by value, the same base all the same.
            ResultShape.Models equal = new ResultShape.Models(tag, new ArrayList<>(tag.columnFields()),
                    List.of(new ResultShape.Slot("_prefetch_key", null, Integer.class)), List.of(), false, List.of(),
                    firstSink);
            assertThat(shapes.keyedBase(equal)).isSameAs(shapes.keyedBase(a));
            // Another key column: another base.
            ResultShape.Models other = new ResultShape.Models(tag, tag.columnFields(),
                    List.of(new ResultShape.Slot("_other_key", null, Integer.class)), List.of(), false, List.of(),
                    firstSink);
            assertThat(shapes.keyedBase(other)).isNotSameAs(shapes.keyedBase(a));

            RowMapper ma = shapes.mapperFor(a);
            RowMapper mb = shapes.mapperFor(b);
            ShapeTag t1 = (ShapeTag) ma.map(new Row(1, "one", 10), null);
            ShapeTag t2 = (ShapeTag) mb.map(new Row(2, "two", 20), null);
            ShapeTag t3 = (ShapeTag) ma.map(new Row(3, "three", 10), null);
            assertThat(List.of(t1.id, t1.name, t2.id, t2.name, t3.id, t3.name))
                    .isEqualTo(List.of(1, "one", 2, "two", 3, "three"));
            assertThat(first).containsExactly(new Seen(t1, 10), new Seen(t3, 10));
            assertThat(second).containsExactly(new Seen(t2, 20));
            // The key is not stored on the instance.
            assertThat(Instances.stateIfPresent(t1)).isNull();
        }
    }
}
