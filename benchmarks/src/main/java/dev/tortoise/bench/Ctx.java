package dev.tortoise.bench;

import dev.tortoise.Tortoise;
import dev.tortoise.TortoiseConfig;
import dev.tortoise.bench.model.Agg;
import dev.tortoise.bench.model.Child;
import dev.tortoise.bench.model.Item;
import dev.tortoise.bench.model.Narrow;
import dev.tortoise.bench.model.NarrowW;
import dev.tortoise.bench.model.Parent;
import dev.tortoise.bench.model.Stream;
import dev.tortoise.bench.model.Tag;
import dev.tortoise.bench.model.Wide;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.function.Function;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcCustomConversions;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Everything a workload needs: the database, the sizes, and each contender's entry point over its own pool:
 * raw connections, Spring Data's template and repositories ({@link Contender#SPRING}), a plain
 * {@code DatabaseClient} ({@link Contender#SPRING_CLIENT}) and the ORM.
 */
public final class Ctx implements AutoCloseable {
    public final BenchDb db;
    public final Sizes sizes;
    public final dev.tortoise.bench.Json json = new dev.tortoise.bench.Json();
    public final Tortoise orm;
    /** The runtime with the relation models, or null when the core cannot load them yet. */
    public final Tortoise relOrm;
    public final String relOrmError;
    /** Spring Data's template ({@link Contender#SPRING}). */
    public final R2dbcEntityTemplate template;
    /** The DatabaseClient under {@link #template} (same pool), for what Spring Data only offers through it. */
    public final DatabaseClient client;
    /** Spring Data's repository factory over {@link #template}. */
    public final R2dbcRepositoryFactory repositories;
    public final TransactionalOperator springTx;
    /** A DatabaseClient over the {@link Contender#SPRING_CLIENT} pool. */
    public final DatabaseClient plainClient;
    private final ConnectionFactory rawPool;
    private final java.util.Set<String> done = new java.util.HashSet<>();

    public Ctx(BenchDb db, Sizes sizes) {
        this.db = db;
        this.sizes = sizes;
        this.rawPool = db.pool(Contender.RAW);
        ConnectionFactory tpool = db.pool(Contender.TORTOISE);
        // -Dtortoise.statement-cache-size=0 (in JAVA_OPTS) measures the runtime rendering every statement.
        int cacheSize = Integer.getInteger("tortoise.statement-cache-size", 1024);
        this.orm = Tortoise.init(TortoiseConfig.builder().connection("default", tpool).jsonMapper(json.mapper())
                .models(Narrow.class, NarrowW.class, Agg.class, Stream.class, Wide.class)
                .statementCacheSize(cacheSize).build());
        Tortoise rel = null;
        String err = null;
        try {
            rel = Tortoise.init(TortoiseConfig.builder().connection("default", tpool).jsonMapper(json.mapper())
                    .models(Parent.class, Child.class, Item.class, Tag.class).statementCacheSize(cacheSize).build());
        } catch (RuntimeException e) {
            err = e.toString();
        }
        this.relOrm = rel;
        this.relOrmError = err;

        R2dbcDialect dialect = db.database().springDialect();
        ConnectionFactory spool = db.pool(Contender.SPRING);
        R2dbcCustomConversions conversions = R2dbcCustomConversions.of(dialect,
                db.database().springConverters(json));
        R2dbcMappingContext mapping = new R2dbcMappingContext();
        mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        MappingR2dbcConverter converter = new MappingR2dbcConverter(mapping, conversions);
        this.client = DatabaseClient.builder().connectionFactory(spool)
                .bindMarkers(dialect.getBindMarkersFactory()).build();
        this.template = new R2dbcEntityTemplate(client, dialect, converter);
        this.repositories = new R2dbcRepositoryFactory(template);
        this.springTx = TransactionalOperator.create(new R2dbcTransactionManager(spool));
        this.plainClient = DatabaseClient.builder().connectionFactory(db.pool(Contender.SPRING_CLIENT))
                .bindMarkers(dialect.getBindMarkersFactory()).build();
    }

    /** No database and no contender entry points: for harness tests whose workloads touch no database. */
    private Ctx(Sizes sizes) {
        this.db = null;
        this.sizes = sizes;
        this.orm = null;
        this.relOrm = null;
        this.relOrmError = "no database";
        this.template = null;
        this.client = null;
        this.repositories = null;
        this.springTx = null;
        this.plainClient = null;
        this.rawPool = null;
    }

    /**
     * A context without a database ({@link #db}, {@link #sql()} and every contender's entry point are null), for
     * running the harness itself on workloads that touch no database.
     */
    static Ctx withoutDatabase(Sizes sizes) {
        return new Ctx(sizes);
    }

    /** The raw contender's SQL dialect (null without a database). */
    public RawSql sql() {
        return db == null ? null : db.sql();
    }

    /** Runs a setup step once per run (tables shared by several workloads). */
    public void once(String key, Runnable step) {
        if (done.add(key)) {
            step.run();
        }
    }

    /** Runs {@code work} in a transaction on a connection of the raw contender's pool. */
    public <T> Mono<T> rawTx(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(rawPool.create(),
                c -> Mono.from(c.beginTransaction()).then(work.apply(c)).flatMap(
                        r -> Mono.from(c.commitTransaction()).thenReturn(r)),
                Connection::close,
                (c, e) -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty())
                        .then(Mono.from(c.close())),
                c -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty())
                        .then(Mono.from(c.close())));
    }

    /** Runs {@code work} on a connection of the raw contender's pool, in autocommit. */
    public <T> Mono<T> raw(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(rawPool.create(), work, Connection::close);
    }

    @Override
    public void close() {
        if (orm != null) {
            orm.close().block(BenchDb.TIMEOUT);
        }
        if (relOrm != null) {
            relOrm.close().block(BenchDb.TIMEOUT);
        }
    }
}
