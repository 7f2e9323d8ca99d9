package dev.tortoise.bench;

import dev.tortoise.bench.model.Narrow;
import dev.tortoise.bench.model.NarrowBase;
import dev.tortoise.bench.model.Wide;
import dev.tortoise.bench.spring.SNarrow;
import dev.tortoise.bench.spring.SWide;
import io.r2dbc.spi.Result;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** D, E, F, G, H: reads of the narrow (and wide) table. */
final class ReadWorkloads {
    private ReadWorkloads() {
    }

    static final String NARROW_SELECT = "SELECT id, timestamp, level, text FROM bench_narrow";

    static void setupNarrow(Ctx ctx) {
        ctx.once("bench_narrow", () -> {
            ctx.db.exec(ctx.sql().narrowDdl("bench_narrow"));
            ctx.db.exec(ctx.sql().narrowFill("bench_narrow", ctx.sizes.readRows(), null),
                    ctx.sql().analyze("bench_narrow"));
        });
    }

    static List<Object> canon(NarrowBase n) {
        return Canon.of(n.id, n.timestamp, n.level, n.text);
    }

    @SuppressWarnings("unchecked")
    static Object sortedRows(Object result) {
        return Canon.sorted((List<List<Object>>) result);
    }

    /** D: every row of the table as objects. */
    static final class FetchAll extends Workload {
        private final boolean wide;

        FetchAll(boolean wide) {
            super("D", wide ? "wide" : "narrow", "fetch all rows (~1,000) to objects");
            this.wide = wide;
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return wide ? s.wideRows() : s.readRows();
        }

        @Override
        public void setup(Ctx ctx) {
            if (wide) {
                ctx.once("bench_wide", () -> ctx.db.exec(ctx.sql().wideDdl(),
                        ctx.sql().wideFill(ctx.sizes.wideRows()), ctx.sql().analyze("bench_wide")));
            } else {
                setupNarrow(ctx);
            }
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            if (wide) {
                String sql = "SELECT " + SWide.COLUMNS + " FROM bench_wide";
                return one(new Impl() {
                    public Mono<?> op(int seq, int slot) {
                        return ctx.raw(c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.map((row, md) -> SWide.read(row, ctx.json))).collectList());
                    }

                    public Object canonical(Object r) {
                        return Canon.sorted(((List<SWide>) r).stream().map(SWide::canonical).toList());
                    }
                });
            }
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(NARROW_SELECT).execute())
                            .concatMap(r -> r.map((row, md) -> SNarrow.read(row))).collectList());
                }

                public Object canonical(Object r) {
                    return Canon.sorted(((List<SNarrow>) r).stream().map(SNarrow::canonical).toList());
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            if (wide) {
                return new Impl() {
                    public Mono<?> op(int seq, int slot) {
                        return ctx.template.select(SWide.class).all().collectList();
                    }

                    public Object canonical(Object r) {
                        return Canon.sorted(((List<SWide>) r).stream().map(SWide::canonical).toList());
                    }
                };
            }
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.template.select(SNarrow.class).all().collectList();
                }

                public Object canonical(Object r) {
                    return Canon.sorted(((List<SNarrow>) r).stream().map(SNarrow::canonical).toList());
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            if (wide) {
                return new Impl() {
                    public Mono<?> op(int seq, int slot) {
                        return ctx.orm.of(Wide.class).all().toList();
                    }

                    public Object canonical(Object r) {
                        return Canon.sorted(((List<Wide>) r).stream().map(ReadWorkloads::canonWide).toList());
                    }
                };
            }
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.of(Narrow.class).all().toList();
                }

                public Object canonical(Object r) {
                    return Canon.sorted(((List<Narrow>) r).stream().map(ReadWorkloads::canon).toList());
                }
            };
        }
    }

    static List<Object> canonWide(Wide w) {
        return Canon.of(w.id, w.timestamp, w.level, w.text,
                w.col_float1, w.col_smallint1, w.col_int1, w.col_bigint1, w.col_char1, w.col_text1, w.col_decimal1, w.col_json1,
                w.col_float2, w.col_smallint2, w.col_int2, w.col_bigint2, w.col_char2, w.col_text2, w.col_decimal2, w.col_json2,
                w.col_float3, w.col_smallint3, w.col_int3, w.col_bigint3, w.col_char3, w.col_text3, w.col_decimal3, w.col_json3,
                w.col_float4, w.col_smallint4, w.col_int4, w.col_bigint4, w.col_char4, w.col_text4, w.col_decimal4, w.col_json4);
    }

    static short level(int seq) {
        return (short) ((seq % 5 + 1) * 10);
    }

    static int offset(int seq, Sizes s) {
        int perLevel = s.readRows() / 5;
        return Math.floorMod(seq * 37, Math.max(1, perLevel - 20));
    }

    static int pk(int seq, Sizes s) {
        return Math.floorMod(seq * 7919, s.readRows()) + 1;
    }

    /** E: filter by level, order by id, limit 20 at a pseudo-random offset. */
    static final class Paginate extends Workload {
        Paginate() {
            super("E", "narrow", "filter(level=x).order_by(id).limit(20).offset(random)");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return 20;
        }

        @Override
        public void setup(Ctx ctx) {
            setupNarrow(ctx);
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            String sql = ctx.sql().q(NARROW_SELECT + " WHERE level = $1 ORDER BY id LIMIT $2 OFFSET $3");
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(sql).bind(0, level(seq)).bind(1, 20)
                                    .bind(2, offset(seq, ctx.sizes)).execute())
                            .concatMap(r -> r.map((row, md) -> SNarrow.read(row))).collectList());
                }

                public Object canonical(Object r) {
                    return ((List<SNarrow>) r).stream().map(SNarrow::canonical).toList();
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.template.select(SNarrow.class).matching(Query.query(Criteria.where("level")
                                    .is(level(seq))).sort(Sort.by("id")).limit(20).offset(offset(seq, ctx.sizes)))
                            .all().collectList();
                }

                public Object canonical(Object r) {
                    return ((List<SNarrow>) r).stream().map(SNarrow::canonical).toList();
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.of(Narrow.class).filter("level", level(seq)).orderBy("id").limit(20)
                            .offset(offset(seq, ctx.sizes)).toList();
                }

                public Object canonical(Object r) {
                    return ((List<Narrow>) r).stream().map(ReadWorkloads::canon).toList();
                }
            };
        }
    }

    /** F: one row by primary key. */
    static final class GetByPk extends Workload {
        GetByPk() {
            super("F", "narrow", "get(id=x)");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return 1;
        }

        @Override
        public void setup(Ctx ctx) {
            setupNarrow(ctx);
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            String sql = ctx.sql().q(NARROW_SELECT + " WHERE id = $1");
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(sql).bind(0, pk(seq, ctx.sizes)).execute())
                            .concatMap(r -> r.map((row, md) -> SNarrow.read(row))).single());
                }

                public Object canonical(Object r) {
                    return ((SNarrow) r).canonical();
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.template.selectOne(Query.query(Criteria.where("id").is(pk(seq, ctx.sizes))),
                            SNarrow.class);
                }

                public Object canonical(Object r) {
                    return ((SNarrow) r).canonical();
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.of(Narrow.class).get("id", pk(seq, ctx.sizes));
                }

                public Object canonical(Object r) {
                    return canon((Narrow) r);
                }
            };
        }
    }

    /** G: every row as a map of column to value (values()). */
    static final class Values extends Workload {
        Values() {
            super("G", "narrow", "values() of all rows as maps");
        }

        @Override
        public String notes(RawSql sql) {
            return "Spring Data has no values(): spring-data's row is Spring's own way to read rows as maps, "
                    + "`DatabaseClient.sql(…).fetch().all()`.";
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.readRows();
        }

        @Override
        public void setup(Ctx ctx) {
            setupNarrow(ctx);
        }

        static Object canonMaps(Object r) {
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> m : (List<Map<String, Object>>) r) {
                rows.add(Canon.of(m.get("id"), m.get("timestamp"), m.get("level"), m.get("text")));
            }
            return Canon.sorted(rows);
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(NARROW_SELECT).execute())
                            .concatMap(r -> r.map((row, md) -> {
                                Map<String, Object> m = new LinkedHashMap<>(8);
                                m.put("id", row.get(0, Integer.class));
                                m.put("timestamp", dev.tortoise.bench.RawSql.timestamp(row, 1));
                                m.put("level", row.get(2, Short.class));
                                m.put("text", row.get(3, String.class));
                                return m;
                            })).collectList());
                }

                public Object canonical(Object r) {
                    return canonMaps(r);
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.client.sql(NARROW_SELECT).fetch().all().collectList();
                }

                public Object canonical(Object r) {
                    return canonMaps(r);
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.of(Narrow.class).values("id", "timestamp", "level", "text").toList();
                }

                public Object canonical(Object r) {
                    return canonMaps(r);
                }
            };
        }
    }

    /** H: every row as a tuple of values (values_list()). */
    static final class ValuesList extends Workload {
        ValuesList() {
            super("H", "narrow", "values_list() of all rows as tuples");
        }

        @Override
        public String notes(RawSql sql) {
            return "Spring Data has no values_list(): spring-data's row is `DatabaseClient` with a row mapper that "
                    + "builds the same lists as raw's.";
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.readRows();
        }

        @Override
        public void setup(Ctx ctx) {
            setupNarrow(ctx);
        }

        static Object canonLists(Object r) {
            List<List<Object>> rows = new ArrayList<>();
            for (List<Object> l : (List<List<Object>>) r) {
                rows.add(Canon.of(l.toArray()));
            }
            return Canon.sorted(rows);
        }

        static List<Object> tuple(io.r2dbc.spi.Readable row) {
            return Arrays.asList(row.get(0, Integer.class), dev.tortoise.bench.RawSql.timestamp(row, 1), row.get(2, Short.class),
                    row.get(3, String.class));
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(NARROW_SELECT).execute())
                            .concatMap(r -> r.map((row, md) -> tuple(row))).collectList());
                }

                public Object canonical(Object r) {
                    return canonLists(r);
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.client.sql(NARROW_SELECT).map((row, md) -> tuple(row)).all().collectList();
                }

                public Object canonical(Object r) {
                    return canonLists(r);
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.orm.of(Narrow.class).valuesList("id", "timestamp", "level", "text").toList();
                }

                public Object canonical(Object r) {
                    return canonLists(r);
                }
            };
        }
    }

    static Mono<Long> rowsUpdated(org.reactivestreams.Publisher<? extends Result> results) {
        return Flux.from(results).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum);
    }
}
