package dev.tortoise.bench;

import dev.tortoise.bench.model.NarrowW;
import dev.tortoise.bench.spring.SNarrow;
import dev.tortoise.bench.spring.SNarrowW;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.Manager;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A, B, C, I, J, K, L: writes to {@code bench_narrow_w}, reset before every contender. */
final class WriteWorkloads {
    private WriteWorkloads() {
    }

    static final String TABLE = "bench_narrow_w";
    static final String INSERT = "INSERT INTO bench_narrow_w (timestamp, level, text) VALUES ($1, $2, $3) RETURNING id";
    /** Most operations in flight: the write tables hold a disjoint chunk of rows per slot. */
    static final int MAX_SLOTS = 8;

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static short lvl(int seq, int j) {
        return (short) ((seq + j) % 50);
    }

    static String text(String what, int seq, int j) {
        return what + " " + seq + "/" + j;
    }

    abstract static class WriteWorkload extends Workload {
        WriteWorkload(String id, String variant, String title) {
            super(id, variant, title);
        }

        @Override
        public void setup(Ctx ctx) {
            ctx.once(TABLE, () -> ctx.db.exec(ctx.sql().narrowDdl(TABLE)));
        }

        @Override
        public void reset(Ctx ctx) {
            ctx.db.exec(ctx.sql().truncate(TABLE));
        }

        @Override
        public String stateQuery(RawSql sql) {
            return sql.narrowState(TABLE);
        }
    }

    static Mono<Integer> rawInsert(RawSql sql, Connection c, String insert, int seq, int j, String what) {
        return Flux.from(c.createStatement(insert).bind(0, sql.timestamp(now())).bind(1, lvl(seq, j)).bind(2, text(what, seq, j))
                .execute()).concatMap(r -> r.map((row, md) -> row.get(0, Integer.class))).single();
    }

    /** A: one insert in autocommit. */
    static final class InsertOne extends WriteWorkload {
        InsertOne() {
            super("A", "narrow", "insert one row (autocommit)");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return 1;
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            String insert = ctx.sql().q(INSERT);
            return one((seq, slot) -> ctx.raw(c -> rawInsert(ctx.sql(), c, insert, seq, 0, "a")).map(Long::valueOf));
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return (seq, slot) -> ctx.template.insert(new SNarrowW(null, now(), lvl(seq, 0), text("a", seq, 0)))
                    .map(e -> (long) e.id);
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            Manager<NarrowW> m = ctx.orm.of(NarrowW.class);
            return (seq, slot) -> m.create("level", lvl(seq, 0), "text", text("a", seq, 0)).map(e -> (long) e.id);
        }
    }

    /** B: perTx inserts, one by one, in one transaction. */
    static final class InsertTx extends WriteWorkload {
        InsertTx() {
            super("B", "narrow", "100 inserts in one transaction");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.perTx();
        }

        @Override
        public boolean heavy() {
            return true;
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            int n = ctx.sizes.perTx();
            String insert = ctx.sql().q(INSERT);
            return one((seq, slot) -> ctx.rawTx(c -> Flux.range(0, n).concatMap(j -> rawInsert(ctx.sql(), c, insert, seq, j, "b"))
                    .count()));
        }

        @Override
        protected Impl spring(Ctx ctx) {
            int n = ctx.sizes.perTx();
            return (seq, slot) -> Flux.range(0, n)
                    .concatMap(j -> ctx.template.insert(new SNarrowW(null, now(), lvl(seq, j), text("b", seq, j))))
                    .as(ctx.springTx::transactional).count();
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            int n = ctx.sizes.perTx();
            Manager<NarrowW> m = ctx.orm.of(NarrowW.class);
            return (seq, slot) -> ctx.orm.inTransaction(tx -> Flux.range(0, n)
                    .concatMap(j -> m.create("level", lvl(seq, j), "text", text("b", seq, j)))).count();
        }
    }

    /** C: one bulk insert of many rows. */
    static final class BulkInsert extends WriteWorkload {
        private final boolean large;

        BulkInsert(boolean large) {
            super("C", large ? "10000 rows" : "1000 rows", "bulk insert");
            this.large = large;
        }

        int rows(Sizes s) {
            return large ? s.bulkLarge() : s.bulkSmall();
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return rows(s);
        }

        @Override
        public boolean heavy() {
            return large;
        }

        @Override
        public boolean skipInQuick(Contender c, int inflight) {
            return c == Contender.SPRING && inflight > 1;
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            int n = rows(ctx.sizes);
            StringBuilder values = new StringBuilder("INSERT INTO bench_narrow_w (timestamp, level, text) VALUES ");
            for (int j = 0; j < n; j++) {
                values.append(j == 0 ? "" : ", ").append("($").append(3 * j + 1).append(", $").append(3 * j + 2)
                        .append(", $").append(3 * j + 3).append(')');
            }
            String valuesSql = ctx.sql().q(values.toString());
            String unnestSql = "INSERT INTO bench_narrow_w (timestamp, level, text) SELECT $1, l, t "
                    + "FROM unnest($2::int2[], $3::varchar[]) AS u(l, t)";
            String copySql = "COPY bench_narrow_w (timestamp, level, text) FROM STDIN";
            Map<String, Impl> all = new java.util.LinkedHashMap<>();
            all.put("values", (seq, slot) -> ctx.raw(c -> {
                Statement st = c.createStatement(valuesSql);
                Object now = ctx.sql().timestamp(now());
                for (int j = 0; j < n; j++) {
                    st.bind(3 * j, now).bind(3 * j + 1, lvl(seq, j)).bind(3 * j + 2, text("c", seq, j));
                }
                return ReadWorkloads.rowsUpdated(st.execute());
            }));
            all.put("unnest", (seq, slot) -> ctx.raw(c -> {
                Short[] levels = new Short[n];
                String[] texts = new String[n];
                for (int j = 0; j < n; j++) {
                    levels[j] = lvl(seq, j);
                    texts[j] = text("c", seq, j);
                }
                return ReadWorkloads.rowsUpdated(c.createStatement(unnestSql).bind(0, now()).bind(1, levels)
                        .bind(2, texts).execute());
            }));
            all.put("copy", (seq, slot) -> ctx.raw(c -> {
                StringBuilder sb = new StringBuilder(n * 32);
                String now = now().toString();
                for (int j = 0; j < n; j++) {
                    sb.append(now).append('\t').append(lvl(seq, j)).append('\t');
                    copyEscape(sb, text("c", seq, j));
                    sb.append('\n');
                }
                ByteBuf buf = Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8));
                ctx.db.countExtra(Contender.RAW);
                return unwrapPg(c).copyIn(copySql, Mono.just(buf));
            }));
            Map<String, Impl> methods = new java.util.LinkedHashMap<>();
            for (String method : ctx.sql().bulkInsertMethods()) {
                methods.put(method, java.util.Objects.requireNonNull(all.get(method), method));
            }
            return methods;
        }

        @Override
        public String notes(RawSql sql) {
            return "Spring Data R2DBC has no bulk insert: its row inserts the rows one by one with "
                    + "`R2dbcEntityTemplate.insert` (one INSERT statement per row, each reading back the generated "
                    + "id) in one transaction, hence its statements per operation"
                    + " (at 8 in flight it is left out of quick mode: one batch takes tens of seconds). "
                    + "Raw runs each of its methods (" + String.join(", ", sql.bulkInsertMethods()) + ": one "
                    + (sql.bulkInsertMethods().size() > 1 ? "multi-row INSERT … VALUES, one INSERT … SELECT FROM "
                    + "unnest of arrays, one COPY FROM STDIN), " : "multi-row INSERT … VALUES), ")
                    + "and tortoise is compared with the best of them; raw reads no keys back, tortoise's "
                    + "`bulkCreate` writes the generated keys back to the objects. Each contender makes its input "
                    + "from the same values inside the operation: raw its arrays or text, spring-data and tortoise "
                    + "one entity per row with `new` and its fields set (tortoise's typed way, `new NarrowW()`; "
                    + "`bulkCreate` applies the defaults and `auto_now_add`).";
        }

        @Override
        protected Impl spring(Ctx ctx) {
            int n = rows(ctx.sizes);
            return (seq, slot) -> Flux.range(0, n)
                    .concatMap(j -> ctx.template.insert(new SNarrowW(null, now(), lvl(seq, j), text("c", seq, j))))
                    .as(ctx.springTx::transactional).count();
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            int n = rows(ctx.sizes);
            Manager<NarrowW> m = ctx.orm.of(NarrowW.class);
            return (seq, slot) -> {
                // The typed way to make an instance (README: `new Event()`, fields set), as spring-data's row makes
                // its entities; bulkCreate applies the defaults and auto_now_add and binds the instances.
                List<NarrowW> objs = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    NarrowW w = new NarrowW();
                    w.level = lvl(seq, j);
                    w.text = text("c", seq, j);
                    objs.add(w);
                }
                return m.bulkCreate(objs).thenReturn((long) n);
            };
        }
    }

    static void copyEscape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static PostgresqlConnection unwrapPg(Connection c) {
        Object x = c;
        for (int i = 0; i < 5 && !(x instanceof PostgresqlConnection); i++) {
            x = ((Wrapped<Object>) x).unwrap();
        }
        return (PostgresqlConnection) x;
    }

    /** The rows of each slot's chunk, as every contender's objects, loaded before a batch (untimed). */
    abstract static class ChunkWorkload extends WriteWorkload {
        ChunkWorkload(String id, String title) {
            super(id, "narrow", title);
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.perTx();
        }

        @Override
        public boolean heavy() {
            return true;
        }

        @Override
        public void reset(Ctx ctx) {
            super.reset(ctx);
            ctx.db.exec(ctx.sql().narrowFill(TABLE, MAX_SLOTS * ctx.sizes.perTx(), null));
        }

        static List<SNarrow> rawRows(Ctx ctx) {
            return ctx.raw(c -> Flux.from(c.createStatement("SELECT id, timestamp, level, text FROM bench_narrow_w "
                    + "ORDER BY id").execute()).concatMap(r -> r.map((row, md) -> SNarrow.read(row))).collectList())
                    .block(BenchDb.TIMEOUT);
        }

        static List<SNarrowW> springRows(Ctx ctx) {
            return ctx.template.select(SNarrowW.class).matching(Query.empty().sort(
                    org.springframework.data.domain.Sort.by("id"))).all().collectList().block(BenchDb.TIMEOUT);
        }

        static List<NarrowW> tortoiseRows(Ctx ctx) {
            return ctx.orm.of(NarrowW.class).all().orderBy("id").toList().block(BenchDb.TIMEOUT);
        }
    }

    /** I and J: update each row of the slot's chunk, whole or partial, in one transaction. */
    static final class UpdateRows extends ChunkWorkload {
        private final boolean partial;

        UpdateRows(boolean partial) {
            super(partial ? "J" : "I", partial ? "100 updates of level and text (update_fields) in one transaction"
                    : "100 whole-row updates in one transaction");
            this.partial = partial;
        }

        @Override
        public String notes(RawSql sql) {
            return partial ? "Spring Data cannot save some fields of an entity: spring-data's row runs "
                    + "`update(…).matching(where(\"id\")).apply(Update.update(\"level\", …).set(\"text\", …))` per row."
                    : "";
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            int n = ctx.sizes.perTx();
            String sql = ctx.sql().q(partial ? "UPDATE bench_narrow_w SET level = $1, text = $2 WHERE id = $3"
                    : "UPDATE bench_narrow_w SET timestamp = $1, level = $2, text = $3 WHERE id = $4");
            return one(new Impl() {
                List<SNarrow> rows;

                public void prepare(int ops, int slots) {
                    rows = rawRows(ctx);
                }

                public Mono<?> op(int seq, int slot) {
                    return ctx.rawTx(c -> Flux.range(0, n).concatMap(j -> {
                        SNarrow r = rows.get(slot * n + j);
                        r.level = lvl(seq, j);
                        r.text = text("u", seq, j);
                        Statement st = c.createStatement(sql);
                        if (partial) {
                            st.bind(0, r.level).bind(1, r.text).bind(2, r.id);
                        } else {
                            st.bind(0, ctx.sql().timestamp(r.timestamp)).bind(1, r.level).bind(2, r.text).bind(3, r.id);
                        }
                        return ReadWorkloads.rowsUpdated(st.execute());
                    }).reduce(0L, Long::sum));
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            int n = ctx.sizes.perTx();
            return new Impl() {
                List<SNarrowW> rows;

                public void prepare(int ops, int slots) {
                    rows = springRows(ctx);
                }

                public Mono<?> op(int seq, int slot) {
                    return Flux.range(0, n).concatMap(j -> {
                        SNarrowW r = rows.get(slot * n + j);
                        r.level = lvl(seq, j);
                        r.text = text("u", seq, j);
                        if (partial) {
                            return ctx.template.update(SNarrowW.class).matching(Query.query(Criteria.where("id")
                                    .is(r.id))).apply(Update.update("level", r.level).set("text", r.text));
                        }
                        return ctx.template.update(r).thenReturn(1L);
                    }).as(ctx.springTx::transactional).reduce(0L, Long::sum);
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            int n = ctx.sizes.perTx();
            Manager<NarrowW> m = ctx.orm.of(NarrowW.class);
            SaveOptions options = partial ? SaveOptions.updateFields("level", "text") : SaveOptions.DEFAULT;
            return new Impl() {
                List<NarrowW> rows;

                public void prepare(int ops, int slots) {
                    rows = tortoiseRows(ctx);
                }

                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.inTransaction(tx -> Flux.range(0, n).concatMap(j -> {
                        NarrowW r = rows.get(slot * n + j);
                        r.level = lvl(seq, j);
                        r.text = text("u", seq, j);
                        return m.save(r, options).thenReturn(1L);
                    })).reduce(0L, Long::sum);
                }
            };
        }
    }

    /** K: delete each of perTx rows by primary key in one transaction. */
    static final class DeleteRows extends ChunkWorkload {
        DeleteRows() {
            super("K", "100 deletes by primary key in one transaction");
        }

        @Override
        public void reset(Ctx ctx) {
            ctx.db.exec(ctx.sql().truncate(TABLE));
        }

        /** Fresh rows for a batch: ops x perTx of them, ids 1.., operation seq deleting its own range. */
        void refill(Ctx ctx, int ops) {
            ctx.db.exec(ctx.sql().truncate(TABLE), ctx.sql().narrowFill(TABLE, ops * ctx.sizes.perTx(), null));
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            int n = ctx.sizes.perTx();
            String sql = ctx.sql().q("DELETE FROM bench_narrow_w WHERE id = $1");
            return one(new Impl() {
                List<SNarrow> rows;

                public void prepare(int ops, int slots) {
                    refill(ctx, ops);
                    rows = rawRows(ctx);
                }

                public Mono<?> op(int seq, int slot) {
                    return ctx.rawTx(c -> Flux.range(0, n).concatMap(j -> ReadWorkloads.rowsUpdated(
                            c.createStatement(sql).bind(0, rows.get(seq * n + j).id).execute())).reduce(0L, Long::sum));
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            int n = ctx.sizes.perTx();
            return new Impl() {
                List<SNarrowW> rows;

                public void prepare(int ops, int slots) {
                    refill(ctx, ops);
                    rows = springRows(ctx);
                }

                public Mono<?> op(int seq, int slot) {
                    return Flux.range(0, n).concatMap(j -> ctx.template.delete(rows.get(seq * n + j)).thenReturn(1L))
                            .as(ctx.springTx::transactional).reduce(0L, Long::sum);
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            int n = ctx.sizes.perTx();
            Manager<NarrowW> m = ctx.orm.of(NarrowW.class);
            return new Impl() {
                List<NarrowW> rows;

                public void prepare(int ops, int slots) {
                    refill(ctx, ops);
                    rows = tortoiseRows(ctx);
                }

                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.inTransaction(tx -> Flux.range(0, n)
                            .concatMap(j -> m.delete(rows.get(seq * n + j)).thenReturn(1L))).reduce(0L, Long::sum);
                }
            };
        }
    }

    /** L: one queryset update of updateRows rows (the slot's level). */
    static final class BulkUpdate extends WriteWorkload {
        BulkUpdate() {
            super("L", "narrow", "one queryset update of 1,000 rows");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.updateRows();
        }

        @Override
        public void reset(Ctx ctx) {
            super.reset(ctx);
            ctx.db.exec(ctx.sql().narrowFill(TABLE, MAX_SLOTS * ctx.sizes.updateRows(), "r % " + MAX_SLOTS));
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            String sql = ctx.sql().q("UPDATE bench_narrow_w SET text = $1 WHERE level = $2");
            return one((seq, slot) -> ctx.raw(c -> ReadWorkloads.rowsUpdated(c.createStatement(sql)
                    .bind(0, text("l", seq, 0)).bind(1, (short) slot).execute())));
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return (seq, slot) -> ctx.template.update(SNarrowW.class)
                    .matching(Query.query(Criteria.where("level").is((short) slot)))
                    .apply(Update.update("text", text("l", seq, 0)));
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            Manager<NarrowW> m = ctx.orm.of(NarrowW.class);
            return (seq, slot) -> m.filter("level", (short) slot).update("text", text("l", seq, 0));
        }
    }

}
