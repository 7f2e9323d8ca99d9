package dev.tortoise;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.execution.Database;
import dev.tortoise.execution.Transaction;
import dev.tortoise.field.FieldContext;
import dev.tortoise.internal.execution.ConnectionUrls;
import dev.tortoise.internal.execution.DatabaseConnection;
import dev.tortoise.internal.execution.DefaultQueryEngine;
import dev.tortoise.internal.execution.Transactions;
import dev.tortoise.internal.model.ModelBindings;
import dev.tortoise.internal.query.Persistence;
import dev.tortoise.internal.query.QueryAccess;
import dev.tortoise.internal.relation.PrefetchingEngine;
import dev.tortoise.internal.relation.RelationBinding;
import dev.tortoise.internal.relation.Relations;
import dev.tortoise.internal.relation.SelectRelated;
import dev.tortoise.internal.schema.SchemaCreator;
import dev.tortoise.model.FieldMeta;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelMeta;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.model.ModelScanner;
import dev.tortoise.model.SaveOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.query.ManagerContext;
import dev.tortoise.signals.Signals;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.DialectProvider;
import dev.tortoise.sql.dialect.Dialects;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ORM runtime: models read and checked, connections configured (opened lazily), and the
 * {@link ModelManager} through which applications query and write. Create it with
 * {@link #init(TortoiseConfig)}; {@link #close()} releases every connection. Several runtimes can
 * live in one JVM; instances stay bound to the runtime that loaded or created them.
 */
public final class Tortoise implements ModelManager {
    private static final Logger LOG = LoggerFactory.getLogger("tortoise");

    private final TortoiseConfig config;
    private final ModelRegistry registry;
    private final Map<String, DatabaseConnection> connections;
    private final DefaultQueryEngine executor;
    private final PrefetchingEngine engine;
    private final Relations relations;
    private final Persistence persistence;
    private final Transactions transactions;
    private final SchemaCreator schema;
    private final Signals signals;
    private final Map<Class<?>, Manager<?>> managers = new ConcurrentHashMap<>();
    /** What this runtime's instances are bound to; private so that the runtime shows no internal supertype. */
    private final Binding binding = new Binding();
    private volatile boolean closed;

    private Tortoise(TortoiseConfig config) {
        this.config = config;
        FieldContext ctx = new FieldContext(config.useTz(), config.timezone(), config.jsonMapper());
        Map<String, List<Class<? extends Model>>> apps = new LinkedHashMap<>();
        for (Map.Entry<String, TortoiseConfig.AppSpec> app : config.apps().entrySet()) {
            apps.put(app.getKey(), discover(app.getKey(), app.getValue(), config.classLoader()));
        }
        this.registry = ModelRegistry.build(apps, ctx, kind -> switch (kind) {
            case BACKWARD_FK -> new dev.tortoise.relation.ReverseRelation<>();
            case BACKWARD_O2O -> new dev.tortoise.relation.ReverseOneToOne<>();
            default -> new dev.tortoise.relation.ManyToMany<>();
        }, app -> defaultConnection(app, config));
        // Every app's default connection was checked above, before any pool is made, so a bad config leaks none.
        Map<String, DatabaseConnection> conns = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, TortoiseConfig.ConnectionSpec> c : config.connections().entrySet()) {
                DatabaseConnection db = connect(c.getKey(), c.getValue(), config)
                        .withStatementCacheSize(config.statementCacheSize());
                for (var decorator : config.connectionFactoryDecorators()) {
                    db = db.decorate(decorator.apply(c.getKey(), db.factory()));
                }
                conns.put(c.getKey(), db);
            }
        } catch (RuntimeException e) {
            conns.values().forEach(c -> c.close().subscribe());
            throw e;
        }
        this.connections = java.util.Collections.unmodifiableMap(conns);
        // Wired bottom-up, each part complete when made: the executing engine attaches select_related
        // rows without the relation layer's queries, and the prefetching engine builds that layer over itself.
        this.executor = new DefaultQueryEngine(connections, config.routers(), config.listeners(), binding,
                config.statementTimeout(), SelectRelated::attach);
        // A statement cache of size 0 keeps no compiled query shape either (managers' and the prefetcher's).
        this.engine = new PrefetchingEngine(executor, executor::inListLimit, config.statementCacheSize() > 0);
        this.relations = engine.relations();
        this.signals = new Signals();
        config.signals().forEach(r -> r.accept(signals));
        this.persistence = new Persistence(engine, engine.joins(), new SignalHooks(signals), binding);
        this.transactions = executor.transactions();
        this.schema = new SchemaCreator(registry.all(), connections, executor);
        ModelBindings.register(binding);
        renderTemplates();
        LOG.info("Tortoise-ORM started, {}, {}", connections.values(), apps.keySet());
    }

    /**
     * Renders each model's statements by primary key (insert, update, delete, get) once, on its
     * default connection, so that their SQL text is in that connection's statement cache before the
     * first request; no connection is opened.
     */
    private void renderTemplates() {
        if (config.statementCacheSize() == 0) {
            return;
        }
        for (ModelMeta m : registry.all()) {
            FieldMeta pk = m.pk();
            DatabaseConnection db = connections.get(m.connectionName());
            if (pk == null || db == null) {
                continue;
            }
            dev.tortoise.internal.query.ModelTemplates templates = persistence.templates(m);
            for (Statement st : templates.shapes()) {
                db.renderer().render(st);
            }
            Object sample = samplePk(pk);
            if (sample != null) {
                try {
                    // The template Manager.byPk and get(pk=...) take, and the query a filter on the key
                    // compiles to (get() fetches at most two rows), which they take otherwise.
                    dev.tortoise.query.QuerySet<?> qs = of(m.modelClass()).getQueryset();
                    Statement get = templates.getByPkShape(qs, sample);
                    if (get != null) {
                        db.renderer().render(get);
                    }
                    qs.filter(pk.name(), sample).limit(2).sql();
                } catch (RuntimeException e) {
                    LOG.debug("No get-by-pk template for {}: {}", m.name(), e.toString());
                }
            }
        }
    }

    /** A primary key value of the field's type (which the statement's shape depends on, not its value), or null. */
    private static Object samplePk(FieldMeta pk) {
        for (String candidate : List.of("1", "00000000-0000-0000-0000-000000000000")) {
            try {
                Object v = pk.coerce(candidate);
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                // not a value of this key's type; try the next
            }
        }
        return null;
    }

    /** Initialises a runtime from a configuration; models are read and checked now, connections open on first use. */
    public static Tortoise init(TortoiseConfig config) {
        return new Tortoise(config);
    }

    /** Initialises a runtime from a database URL and app modules (app label to model packages). */
    public static Tortoise init(String dbUrl, Map<String, ? extends Collection<String>> modules) {
        return new Tortoise(TortoiseConfig.fromUrl(dbUrl, modules));
    }

    /** Initialises a runtime from Tortoise's config format as a map. */
    public static Tortoise init(Map<String, ?> config) {
        return new Tortoise(TortoiseConfig.fromMap(config));
    }

    /**
     * Returns the factory to build an application's own connection pool over, given the driver's
     * factory {@code driverFactory}: for r2dbc-mariadb a wrapper that gives each pooled connection
     * a driver lock of its own, so that the runtime can stream that pool's results with backpressure;
     * any other factory unchanged. Idempotent: a factory already so wrapped, under decorators too,
     * or a pool is returned as it is.
     *
     * <p>Why: r2dbc-mariadb makes one lock per {@code create()} call and r2dbc-pool calls it once,
     * so every connection of a pool straight over the driver's factory shares one lock, and the
     * runtime then asks for whole results on it (docs/reliability.md). Use it as
     * {@code ConnectionPoolConfiguration.builder(Tortoise.forPool(driverFactory))}; the Spring Boot
     * starter applies it to a {@code spring.r2dbc.*} pool itself, as a {@code ConnectionFactoryDecorator}.
     */
    public static ConnectionFactory forPool(ConnectionFactory driverFactory) {
        return ConnectionUrls.forPool(driverFactory);
    }

    private static String defaultConnection(String app, TortoiseConfig config) {
        TortoiseConfig.AppSpec spec = config.apps().get(app);
        String name = spec == null ? null : spec.defaultConnection();
        if (name == null) {
            if (config.connections().size() == 1) {
                return config.connections().keySet().iterator().next();
            }
            if (config.connections().containsKey("default")) {
                return "default";
            }
            throw new ConfigurationError("App \"" + app + "\" needs a default_connection: there are several "
                    + "connections " + config.connections().keySet());
        }
        if (!config.connections().containsKey(name)) {
            throw new ConfigurationError("Unknown connection \"" + name + "\" for app \"" + app + "\"");
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Model>> discover(String app, TortoiseConfig.AppSpec spec, ClassLoader loader) {
        List<Class<? extends Model>> out = new ArrayList<>(spec.models());
        for (String module : spec.packages()) {
            Class<?> cls = tryClass(module, loader);
            if (cls != null && Model.class.isAssignableFrom(cls)) {
                out.add((Class<? extends Model>) cls);
                continue;
            }
            if (!packageExists(module, loader)) {
                throw new ConfigurationError("Module \"" + module + "\" not found (app \"" + app + "\")");
            }
            List<Class<? extends Model>> found = ModelScanner.scan(module, loader);
            if (found.isEmpty()) {
                LOG.warn("Module \"{}\" of app \"{}\" has no models", module, app);
            }
            out.addAll(found);
        }
        return out;
    }

    private static Class<?> tryClass(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean packageExists(String pkg, ClassLoader loader) {
        try {
            Enumeration<URL> e = loader.getResources(pkg.replace('.', '/'));
            return e.hasMoreElements();
        } catch (IOException e) {
            return false;
        }
    }

    private static DatabaseConnection connect(String name, TortoiseConfig.ConnectionSpec spec, TortoiseConfig config) {
        if (spec.factory() != null) {
            String dialectName = spec.dialect() != null ? spec.dialect() : spec.factory().getMetadata().getName();
            Dialect dialect;
            try {
                dialect = Dialect.forName(dialectName);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError("Connection \"" + name + "\": " + e.getMessage());
            }
            return new DatabaseConnection(name, spec.factory(), dialect, false);
        }
        if (spec.url() != null) {
            return ConnectionUrls.fromUrl(name, spec.url(), config.poolDefaults());
        }
        return ConnectionUrls.fromCredentials(name, spec.engine(), spec.credentials(), config.poolDefaults());
    }

    // ----------------------------------------------------------------------------- ModelManager

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Model> Manager<T> of(Class<T> model) {
        checkOpen();
        Manager<?> m = managers.get(model);
        // Looked up first: computeIfAbsent's method reference would be a new object on every call.
        return (Manager<T>) (m != null ? m : managers.computeIfAbsent(model, this::createManager));
    }

    private Manager<?> createManager(Class<?> model) {
        ModelMeta meta = registry.meta(model);
        ManagerContext<Model> ctx = QueryAccess.managerContext(meta, engine, engine.joins(), persistence, binding,
                config.statementCacheSize() > 0);
        Class<?> custom = meta.managerClass();
        if (custom == null) {
            return new Manager<>(ctx);
        }
        try {
            MethodHandle ctor = MethodHandles.privateLookupIn(custom, MethodHandles.lookup())
                    .findConstructor(custom, MethodType.methodType(void.class, ManagerContext.class));
            return (Manager<?>) ctor.invoke(ctx);
        } catch (Throwable e) {
            throw new ConfigurationError("Custom manager " + custom.getName() + " of " + meta.name()
                    + " needs a constructor taking a ManagerContext: " + e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Model> Mono<T> save(T instance, SaveOptions options) {
        return Mono.defer(() -> ((Manager<T>) of(instance.getClass())).save(instance, options));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Model> Mono<Void> delete(T instance) {
        return Mono.defer(() -> ((Manager<T>) of(instance.getClass())).delete(instance));
    }

    @Override
    public Mono<Void> fetchForList(List<? extends Model> instances, String... relationNames) {
        return Mono.defer(() -> {
            if (instances.isEmpty()) {
                return Mono.empty();
            }
            ModelMeta meta = registry.meta(instances.get(0).getClass());
            return relations.fetchRelated(meta, instances, List.of(relationNames));
        });
    }

    @Override
    public <R> Flux<R> inTransaction(String connection, Function<Transaction, Publisher<R>> body) {
        return transactions.inTransaction(connection, body::apply);
    }

    @Override
    public Mono<Void> generateSchemas(boolean safe) {
        return schema.create(safe);
    }

    /** The DDL {@link #generateSchemas} would run on a connection, as SQL text, one statement per line. */
    @Override
    public String getSchemaSql(String connection, boolean safe) {
        return schema.sql(connection, safe);
    }

    @Override
    public Map<String, Object> describeModels() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ModelMeta m : registry.all()) {
            out.put(m.fullName(), m.describe(this::dbFieldTypes));
        }
        return out;
    }

    @Override
    public String getSchemaSql(boolean safe) {
        return getSchemaSql(transactions.resolveName(null), safe);
    }

    /** Tortoise's describe() of one model. */
    @Override
    public Map<String, Object> describe(Class<? extends Model> model) {
        return registry.meta(model).describe(this::dbFieldTypes);
    }

    private Map<String, String> dbFieldTypes(ColumnType type) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DialectProvider p : Dialects.providers()) {
            out.put(p.dialect().name(), p.dialect().typeName(type));
        }
        return out;
    }

    /** The signal listeners of this runtime (pre/post save and delete), open for registration at any time. */
    @Override
    public Signals signals() {
        return signals;
    }

    /** The model registry (metadata of every model). */
    public ModelRegistry registry() {
        return registry;
    }

    /** The named connections. */
    public Map<String, Database> connections() {
        return java.util.Collections.unmodifiableMap(connections);
    }

    /** The configuration this runtime was built from. */
    public TortoiseConfig config() {
        return config;
    }

    /** Releases every pool the runtime created; the runtime cannot be used afterwards. */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.empty();
            }
            closed = true;
            ModelBindings.unregister(binding);
            return Flux.fromIterable(connections.values()).concatMap(DatabaseConnection::close).then()
                    .doOnSuccess(v -> LOG.info("Tortoise-ORM shutdown"));
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new OperationalError("This Tortoise runtime is closed");
        }
    }

    // ----------------------------------------------------------------------------- InstanceBinding

    /** Carries out the methods of the instances bound to this runtime. */
    private final class Binding implements RelationBinding {

        @Override
        public Relations relations() {
            return relations;
        }

        @Override
        public ModelRegistry registry() {
            return registry;
        }

        @Override
        public ModelMeta metaOrNull(Class<?> modelClass) {
            return registry.metaOrNull(modelClass);
        }

        @Override
        public Mono<Void> saveInstance(Model instance, SaveOptions options) {
            return Mono.defer(() -> persistence.save(registry.meta(instance.getClass()), instance, options));
        }

        @Override
        public Mono<Void> deleteInstance(Model instance, String connection) {
            return Mono.defer(() -> persistence.delete(registry.meta(instance.getClass()), instance, connection));
        }

        @Override
        public Mono<Void> refreshInstance(Model instance, List<String> fields) {
            return Mono.defer(() -> persistence.refresh(registry.meta(instance.getClass()), instance, fields));
        }

        @Override
        public Mono<Void> fetchRelatedInstance(Model instance, List<String> relationNames) {
            return Mono.defer(() -> relations.fetchRelated(registry.meta(instance.getClass()), List.of(instance),
                    relationNames));
        }

        @Override
        public String toString() {
            return Tortoise.this.toString();
        }
    }
}
