package dev.tortoise.bench;

import dev.tortoise.Tortoise;
import dev.tortoise.bench.model.Child;
import dev.tortoise.bench.model.Item;
import dev.tortoise.bench.model.Parent;
import dev.tortoise.bench.model.Tag;
import dev.tortoise.bench.spring.ChildRepository;
import dev.tortoise.bench.spring.SChild;
import dev.tortoise.bench.spring.SItem;
import dev.tortoise.bench.spring.SParent;
import dev.tortoise.bench.spring.SJoinedChild;
import dev.tortoise.bench.spring.STag;
import dev.tortoise.bench.spring.TagRepository;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** P1, P2, S: relations (prefetch through a foreign key and an M2M, and select_related). */
final class RelationWorkloads {
    private RelationWorkloads() {
    }

    static void setup(Ctx ctx) {
        Sizes s = ctx.sizes;
        ctx.once("relations", () -> {
            RawSql sql = ctx.sql();
            ctx.db.exec(sql.relationsDdl());
            ctx.db.exec(sql.relationsFill(s));
            for (String t : List.of("bench_parent", "bench_child", "bench_item", "bench_tag", "bench_item_tag")) {
                ctx.db.exec(sql.analyze(t));
            }
        });
    }

    static Tortoise orm(Ctx ctx) {
        if (ctx.relOrm == null) {
            throw new Workload.NotAvailable("the relation models do not load: " + ctx.relOrmError);
        }
        return ctx.relOrm;
    }

    static List<Object> parentCanon(long id, String name, List<List<Object>> children) {
        List<List<Object>> sorted = new ArrayList<>(children);
        sorted.sort(Comparator.comparingLong(r -> (Long) r.get(0)));
        return List.of(id, name, sorted);
    }

    @SuppressWarnings("unchecked")
    static Object sortParents(Object rows) {
        List<List<Object>> l = new ArrayList<>((List<List<Object>>) rows);
        l.sort(Comparator.comparingLong(r -> (Long) r.get(0)));
        return l;
    }

    static final String PARENTS = "SELECT id, name FROM bench_parent";

    /** The children of {@code n} parents, their ids bound as one array on PostgreSQL. */
    static String childrenSql(RawSql sql, int n) {
        return sql.q("SELECT id, parent_id, level, text FROM bench_child WHERE ") + sql.inList("parent_id", 1, n);
    }

    static SChild readChild(Readable row, int o) {
        SChild c = new SChild();
        c.id = row.get(o, Integer.class);
        c.parentId = row.get(o + 1, Integer.class);
        c.level = row.get(o + 2, Short.class);
        c.text = row.get(o + 3, String.class);
        return c;
    }

    static List<Object> childCanon(SChild c) {
        return Canon.of(c.id, c.parentId, c.level, c.text);
    }

    static Object canonSParents(Object r) {
        List<List<Object>> out = new ArrayList<>();
        for (SParent p : (List<SParent>) r) {
            out.add(parentCanon(p.id, p.name, p.children.stream().map(RelationWorkloads::childCanon).toList()));
        }
        return sortParents(out);
    }

    /** P1: parents with their children prefetched. */
    static final class PrefetchFk extends Workload {
        PrefetchFk() {
            super("P1", "fk", "100 parents with prefetch_related(children) (1,000 children)");
        }

        @Override
        public String notes(RawSql sql) {
            return "Spring Data R2DBC has no relations to prefetch: spring-data reads the parents with "
                    + "`R2dbcEntityTemplate.select` and their children with `select(…).matching(where(\"parent_id\")"
                    + ".in(ids))` (one bind per id), both as entities, and stitches them; raw binds the ids as one "
                    + "array (`" + childrenSql(sql, 100) + "`).";
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.parents() + s.children();
        }

        @Override
        public void setup(Ctx ctx) {
            RelationWorkloads.setup(ctx);
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            String children = childrenSql(ctx.sql(), ctx.sizes.parents());
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(PARENTS).execute())
                            .concatMap(r -> r.map((row, md) -> {
                                SParent p = new SParent();
                                p.id = row.get(0, Integer.class);
                                p.name = row.get(1, String.class);
                                return p;
                            })).collectList().flatMap(parents -> {
                                Map<Integer, SParent> byId = new HashMap<>(parents.size() * 2);
                                Integer[] ids = new Integer[parents.size()];
                                for (int i = 0; i < ids.length; i++) {
                                    ids[i] = parents.get(i).id;
                                    byId.put(ids[i], parents.get(i));
                                }
                                Statement st = c.createStatement(children);
                                ctx.sql().bindInList(st, 0, ids);
                                return Flux.from(st.execute())
                                        .concatMap(r -> r.map((row, md) -> readChild(row, 0)))
                                        .doOnNext(ch -> byId.get(ch.parentId).children.add(ch))
                                        .then(Mono.just(parents));
                            }));
                }

                public Object canonical(Object r) {
                    return canonSParents(r);
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.template.select(SParent.class).all().collectList().flatMap(parents -> {
                        Map<Integer, SParent> byId = new HashMap<>(parents.size() * 2);
                        for (SParent p : parents) {
                            byId.put(p.id, p);
                        }
                        return ctx.template.select(SChild.class)
                                .matching(Query.query(Criteria.where("parent_id").in(byId.keySet()))).all()
                                .doOnNext(ch -> byId.get(ch.parentId).children.add(ch))
                                .then(Mono.just(parents));
                    });
                }

                public Object canonical(Object r) {
                    return canonSParents(r);
                }
            };
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            Tortoise orm = orm(ctx);
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return orm.of(Parent.class).all().prefetchRelated("children").toList();
                }

                public Object canonical(Object r) {
                    List<List<Object>> out = new ArrayList<>();
                    for (Parent p : (List<Parent>) r) {
                        out.add(parentCanon(p.id, p.name, p.children.list().stream()
                                .map(ch -> Canon.of(ch.id, ch.parent.id(), ch.level, ch.text)).toList()));
                    }
                    return sortParents(out);
                }
            };
        }
    }

    static final String ITEMS = "SELECT id, name FROM bench_item";

    /** The tags of {@code n} items through the join table, the item ids bound as one array on PostgreSQL. */
    static String tagsSql(RawSql sql, int n) {
        return sql.q("SELECT it.item_id, t.id, t.name FROM bench_tag t JOIN bench_item_tag it ON it.tag_id = t.id "
                + "WHERE ") + sql.inList("it.item_id", 1, n);
    }

    static SItem readItem(Readable row) {
        SItem i = new SItem();
        i.id = row.get(0, Integer.class);
        i.name = row.get(1, String.class);
        return i;
    }

    static int addTag(Map<Integer, SItem> byId, Readable row) {
        byId.get(row.get(0, Integer.class)).tags.add(new STag(row.get(1, Integer.class), row.get(2, String.class)));
        return 1;
    }

    static Object canonSItems(Object r) {
        List<List<Object>> out = new ArrayList<>();
        for (SItem i : (List<SItem>) r) {
            out.add(parentCanon(i.id, i.name, i.tags.stream().map(t -> Canon.of(t.id, t.name)).toList()));
        }
        return sortParents(out);
    }

    /** P2: items with their tags prefetched through the join table. */
    static final class PrefetchM2m extends Workload {
        PrefetchM2m() {
            super("P2", "m2m", "100 items with prefetch_related(tags) through an M2M (1,000 links)");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.items() + s.items() * s.tagsPerItem();
        }

        @Override
        public void setup(Ctx ctx) {
            RelationWorkloads.setup(ctx);
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            String tags = tagsSql(ctx.sql(), ctx.sizes.items());
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(ITEMS).execute())
                            .concatMap(r -> r.map((row, md) -> readItem(row))).collectList().flatMap(items -> {
                                Map<Integer, SItem> byId = new HashMap<>(items.size() * 2);
                                Integer[] ids = new Integer[items.size()];
                                for (int i = 0; i < ids.length; i++) {
                                    ids[i] = items.get(i).id;
                                    byId.put(ids[i], items.get(i));
                                }
                                Statement st = c.createStatement(tags);
                                ctx.sql().bindInList(st, 0, ids);
                                return Flux.from(st.execute())
                                        .concatMap(r -> r.map((row, md) -> addTag(byId, row))).then(Mono.just(items));
                            }));
                }

                public Object canonical(Object r) {
                    return canonSItems(r);
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            TagRepository tags = ctx.repositories.getRepository(TagRepository.class);
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.template.select(SItem.class).all().collectList().flatMap(items -> {
                        Map<Integer, SItem> byId = new HashMap<>(items.size() * 2);
                        for (SItem i : items) {
                            byId.put(i.id, i);
                        }
                        return tags.findByItemIds(byId.keySet()).doOnNext(t -> byId.get(t.itemId).tags.add(t))
                                .then(Mono.just(items));
                    });
                }

                public Object canonical(Object r) {
                    return canonSItems(r);
                }
            };
        }

        @Override
        protected Impl springClient(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.plainClient.sql(ITEMS).map((row, md) -> readItem(row)).all().collectList()
                            .flatMap(items -> {
                                Map<Integer, SItem> byId = new HashMap<>(items.size() * 2);
                                for (SItem i : items) {
                                    byId.put(i.id, i);
                                }
                                return ctx.plainClient.sql(TagRepository.OF_ITEMS).bind("ids", byId.keySet())
                                        .map((row, md) -> addTag(byId, row)).all().then(Mono.just(items));
                            });
                }

                public Object canonical(Object r) {
                    return canonSItems(r);
                }
            };
        }

        @Override
        public String notes(RawSql sql) {
            return "Spring Data R2DBC has no many-to-many relations: spring-data reads the items with "
                    + "`R2dbcEntityTemplate` and the tags with a repository `@Query` through the join table "
                    + "(`IN (:ids)`, one bind per id), both mapped to entities; spring-data (DatabaseClient) sends the "
                    + "same two statements through `DatabaseClient` with rows mapped by hand; raw binds the ids as one "
                    + "array (`" + tagsSql(sql, 100) + "`).";
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            Tortoise orm = orm(ctx);
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return orm.of(Item.class).all().prefetchRelated("tags").toList();
                }

                public Object canonical(Object r) {
                    List<List<Object>> out = new ArrayList<>();
                    for (Item i : (List<Item>) r) {
                        out.add(parentCanon(i.id, i.name, i.tags.list().stream()
                                .map((Tag t) -> Canon.of(t.id, t.name)).toList()));
                    }
                    return sortParents(out);
                }
            };
        }
    }

    /** S's statement: the foreign key is NOT NULL, so every contender joins with an INNER JOIN. */
    static final String JOIN = "SELECT c.id, c.parent_id, c.level, c.text, p.id, p.name FROM bench_child c "
            + "INNER JOIN bench_parent p ON p.id = c.parent_id";

    static SChild readJoined(Readable row) {
        SChild c = readChild(row, 0);
        SParent p = new SParent();
        p.id = row.get(4, Integer.class);
        p.name = row.get(5, String.class);
        c.parent = p;
        return c;
    }

    static Object canonSChildren(Object r) {
        List<List<Object>> out = new ArrayList<>();
        for (SChild c : (List<SChild>) r) {
            out.add(Canon.of(c.id, c.parentId, c.level, c.text, c.parent.id, c.parent.name));
        }
        return Canon.sorted(out);
    }

    /** S: children with their parent joined in (select_related). */
    static final class SelectRelated extends Workload {
        SelectRelated() {
            super("S", "fk", "select_related(parent) over 1,000 children");
        }

        @Override
        public int rowsPerOp(Sizes s) {
            return s.children();
        }

        @Override
        public void setup(Ctx ctx) {
            RelationWorkloads.setup(ctx);
        }

        @Override
        protected Map<String, Impl> raw(Ctx ctx) {
            return one(new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.raw(c -> Flux.from(c.createStatement(JOIN).execute())
                            .concatMap(r -> r.map((row, md) -> readJoined(row))).collectList());
                }

                public Object canonical(Object r) {
                    return canonSChildren(r);
                }
            });
        }

        @Override
        protected Impl spring(Ctx ctx) {
            ChildRepository children = ctx.repositories.getRepository(ChildRepository.class);
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return children.findAllWithParent().collectList();
                }

                public Object canonical(Object r) {
                    List<List<Object>> out = new ArrayList<>();
                    for (SJoinedChild c : (List<SJoinedChild>) r) {
                        out.add(Canon.of(c.id, c.parentId, c.level, c.text, c.joined.id, c.joined.name));
                    }
                    return Canon.sorted(out);
                }
            };
        }

        @Override
        protected Impl springClient(Ctx ctx) {
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return ctx.plainClient.sql(JOIN).map((row, md) -> readJoined(row)).all().collectList();
                }

                public Object canonical(Object r) {
                    return canonSChildren(r);
                }
            };
        }

        static String tortoiseSql(Ctx ctx) {
            return orm(ctx).of(Child.class).all().selectRelated("parent").sql().text();
        }

        @Override
        public List<Fairness.Check> fairness(Ctx ctx) {
            Map<Contender, String> sql = new java.util.LinkedHashMap<>();
            sql.put(Contender.RAW, JOIN);
            sql.put(Contender.SPRING, ChildRepository.WITH_PARENT);
            sql.put(Contender.SPRING_CLIENT, JOIN);
            sql.put(Contender.TORTOISE, tortoiseSql(ctx));
            return List.of(Fairness.sameJoins(id(), sql));
        }

        @Override
        public String notes(RawSql sql) {
            return "The foreign key is NOT NULL, so raw and both Spring rows join with an INNER JOIN; the harness reads "
                    + "tortoise's SQL (`QuerySet.sql()`) and checks its join type before timing (see the fairness "
                    + "check). Spring Data R2DBC has no relations: spring-data runs a repository `@Query` with the join "
                    + "and maps each row to an entity whose parent is `@Embedded` from `p_`-prefixed columns; "
                    + "spring-data (DatabaseClient) sends raw's statement and maps rows by hand.";
        }

        @Override
        protected Impl tortoise(Ctx ctx) {
            Tortoise orm = orm(ctx);
            return new Impl() {
                public Mono<?> op(int seq, int slot) {
                    return orm.of(Child.class).all().selectRelated("parent").toList();
                }

                public Object canonical(Object r) {
                    List<List<Object>> out = new ArrayList<>();
                    for (Child c : (List<Child>) r) {
                        Parent p = c.parent.get();
                        out.add(Canon.of(c.id, c.parent.id(), c.level, c.text, p.id, p.name));
                    }
                    return Canon.sorted(out);
                }
            };
        }
    }
}
