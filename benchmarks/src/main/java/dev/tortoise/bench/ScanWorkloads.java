package dev.tortoise.bench;

import dev.tortoise.bench.model.Agg;
import dev.tortoise.bench.model.Stream;
import dev.tortoise.bench.spring.SNarrow;
import dev.tortoise.expression.Expression;
import dev.tortoise.expression.Functions;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** AG (count/sum grouped by level) and ST (a streamed scan with backpressure). */
final class ScanWorkloads {
    private ScanWorkloads() {
    }

    static final String AGG_SQL = "SELECT level, count(id), sum(id) FROM bench_agg GROUP BY level";

    static List<Object> aggRow(Readable row) {
        return Canon.of(row.get(0, Short.class), row.get(1, Long.class), row.get(2, Long.class));
    }

    @SuppressWarnings("unchecked")
    static Object sortByFirst(Object r) {
        return Canon.sorted((List<List<Object>>) r);
    }

    /** AG: count and sum grouped by level. */
    static final class Aggregate extends Workload {
        Aggregate() {
            super("AG", "narrow", "count(id), sum(id) grouped by level over 10,000 rows");
        }

        @Override
        public String notes(RawSql sql) {
            return "Spring Data's query API has no GROUP BY or aggregates: spring-data's row sends raw's statement "
                    + "through `DatabaseClient` and maps rows by hand.";
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.aggRows();
        }

        @Override
        public void setup(Ctx ctx) {
            ctx.once("bench_agg", () -> {
                ctx.db.exec(ctx.sql().narrowDdl("bench_agg"));
                ctx.db.exec(ctx.sql().narrowFill("bench_agg", ctx.sizes.aggRows(), "r % 10"),
                        ctx.sql().analyze("bench_agg"));
            });
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(AGG_SQL).execute())
                            .concatMap(r -> r.map((row, md) -> aggRow(row))).collectList());
                }

                public Object canonical(Object r) {
                    return sortByFirst(r);
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.client.sql(AGG_SQL).map((row, md) -> aggRow(row)).all().collectList();
                }

                public Object canonical(Object r) {
                    return sortByFirst(r);
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            Expression count = Functions.count("id");
            Expression sum = Functions.sum("id");
            Map<String, Expression> annotations = new LinkedHashMap<>();
            annotations.put("n", count);
            annotations.put("s", sum);
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.of(Agg.class).annotate(annotations).groupBy("level").valuesList("level", "n", "s")
                            .toList();
                }

                @SuppressWarnings("unchecked")
                public Object canonical(Object r) {
                    List<List<Object>> out = new ArrayList<>();
                    for (List<Object> l : (List<List<Object>>) r) {
                        out.add(Canon.of(l.toArray()));
                    }
                    return Canon.sorted(out);
                }
            };
        }
    }

    static final String STREAM_SQL = "SELECT id, timestamp, level, text FROM bench_stream";
    static final int FETCH_SIZE = 1000;
    static final int REQUEST = 256;

    /** The streamed result, folded: rows, sum of ids, sum of levels. */
    static List<Object> fold(long[] acc) {
        return List.of(acc[0], acc[1], acc[2]);
    }

    static long[] add(long[] acc, Integer id, Short level) {
        acc[0]++;
        acc[1] += id;
        acc[2] += level;
        return acc;
    }

    /** ST: stream every row with a fetch size, requesting 256 at a time. */
    static final class StreamScan extends Workload {
        StreamScan() {
            super("ST", "narrow", "stream the table: 100,000 rows (10,000 in quick mode), fetch size 1,000, request 256 at a time");
        }

        @Override
        public String notes(RawSql sql) {
            return "spring-data streams the entities with `R2dbcEntityTemplate.select(…).from(\"bench_stream\")"
                    + ".withFetchSize(1000).all()`; spring-data (DatabaseClient) sends raw's statement with "
                    + "`fetchSize(1000)` and maps rows by hand.";
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.streamRows();
        }

        @Override
        public boolean heavy() {
            return true;
        }

        @Override
        public void setup(Ctx ctx) {
            ctx.once("bench_stream", () -> {
                ctx.db.exec(ctx.sql().narrowDdl("bench_stream"));
                ctx.db.exec(ctx.sql().narrowFill("bench_stream", ctx.sizes.streamRows(), null),
                        ctx.sql().analyze("bench_stream"));
            });
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            return one((seq, slot) -> ctx.raw(c -> Flux.from(c.createStatement(STREAM_SQL).fetchSize(FETCH_SIZE)
                            .execute()).concatMap(r -> r.map((row, md) -> SNarrow.read(row)))
                    .limitRate(REQUEST).reduce(new long[3], (a, n) -> add(a, n.id, n.level)).map(ScanWorkloads::fold)));
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return (seq, slot) -> ctx.template.select(SNarrow.class).from("bench_stream").withFetchSize(FETCH_SIZE)
                    .all().limitRate(REQUEST).reduce(new long[3], (a, n) -> add(a, n.id, n.level))
                    .map(ScanWorkloads::fold);
        }

        @Override
        protected Impl springClient(Ctx ctx) {
            return (seq, slot) -> ctx.plainClient.sql(STREAM_SQL).filter(s -> s.fetchSize(FETCH_SIZE))
                    .map((row, md) -> SNarrow.read(row)).all()
                    .limitRate(REQUEST).reduce(new long[3], (a, n) -> add(a, n.id, n.level)).map(ScanWorkloads::fold);
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            return (seq, slot) -> ctx.orm.of(Stream.class).all().fetchSize(FETCH_SIZE).flux().limitRate(REQUEST)
                    .reduce(new long[3], (a, n) -> add(a, n.id, n.level)).map(ScanWorkloads::fold);
        }
    }
}
