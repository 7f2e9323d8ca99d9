package dev.tortoise.internal.mapping;

import dev.tortoise.field.FieldType;
import dev.tortoise.internal.model.InstanceBinding;
import dev.tortoise.internal.model.Instances;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The row mappers of one runtime, one per result shape: built on the first query of a shape with
 * every column position and decoder worked out, then reused by every later query of that shape.
 * The shapes an application uses are fixed by its code, so the cache stays small; it is
 * nonetheless bounded, and starts over when it would exceed {@link #MAX_SHAPES}.
 */
public final class RowMappers {
    /** The most shapes kept at once. */
    static final int MAX_SHAPES = 1_024;

    private record ModelShape(ModelMeta model, List<FieldMeta> fields, List<ValueColumn> annotations,
                              List<RelatedColumns> related, boolean partial, boolean keyed) {
    }

    private record ValuesShape(List<ValueColumn> columns, ValueKind kind) {
    }

    private record ReturningShape(List<FieldMeta> fields) {
    }

    private static final RowMapper TEXT = (row, md) -> {
        StringBuilder sb = new StringBuilder();
        int n = md.getColumnMetadatas().size();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            sb.append(row.get(i, String.class));
        }
        return sb.toString();
    };

    private final InstanceBinding binding;
    private final RelatedAttacher attacher;
    private final Map<Object, RowMapper> cache = new ConcurrentHashMap<>();

    /**
     * @param binding the runtime every instance read is bound to
     * @param attacher stores select_related instances into their parents' relations
     */
    public RowMappers(InstanceBinding binding, RelatedAttacher attacher) {
        this.binding = binding;
        this.attacher = attacher;
        // GeneratedReaders reads its template's class file when it is initialised: here, as the runtime is
        // built on its caller's thread, not at the first query's first row on a driver's event loop.
        GeneratedReaders.available();
    }

    /**
     * The mapper of a model query: {@code fields} of {@code model} from column 0, then the
     * annotations, then the select_related slices; {@code partial} for an {@code only()} query.
     */
    public RowMapper models(ModelMeta model, List<FieldMeta> fields, List<ValueColumn> annotations,
                            List<RelatedColumns> related, boolean partial) {
        return cached(new ModelShape(model, fields, annotations, related, partial, false));
    }

    /**
     * The mapper of a model query whose last annotation is a key handed with each instance to
     * {@code keySink} (in row order) rather than stored on it; otherwise as {@link #models}. The mapper
     * of the shape is cached; the one returned, tied to {@code keySink}, is made per call (per statement).
     */
    public RowMapper keyedModels(ModelMeta model, List<FieldMeta> fields, List<ValueColumn> annotations,
                                 List<RelatedColumns> related, boolean partial, BiConsumer<Model, Object> keySink) {
        return withKeySink(keyedBase(model, fields, annotations, related, partial), keySink);
    }

    /**
     * The cached mapper of a keyed shape (see {@link #keyedModels}), for {@link #withKeySink}: a caller that
     * knows its shape by identity keeps it instead of looking the shape up by value for every statement.
     */
    public RowMapper keyedBase(ModelMeta model, List<FieldMeta> fields, List<ValueColumn> annotations,
                               List<RelatedColumns> related, boolean partial) {
        return cached(new ModelShape(model, fields, annotations, related, partial, true));
    }

    /** {@code keyedBase}, a mapper from {@link #keyedBase}, handing each row's key to {@code keySink}. */
    public static RowMapper withKeySink(RowMapper keyedBase, BiConsumer<Model, Object> keySink) {
        ModelRowMapper base = (ModelRowMapper) keyedBase;
        return (row, md) -> {
            Model instance = (Model) base.map(row, md);
            keySink.accept(instance, base.key(row));
            return instance;
        };
    }

    /** The mapper of a values query: a map, a list or a one-element list per row. */
    public RowMapper values(List<ValueColumn> columns, ValueKind kind) {
        return cached(new ValuesShape(columns, kind));
    }

    /** The mapper of a RETURNING result: an array of {@code fields}' values per row. */
    public RowMapper returning(List<FieldMeta> fields) {
        return cached(new ReturningShape(fields));
    }

    /**
     * The mapper of raw SQL read as {@code model}: columns are matched to fields by name on the
     * first row (the SQL is the application's, so its columns are known only then); columns of no
     * field become annotations. One mapper per statement.
     */
    public RowMapper raw(ModelMeta model) {
        return new RawRowMapper(model, binding);
    }

    /** The mapper of a text result ({@code explain()}): a row's columns joined by tabs. */
    public RowMapper text() {
        return TEXT;
    }

    private RowMapper cached(Object shape) {
        RowMapper mapper = cache.get(shape);
        if (mapper == null) {
            mapper = build(shape);
            if (cache.size() >= MAX_SHAPES) {
                cache.clear();
            }
            RowMapper raced = cache.putIfAbsent(shape, mapper);
            if (raced != null) {
                mapper = raced;
            }
        }
        return mapper;
    }

    /** How many shapes have a mapper now (for tests). */
    int size() {
        return cache.size();
    }

    private RowMapper build(Object shape) {
        if (shape instanceof ModelShape m) {
            return new ModelRowMapper(m.model(), m.fields(), m.annotations(), m.related(), m.partial(), m.keyed(),
                    binding, attacher);
        }
        if (shape instanceof ValuesShape v) {
            return values(v);
        }
        return returning((ReturningShape) shape);
    }

    private static RowMapper values(ValuesShape shape) {
        ValueReader[] readers = new ValueReader[shape.columns().size()];
        String[] keys = new String[readers.length];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new ValueReader(shape.columns().get(i), i);
            keys[i] = shape.columns().get(i).key();
        }
        return switch (shape.kind()) {
            case MAP -> (row, md) -> {
                Map<String, Object> out = new LinkedHashMap<>(readers.length * 2);
                for (int i = 0; i < readers.length; i++) {
                    out.put(keys[i], readers[i].read(row));
                }
                return out;
            };
            case LIST -> (row, md) -> {
                List<Object> out = new ArrayList<>(readers.length);
                for (ValueReader r : readers) {
                    out.add(r.read(row));
                }
                return out;
            };
            case FLAT -> (row, md) -> {
                List<Object> out = new ArrayList<>(1);
                out.add(readers[0].read(row));
                return out;
            };
        };
    }

    private static RowMapper returning(ReturningShape shape) {
        FieldMeta[] fields = shape.fields().toArray(new FieldMeta[0]);
        FieldType[] types = new FieldType[fields.length];
        Class<?>[] readClasses = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].type();
            readClasses[i] = types[i].readClass();
        }
        return (row, md) -> {
            Object[] out = new Object[fields.length];
            for (int i = 0; i < out.length; i++) {
                Object raw = row.get(i, readClasses[i]);
                out[i] = raw == null ? null : types[i].fromDb(raw);
            }
            return out;
        };
    }

    /** Raw SQL rows as instances; the column-to-field plan is made from the first row's metadata. */
    private static final class RawRowMapper implements RowMapper {
        private final ModelMeta meta;
        private final InstanceBinding binding;
        /** Per column: its field, or null for an annotation; set on the first row. */
        private FieldMeta[] plan;
        private String[] names;

        RawRowMapper(ModelMeta meta, InstanceBinding binding) {
            this.meta = meta;
            this.binding = binding;
        }

        private void plan(RowMetadata md) {
            List<? extends ColumnMetadata> columns = md.getColumnMetadatas();
            FieldMeta[] fields = new FieldMeta[columns.size()];
            String[] columnNames = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                String name = columns.get(i).getName();
                FieldMeta f = meta.byColumn(name);
                if (f == null) {
                    f = meta.byColumn(name.toLowerCase(Locale.ROOT));
                }
                fields[i] = f != null && f.type() != null ? f : null;
                columnNames[i] = name;
            }
            names = columnNames;
            plan = fields;
        }

        @Override
        public Object map(Readable row, RowMetadata md) {
            if (plan == null) {
                plan(md);
            }
            Model m = meta.newInstance();
            for (int i = 0; i < plan.length; i++) {
                FieldMeta f = plan[i];
                if (f != null) {
                    Object raw = row.get(i, f.type().readClass());
                    f.set(m, raw == null ? null : f.type().fromDb(raw));
                } else {
                    Instances.state(m).annotations().put(names[i], row.get(i));
                }
            }
            Instances.loaded(m, binding);
            return m;
        }
    }
}
