package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.ValidationError;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.FieldDeclaration;
import dev.tortoise.field.FieldType;
import dev.tortoise.field.FieldTypeFactory;
import dev.tortoise.field.TortoiseField;
import dev.tortoise.sql.ast.ColumnType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntEnumField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.testing.TestSupport;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import reactor.test.StepVerifier;

/**
 * bulk_create's row writers ({@link BulkRows}): the generated writer and the column loop take every object's row
 * exactly as the loop bulk_create ran before them ({@link #reference}): the same database values, skipped columns,
 * auto_now columns, values written back to the objects, and the same ValidationError at the same column; and a
 * bulk_create through them sends the statements it sent before.
 */
class BulkRowWriterTest {

    @Meta(table = "bw_owner")
    public static class Owner extends Model {
        @IntField(primaryKey = true, generated = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
    }

    @Meta(table = "bw_row")
    public static class Row extends Model {
        @IntField(primaryKey = true, generated = true)
        public Integer id;
        @CharField(maxLength = 5)
        public String code;
        @IntField(defaultValue = "7")
        public Integer qty;
        @CharField(maxLength = 20, nullable = true)
        public String note;
        @CharEnumField(nullable = true)
        public TestSupport.Color colour;
        @IntEnumField(nullable = true)
        public TestSupport.Level level;
        @JSONField(nullable = true)
        public Object data;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
        @DatetimeField(autoNow = true)
        public OffsetDateTime modified;
        @ForeignKeyField(relatedName = "rows", nullable = true)
        public ForeignKey<Owner> owner;
    }

    /** A field kind of the user's own whose database value differs from the attribute: text stored upper-case. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @TortoiseField(factory = ShoutFactory.class)
    public @interface ShoutField {
        int maxLength() default 40;

        boolean nullable() default false;
    }

    public static final class ShoutFactory implements FieldTypeFactory {
        @Override
        public FieldType create(FieldDeclaration d) {
            return new ShoutType(d.field(), d.javaType(), d.maxLength());
        }
    }

    static final class ShoutType extends FieldType {
        private final ColumnType column;

        ShoutType(String field, Class<?> javaType, int maxLength) {
            super(field, javaType);
            this.column = ColumnType.varchar(maxLength);
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
            return column;
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
        public boolean isText() {
            return true;
        }

        @Override
        public Object coerce(Object input) {
            return input;
        }

        @Override
        public Object toDb(Object value) {
            return value == null ? null : ((String) value).toUpperCase(java.util.Locale.ROOT);
        }
    }

    @Meta(table = "bw_shouted")
    public static class Shouted extends Model {
        @IntField(primaryKey = true, generated = true)
        public Integer id;
        @ShoutField(nullable = true)
        public String slug;
    }

    private static final OffsetDateTime GIVEN = OffsetDateTime.parse("2020-01-02T03:04:05Z");

    /** Row {@code i} of a mix: explicit keys or none, defaults taken or not, nulls, enums, JSON, a key or none. */
    private static Row row(int i, Owner owner) {
        Row r = new Row();
        if (i % 5 == 0) {
            r.id = 1000 + i;
        }
        r.code = "c" + i % 100;
        r.qty = i % 3 == 0 ? null : i;
        r.note = i % 2 == 0 ? null : "n" + i;
        r.colour = i % 4 == 0 ? null : i % 4 == 1 ? TestSupport.Color.RED : TestSupport.Color.DARK_BLUE;
        r.level = i % 3 == 1 ? TestSupport.Level.HIGH : null;
        r.data = i % 2 == 0 ? Map.of("k", i) : i % 3 == 0 ? List.of(i, "x") : null;
        r.created = i % 7 == 0 ? GIVEN : null;
        r.modified = i % 6 == 0 ? GIVEN : null;
        if (owner != null && i % 2 == 1) {
            r.owner.set(owner);
        }
        return r;
    }

    private static ModelMeta meta(Env env, Class<? extends Model> model) {
        return env.of(model).meta();
    }

    /** The loop bulk_create ran per object before the row writers, kept as the reference they must match. */
    private static int reference(List<FieldMeta> fields, Model m, Object[] row, boolean[] skipped, boolean[] tookNow,
                                 Object[] now, Object[] nowDb) {
        int nSkipped = 0;
        for (int i = 0; i < fields.size(); i++) {
            FieldMeta f = fields.get(i);
            Object v = f.get(m);
            if (v == null && f.hasDefault()) {
                f.set(m, f.defaultValue());
                v = f.get(m);
            }
            tookNow[i] = false;
            if (f.autoNowAdd() && (f.autoNow() || v == null)) {
                if (now[i] == null) {
                    now[i] = f.type().now();
                }
                f.set(m, now[i]);
                v = f.get(m);
                tookNow[i] = true;
            }
            if (v == null && f.generated()) {
                skipped[i] = true;
                nSkipped++;
                continue;
            }
            skipped[i] = false;
            f.validate(v);
            if (tookNow[i]) {
                if (nowDb[i] == null) {
                    nowDb[i] = f.type().toDb(v);
                }
                row[i] = nowDb[i];
            } else {
                row[i] = f.type().toDb(v);
            }
        }
        return nSkipped;
    }

    /** What one writer made of a list of objects: per object its outputs, or the error that stopped it. */
    private static List<String> run(ModelMeta meta, BulkRows.RowWriter writer, List<? extends Model> objects,
                                    Object[] givenNow) {
        List<FieldMeta> fields = meta.columnFields();
        int n = fields.size();
        Object[] now = givenNow.clone();
        Object[] nowDb = new Object[n];
        boolean[] skipped = new boolean[n];
        boolean[] tookNow = new boolean[n];
        List<String> out = new ArrayList<>();
        for (Model m : objects) {
            Object[] row = new Object[n];
            try {
                int s = writer == null ? reference(fields, m, row, skipped, tookNow, now, nowDb)
                        : writer.write(m, row, skipped, tookNow, now, nowDb);
                out.add(s + " " + Arrays.deepToString(row) + " " + Arrays.toString(skipped) + " "
                        + Arrays.toString(tookNow) + " " + Arrays.toString(nowDb) + " " + attributes(fields, m));
            } catch (RuntimeException e) {
                out.add(e.getClass().getName() + ": " + e.getMessage() + " " + Arrays.deepToString(row) + " "
                        + attributes(fields, m));
            }
        }
        return out;
    }

    private static String attributes(List<FieldMeta> fields, Model m) {
        StringBuilder b = new StringBuilder();
        for (FieldMeta f : fields) {
            b.append(f.name()).append('=').append(f.get(m)).append(';');
        }
        return b.toString();
    }

    /** The reference's, the generated writer's and the loop's outputs for {@code objects} made three times. */
    private static void assertSameAsReference(ModelMeta meta, IntFunction<List<? extends Model>> objects) {
        List<FieldMeta> fields = meta.columnFields();
        // The reference takes the call's instants; the writers are handed the same ones, so their rows compare.
        Object[] now = new Object[fields.size()];
        List<? extends Model> refObjects = objects.apply(0);
        List<String> expected = new ArrayList<>();
        {
            Object[] nowDb = new Object[fields.size()];
            boolean[] skipped = new boolean[fields.size()];
            boolean[] tookNow = new boolean[fields.size()];
            for (Model m : refObjects) {
                try {
                    reference(fields, m, new Object[fields.size()], skipped, tookNow, now, nowDb);
                } catch (RuntimeException e) {
                    // compared below
                }
            }
        }
        expected.addAll(run(meta, null, objects.apply(1), now));
        BulkRows.RowWriter generated = BulkRows.generate(fields);
        assertThat(generated).isNotNull();
        assertThat(generated.getClass().isHidden()).isTrue();
        // Many rounds, so that the JIT compiles the generated writer's column sites and they are compared too.
        for (int round = 0; round < 30; round++) {
            assertThat(run(meta, generated, objects.apply(2), now)).isEqualTo(expected);
            assertThat(run(meta, new BulkRows.LoopWriter(fields), objects.apply(3), now)).isEqualTo(expected);
        }
    }

    @DatabaseTest
    void theWritersTakeEveryColumnAsTheLoopDidDefaultsAutoNowNullsEnumsJsonKeys(DatabaseKind db) {
        try (Env env = Env.start(db, Owner.class, Row.class)) {
            Owner owner = new Owner();
            owner.name = "o";
            env.of(Owner.class).bulkCreate(List.of(owner)).block(Env.TIMEOUT);
            ModelMeta meta = meta(env, Row.class);
            assertThat(meta.columnFields()).extracting(FieldMeta::column).containsExactly("id", "code", "qty",
                    "note", "colour", "level", "data", "created", "modified", "owner_id");
            assertSameAsReference(meta, k -> {
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    rows.add(row(i, owner));
                }
                return rows;
            });
        }
    }

    @DatabaseTest
    void theWritersFailAtTheSameObjectAndColumnWithTheSameError(DatabaseKind db) {
        try (Env env = Env.start(db, Owner.class, Row.class)) {
            ModelMeta meta = meta(env, Row.class);
            assertSameAsReference(meta, k -> {
                List<Row> rows = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    Row r = row(i, null);
                    if (i % 4 == 1) {
                        r.code = "too-long-" + i;
                    } else if (i % 4 == 2) {
                        r.code = null;
                    }
                    rows.add(r);
                }
                return rows;
            });
            // Through bulk_create: the first failing object's error, as before.
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rows.add(row(i, null));
            }
            rows.get(2).code = null;
            rows.get(3).code = "toolong";
            StepVerifier.create(env.of(Row.class).bulkCreate(rows))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("code: code is non nullable field, but null was passed"))
                    .verify(Env.TIMEOUT);
            rows.get(2).code = "ok";
            StepVerifier.create(env.of(Row.class).bulkCreate(rows))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(ValidationError.class)
                            .hasMessage("code: Length of 'toolong' 7 > 5"))
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("bw_row")).isZero();
        }
    }

    @DatabaseTest
    void aCustomFieldTypeIsTakenAsTheLoopDid(DatabaseKind db) {
        try (Env env = Env.start(db, Shouted.class)) {
            ModelMeta meta = meta(env, Shouted.class);
            assertSameAsReference(meta, k -> {
                List<Shouted> rows = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Shouted a = new Shouted();
                    a.slug = i % 4 == 0 ? null : "s-" + i;
                    if (i % 3 == 0) {
                        a.id = 500 + i;
                    }
                    rows.add(a);
                }
                return rows;
            });
        }
    }

    @DatabaseTest
    void aBulkCreateSendsTheStatementsItSentBefore(DatabaseKind db) {
        try (Env env = Env.start(db, Owner.class, Row.class)) {
            Owner owner = new Owner();
            owner.name = "o";
            env.of(Owner.class).bulkCreate(List.of(owner)).block(Env.TIMEOUT);
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                rows.add(row(i, owner));
            }
            rows.add(row(5, owner));
            env.statements().clear();
            StepVerifier.create(env.of(Row.class).bulkCreate(rows).map(List::size))
                    .expectNext(5)
                    .expectComplete().verify(Env.TIMEOUT);
            ModelMeta meta = meta(env, Row.class);
            // Every object got the call's instants, one per auto_now(_add) column, bound as the field binds them.
            Object c = meta.field("created").type().toDb(rows.get(0).created);
            Object m = meta.field("modified").type().toDb(rows.get(0).modified);
            for (Row r : rows) {
                assertThat(r.created).isSameAs(rows.get(0).created);
                assertThat(r.modified).isSameAs(rows.get(0).modified);
            }
            assertThat(rows.get(2).qty).isEqualTo(7);
            List<String> sql = env.statements().events().stream().map(StatementEvent::sql).toList();
            List<List<Object>> bindings = env.statements().events().stream()
                    .map(e -> (List<Object>) new ArrayList<Object>(e.bindings())).toList();
            List<Object> explicit = Arrays.asList(1005, "c5", 5, "n5", "red", null, null, c, m, owner.id);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(sql).containsExactly(
                        "INSERT INTO \"bw_row\" (\"id\",\"code\",\"qty\",\"note\",\"colour\",\"level\",\"data\","
                        + "\"created\",\"modified\",\"owner_id\") VALUES ($1,$2,$3,$4,$5,$6,CAST($7 AS JSONB),$8,$9,$10)",
                        "SELECT CASE WHEN CAST($1 AS BIGINT) >= nextval(pg_get_serial_sequence($2, $3)) THEN "
                        + "setval(pg_get_serial_sequence($4, $5), CAST($6 AS BIGINT)) END",
                        "WITH \"i\" AS (INSERT INTO \"bw_row\" (\"code\",\"qty\",\"note\",\"colour\",\"level\",\"data\","
                        + "\"created\",\"modified\",\"owner_id\") SELECT \"s\".\"code\",\"s\".\"qty\",\"s\".\"note\","
                        + "\"s\".\"colour\",\"s\".\"level\",\"s\".\"data\",CAST($1 AS TIMESTAMPTZ),CAST($2 AS TIMESTAMPTZ),"
                        + "\"s\".\"owner_id\" FROM unnest(CAST($3 AS VARCHAR(5)[]),CAST($4 AS INT[]),CAST($5 AS VARCHAR(20)[]),"
                        + "CAST($6 AS VARCHAR(9)[]),CAST($7 AS SMALLINT[]),CAST($8 AS JSONB[]),CAST($9 AS INT[])) AS \"s\" "
                        + "(\"code\",\"qty\",\"note\",\"colour\",\"level\",\"data\",\"owner_id\") RETURNING \"id\")"
                        + dev.tortoise.testing.ExpectedSql.PG_KEY_TEXT);
                assertThat(bindings).containsExactly(explicit,
                        Arrays.asList(1005L, "\"bw_row\"", "id", "\"bw_row\"", "id", 1005L),
                        Arrays.asList(c, m, "{\"c1\",\"c2\",\"c3\",\"c4\"}", "{1,2,7,4}", "{\"n1\",NULL,\"n3\",NULL}",
                                "{\"red\",\"dark-blue\",\"dark-blue\",NULL}", "{300,NULL,NULL,300}",
                                "{NULL,\"{\\\"k\\\":2}\",\"[3,\\\"x\\\"]\",\"{\\\"k\\\":4}\"}",
                                "{" + owner.id + ",NULL," + owner.id + ",NULL}"));
            } else {
                String values = "($1,$2,$3,$4,$5,$6,$7,$8,$9)";
                String rowsText = "INSERT INTO \"bw_row\" (\"code\",\"qty\",\"note\",\"colour\",\"level\",\"data\","
                        + "\"created\",\"modified\",\"owner_id\") VALUES " + values + ",($10,$11,$12,$13,$14,$15,$16,$17,$18),"
                        + "($19,$20,$21,$22,$23,$24,$25,$26,$27),($28,$29,$30,$31,$32,$33,$34,$35,$36)";
                String first = "INSERT INTO \"bw_row\" (\"id\",\"code\",\"qty\",\"note\",\"colour\",\"level\",\"data\","
                        + "\"created\",\"modified\",\"owner_id\") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)";
                // An IntEnumField is a SMALLINT column: its value is bound as a Short.
                Object high = (short) 300;
                List<Object> rowBinds = Arrays.asList("c1", 1, "n1", "red", high, null, c, m, owner.id,
                        "c2", 2, null, "dark-blue", null, "{\"k\":2}", c, m, null,
                        "c3", 7, "n3", "dark-blue", null, "[3,\"x\"]", c, m, owner.id,
                        "c4", 4, null, null, high, "{\"k\":4}", c, m, null);
                if (db == DatabaseKind.H2) {
                    assertThat(sql).containsExactly(first,
                            "ALTER TABLE \"bw_row\" ALTER COLUMN \"id\" RESTART WITH GREATEST(CAST($1 AS BIGINT) + 1, "
                            + "(SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                            + "COALESCE(CAST($2 AS VARCHAR), CURRENT_SCHEMA) AND TABLE_NAME = $3 AND COLUMN_NAME = $4))",
                            "SELECT \"id\" FROM FINAL TABLE (" + rowsText + ")");
                    assertThat(bindings).containsExactly(explicit, Arrays.asList(1005L, null, "bw_row", "id"), rowBinds);
                } else {
                    assertThat(sql).containsExactly(ExpectedSql.on(db, first),
                            ExpectedSql.on(db, rowsText + " RETURNING \"id\""));
                    assertThat(bindings).containsExactly(explicit, rowBinds);
                }
            }
            assertThat(rows).extracting(r -> r.id).containsExactly(rows.get(0).id, rows.get(1).id, rows.get(2).id,
                    rows.get(3).id, 1005);
            assertThat(rows.get(0).id).isGreaterThan(1005);
        }
    }
}
