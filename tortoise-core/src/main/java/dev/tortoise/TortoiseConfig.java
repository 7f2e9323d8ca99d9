package dev.tortoise;

import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.execution.PoolSettings;
import dev.tortoise.execution.Router;
import dev.tortoise.execution.StatementListener;
import dev.tortoise.model.Model;
import dev.tortoise.signals.Signals;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime's configuration: named connections, apps with their model packages and default
 * connection, time zone settings, routers and listeners. Built with {@link #builder()}, from
 * Tortoise's own config format ({@link #fromMap}, {@link #fromFile}) or from a URL and modules
 * ({@link #fromUrl}).
 */
public final class TortoiseConfig {

    /**
     * One connection: a URL, Tortoise's engine + credentials, or a ready connection factory.
     *
     * @param factory a connection factory supplied by the application (not closed by the runtime)
     * @param dialect the dialect name for a supplied factory (null: detected from its metadata)
     */
    public record ConnectionSpec(String url, String engine, Map<String, Object> credentials,
                                 ConnectionFactory factory, String dialect) {
        public static ConnectionSpec url(String url) {
            return new ConnectionSpec(url, null, null, null, null);
        }

        public static ConnectionSpec engine(String engine, Map<String, Object> credentials) {
            return new ConnectionSpec(null, engine, Map.copyOf(credentials), null, null);
        }

        public static ConnectionSpec factory(ConnectionFactory factory) {
            return new ConnectionSpec(null, null, null, factory, null);
        }
    }

    /**
     * One app: the packages its models are scanned from, explicit model classes, its default connection.
     */
    public record AppSpec(List<String> packages, List<Class<? extends Model>> models, String defaultConnection) {
        public AppSpec {
            packages = List.copyOf(packages);
            models = List.copyOf(models);
        }
    }

    private final Map<String, ConnectionSpec> connections;
    private final Map<String, AppSpec> apps;
    private final boolean useTz;
    private final ZoneId timezone;
    private final List<Router> routers;
    private final List<StatementListener> listeners;
    private final JsonMapper jsonMapper;
    private final PoolSettings poolDefaults;
    private final java.time.Duration statementTimeout;
    private final int statementCacheSize;
    private final ClassLoader classLoader;
    private final List<Consumer<Signals>> signals;
    private final List<BiFunction<String, ConnectionFactory, ConnectionFactory>> factoryDecorators;

    private TortoiseConfig(Builder b) {
        this.connections = new LinkedHashMap<>(b.connections);
        this.apps = new LinkedHashMap<>(b.apps);
        this.useTz = b.useTz;
        this.timezone = b.timezone;
        this.routers = List.copyOf(b.routers);
        this.listeners = List.copyOf(b.listeners);
        this.jsonMapper = b.jsonMapper != null ? b.jsonMapper : JsonMapper.builder().build();
        this.poolDefaults = b.poolDefaults;
        this.statementTimeout = b.statementTimeout;
        this.statementCacheSize = b.statementCacheSize;
        this.classLoader = b.classLoader != null ? b.classLoader : Thread.currentThread().getContextClassLoader();
        this.signals = List.copyOf(b.signals);
        this.factoryDecorators = List.copyOf(b.factoryDecorators);
    }

    public Map<String, ConnectionSpec> connections() {
        return connections;
    }

    public Map<String, AppSpec> apps() {
        return apps;
    }

    /** Whether datetimes are presented in UTC (else in {@link #timezone()}). */
    public boolean useTz() {
        return useTz;
    }

    public ZoneId timezone() {
        return timezone;
    }

    public List<Router> routers() {
        return routers;
    }

    public List<StatementListener> listeners() {
        return listeners;
    }

    public JsonMapper jsonMapper() {
        return jsonMapper;
    }

    public PoolSettings poolDefaults() {
        return poolDefaults;
    }

    /**
     * How long a statement may run before it is cancelled on the database server (null: no limit);
     * {@code QuerySet.timeout(Duration)} overrides it per query.
     */
    public java.time.Duration statementTimeout() {
        return statementTimeout;
    }

    /**
     * How many statement shapes each connection keeps the rendered SQL text of (least recently used
     * dropped first; 0: none, every statement is rendered in full). Default 1,024.
     */
    public int statementCacheSize() {
        return statementCacheSize;
    }

    public ClassLoader classLoader() {
        return classLoader;
    }

    /** What registers signal listeners on each runtime built from this configuration. */
    public List<Consumer<Signals>> signals() {
        return signals;
    }

    /**
     * What wraps each connection's factory, in order: given the connection name and its factory (the pool),
     * each returns the factory statements go through (e.g. an r2dbc-proxy recording statements).
     */
    public List<BiFunction<String, ConnectionFactory, ConnectionFactory>> connectionFactoryDecorators() {
        return factoryDecorators;
    }

    /** A builder with use_tz off, timezone UTC, and the default pool settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connections.putAll(connections);
        b.apps.putAll(apps);
        b.useTz = useTz;
        b.timezone = timezone;
        b.routers.addAll(routers);
        b.listeners.addAll(listeners);
        b.jsonMapper = jsonMapper;
        b.poolDefaults = poolDefaults;
        b.statementTimeout = statementTimeout;
        b.statementCacheSize = statementCacheSize;
        b.classLoader = classLoader;
        b.signals.addAll(signals);
        b.factoryDecorators.addAll(factoryDecorators);
        return b;
    }

    /**
     * One connection named {@code default} from {@code dbUrl}, and apps from {@code modules}
     * (app label to model packages or class names), as Tortoise's {@code db_url} + {@code modules}.
     */
    public static TortoiseConfig fromUrl(String dbUrl, Map<String, ? extends Collection<String>> modules) {
        if (modules == null || modules.isEmpty()) {
            throw new ConfigurationError("You must specify \"db_url\" and \"modules\" together");
        }
        Builder b = builder().connection("default", dbUrl);
        modules.forEach((app, pkgs) -> b.app(app, new ArrayList<>(pkgs), "default"));
        return b.build();
    }

    /**
     * The configuration in Tortoise's dict format: connections, apps, routers, use_tz, timezone
     * (and this port's statement_cache_size).
     */
    @SuppressWarnings("unchecked")
    public static TortoiseConfig fromMap(Map<String, ?> config) {
        Object conns = config.get("connections");
        Object apps = config.get("apps");
        if (!(conns instanceof Map<?, ?> connMap) || connMap.isEmpty()) {
            throw new ConfigurationError("Config must define \"connections\" section");
        }
        if (!(apps instanceof Map<?, ?> appMap) || appMap.isEmpty()) {
            throw new ConfigurationError("Config must define \"apps\" section");
        }
        Builder b = builder();
        for (Map.Entry<?, ?> e : connMap.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (e.getValue() instanceof String url) {
                b.connection(name, url);
            } else if (e.getValue() instanceof Map<?, ?> m) {
                Object url = m.get("url");
                if (url != null) {
                    b.connection(name, url.toString());
                } else {
                    Object creds = m.get("credentials");
                    b.connection(name, ConnectionSpec.engine(String.valueOf(m.get("engine")),
                            creds instanceof Map<?, ?> cm ? (Map<String, Object>) cm : Map.of()));
                }
            } else {
                throw new ConfigurationError("Connection \"" + name + "\" must be a URL or {engine, credentials}");
            }
        }
        for (Map.Entry<?, ?> e : appMap.entrySet()) {
            String label = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> app)) {
                throw new ConfigurationError("App \"" + label + "\" must be a map with \"models\"");
            }
            Object models = app.get("models");
            List<String> names = new ArrayList<>();
            if (models instanceof Collection<?> c) {
                c.forEach(x -> names.add(String.valueOf(x)));
            } else if (models != null) {
                names.add(String.valueOf(models));
            }
            Object dc = app.get("default_connection");
            b.app(label, names, dc == null ? null : dc.toString());
        }
        Object useTz = config.get("use_tz");
        if (useTz != null) {
            b.useTz(Boolean.parseBoolean(useTz.toString()));
        }
        Object tz = config.get("timezone");
        if (tz != null) {
            b.timezone(tz.toString());
        }
        Object cacheSize = config.get("statement_cache_size");
        if (cacheSize != null) {
            try {
                b.statementCacheSize(Integer.parseInt(cacheSize.toString().trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationError("statement_cache_size is not a whole number: " + cacheSize);
            }
        }
        Object routers = config.get("routers");
        if (routers instanceof Collection<?> rs) {
            for (Object r : rs) {
                b.router(r instanceof Router router ? router : instantiateRouter(r.toString()));
            }
        }
        return b.build();
    }

    private static Router instantiateRouter(String className) {
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            return (Router) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ConfigurationError("Can't load router \"" + className + "\": " + e);
        }
    }

    /** Tortoise's config format read from a {@code .json}, {@code .yml} or {@code .yaml} file. */
    @SuppressWarnings("unchecked")
    public static TortoiseConfig fromFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, Object> raw;
        try (InputStream in = Files.newInputStream(path)) {
            if (name.endsWith(".json")) {
                raw = JsonMapper.builder().build().readValue(in, Map.class);
            } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                raw = new org.yaml.snakeyaml.Yaml().load(in);
            } else {
                throw new ConfigurationError("Unknown config extension " + path.getFileName()
                        + ", only .yml, .yaml and .json are supported");
            }
        } catch (IOException e) {
            throw new ConfigurationError("Can't read config file " + path + ": " + e.getMessage());
        }
        if (raw == null) {
            throw new ConfigurationError("Config file " + path + " is empty");
        }
        Object section = raw.containsKey("tortoise") && raw.get("tortoise") instanceof Map<?, ?> t ? t : raw;
        return fromMap((Map<String, ?>) section);
    }

    /** Builds a configuration step by step. */
    public static final class Builder {
        private final Map<String, ConnectionSpec> connections = new LinkedHashMap<>();
        private final Map<String, AppSpec> apps = new LinkedHashMap<>();
        private boolean useTz;
        private ZoneId timezone = ZoneOffset.UTC;
        private final List<Router> routers = new ArrayList<>();
        private final List<StatementListener> listeners = new ArrayList<>();
        private JsonMapper jsonMapper;
        private PoolSettings poolDefaults = PoolSettings.DEFAULTS;
        private java.time.Duration statementTimeout;
        private int statementCacheSize = dev.tortoise.sql.render.SqlRenderer.DEFAULT_CACHE_SIZE;
        private ClassLoader classLoader;
        private final List<Consumer<Signals>> signals = new ArrayList<>();
        private final List<BiFunction<String, ConnectionFactory, ConnectionFactory>> factoryDecorators =
                new ArrayList<>();

        private Builder() {
        }

        /** Adds a connection by URL. */
        public Builder connection(String name, String url) {
            connections.put(name, ConnectionSpec.url(url));
            return this;
        }

        public Builder connection(String name, ConnectionSpec spec) {
            connections.put(name, spec);
            return this;
        }

        /** Adds a connection over a factory the application owns (the runtime will not close it). */
        public Builder connection(String name, ConnectionFactory factory) {
            connections.put(name, ConnectionSpec.factory(factory));
            return this;
        }

        /** Adds an app: model packages or model class names, and its default connection (null: the only one). */
        public Builder app(String label, List<String> modules, String defaultConnection) {
            apps.put(label, new AppSpec(modules, List.of(), defaultConnection));
            return this;
        }

        /** Adds an app with an explicit list of model classes (Tortoise's {@code __models__}). */
        public Builder appModels(String label, List<Class<? extends Model>> models, String defaultConnection) {
            apps.put(label, new AppSpec(List.of(), models, defaultConnection));
            return this;
        }

        /** Adds an app named {@code models} with these model classes on the only connection. */
        @SafeVarargs
        public final Builder models(Class<? extends Model>... models) {
            return appModels("models", List.of(models), null);
        }

        public Builder useTz(boolean value) {
            this.useTz = value;
            return this;
        }

        public Builder timezone(String zone) {
            try {
                this.timezone = ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ConfigurationError("Unknown timezone \"" + zone + "\"");
            }
            return this;
        }

        public Builder timezone(ZoneId zone) {
            this.timezone = zone;
            return this;
        }

        public Builder router(Router router) {
            routers.add(router);
            return this;
        }

        /** Adds a listener told of every statement executed. */
        public Builder statementListener(StatementListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder jsonMapper(JsonMapper mapper) {
            this.jsonMapper = mapper;
            return this;
        }

        /**
         * Cancels any statement on the database server once it has run this long (null or zero: no
         * limit, the default); the caller gets a {@link dev.tortoise.exception.QueryTimeoutError} and
         * the connection stays usable. {@code QuerySet.timeout(Duration)} overrides it per query.
         */
        public Builder statementTimeout(java.time.Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new ConfigurationError("statement timeout must not be negative: " + timeout);
            }
            this.statementTimeout = timeout == null || timeout.isZero() ? null : timeout;
            return this;
        }

        /**
         * How many statement shapes each connection keeps the rendered SQL text of (default 1,024;
         * 0 turns the cache off). A statement of a kept shape only has its bind values collected.
         */
        public Builder statementCacheSize(int size) {
            if (size < 0) {
                throw new ConfigurationError("statement cache size must be 0 or more: " + size);
            }
            this.statementCacheSize = size;
            return this;
        }

        /** The pool settings used where a connection does not set its own. */
        public Builder poolDefaults(PoolSettings settings) {
            this.poolDefaults = settings;
            return this;
        }

        /** The class loader models are scanned and loaded with. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /**
         * Registers signal listeners on the runtime at init:
         * {@code .signals(s -> s.postSave(Event.class, (cls, e, created, db, fields) -> audit(e)))}.
         */
        public Builder signals(Consumer<Signals> registration) {
            signals.add(registration);
            return this;
        }

        /**
         * Wraps every connection's factory (for instance with r2dbc-proxy, or a test's single transactional
         * connection): {@code decorator} gets the connection name and its factory and returns the factory the
         * runtime uses. The runtime still disposes of the pools it created when it closes.
         */
        public Builder connectionFactoryDecorator(BiFunction<String, ConnectionFactory, ConnectionFactory> decorator) {
            factoryDecorators.add(java.util.Objects.requireNonNull(decorator, "decorator"));
            return this;
        }

        public TortoiseConfig build() {
            if (connections.isEmpty()) {
                throw new ConfigurationError("Config must define \"connections\" section");
            }
            if (apps.isEmpty()) {
                throw new ConfigurationError("Config must define \"apps\" section");
            }
            return new TortoiseConfig(this);
        }
    }
}
