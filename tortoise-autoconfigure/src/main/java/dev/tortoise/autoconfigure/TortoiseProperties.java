package dev.tortoise.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Configuration of the Tortoise ORM, bound from {@code tortoise.*}: the three forms of Tortoise's
 * {@code register_tortoise} ({@code db-url} + {@code modules}, {@code config}, {@code config-file}) and
 * what to do at start-up.
 */
@ConfigurationProperties("tortoise")
public class TortoiseProperties {

    /**
     * Database URL of the connection named "default": an R2DBC URL (r2dbc:postgresql://user@host:5432/db,
     * r2dbc:h2:mem:///db) or a Tortoise URL (postgres://user:pass@host:5432/db, sqlite://:memory:). Pool
     * settings may be given as query parameters (minsize, maxsize, acquire_timeout in seconds). Empty means unset
     * (the embedded H2), so that a profile can switch back to it.
     */
    private String dbUrl;

    /**
     * Model packages (or model class names) per app label, for example models=com.example.models. Defaults
     * to the application's auto-configuration packages under the label "models".
     */
    private Map<String, List<String>> modules = new LinkedHashMap<>();

    /** Tortoise configuration in its own structure: named connections, apps, time zone. */
    private final Config config = new Config();

    /**
     * Location of a Tortoise configuration file in JSON or YAML (.json, .yml, .yaml), with "connections",
     * "apps" and optionally "use_tz" and "timezone", at the top level or under a "tortoise" key.
     */
    private Resource configFile;

    /** Whether to create missing tables, indexes and constraints at start-up (safe mode: existing ones are kept). */
    private boolean generateSchemas;

    /**
     * Whether to register WebFlux exception handlers that answer every error with RFC 9457 problem details:
     * FieldError, ValidationError, ParamsError, ConfigurationError and UnSupportedError as 400, DoesNotExist as
     * 404, IntegrityError as 422, DBConnectionError as 503 with Retry-After, and Spring's own errors.
     */
    private boolean addExceptionHandlers;

    /** Pool settings for connections that set none of their own (also used for db-url). */
    private final Pool pool = new Pool();

    /**
     * Longest a statement may run before it is cancelled on the database server (the caller then gets a
     * QueryTimeoutError and the connection stays usable); QuerySet.timeout overrides it per query. None by default.
     */
    private Duration statementTimeout;

    /**
     * How many statement shapes each connection keeps the rendered SQL text of, least recently used dropped
     * first (a query of a kept shape only has its values bound); 0 turns the cache off. 1024 by default
     * (or the config file's statement_cache_size).
     */
    private Integer statementCacheSize;

    /** WebFlux integration. */
    private final Web web = new Web();

    public String getDbUrl() {
        return dbUrl;
    }

    public void setDbUrl(String dbUrl) {
        this.dbUrl = dbUrl;
    }

    public Map<String, List<String>> getModules() {
        return modules;
    }

    public void setModules(Map<String, List<String>> modules) {
        this.modules = modules;
    }

    public Config getConfig() {
        return config;
    }

    public Resource getConfigFile() {
        return configFile;
    }

    public void setConfigFile(Resource configFile) {
        this.configFile = configFile;
    }

    public boolean isGenerateSchemas() {
        return generateSchemas;
    }

    public void setGenerateSchemas(boolean generateSchemas) {
        this.generateSchemas = generateSchemas;
    }

    public boolean isAddExceptionHandlers() {
        return addExceptionHandlers;
    }

    public void setAddExceptionHandlers(boolean addExceptionHandlers) {
        this.addExceptionHandlers = addExceptionHandlers;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Integer getStatementCacheSize() {
        return statementCacheSize;
    }

    public void setStatementCacheSize(Integer statementCacheSize) {
        this.statementCacheSize = statementCacheSize;
    }

    public Pool getPool() {
        return pool;
    }

    public Web getWeb() {
        return web;
    }

    /** WebFlux integration settings. */
    public static class Web {

        /**
         * Whether to cancel a streamed response body whose write fails before it starts (the client went away),
         * so that the query behind it releases its connection. Spring's response writer leaves such a body
         * subscribed forever; turn this off only if another component already cancels it.
         */
        private boolean cancelAbandonedResponses = true;

        public boolean isCancelAbandonedResponses() {
            return cancelAbandonedResponses;
        }

        public void setCancelAbandonedResponses(boolean cancelAbandonedResponses) {
            this.cancelAbandonedResponses = cancelAbandonedResponses;
        }

        /**
         * Whether to start the handling of each request on Reactor Netty in an event-loop task of its own, so that a
         * kept-alive connection reads its next request after one answered on the spot (a refused filter key, 404,
         * 413, 415). Reactor Netty 1.3.6 and 1.3.7 can stop reading such a connection (reactor-netty#4361, fixed
         * in 1.3.8); turn this off only on Reactor Netty 1.3.8 or later.
         */
        private boolean resumeKeptAliveReads = true;

        public boolean isResumeKeptAliveReads() {
            return resumeKeptAliveReads;
        }

        public void setResumeKeptAliveReads(boolean resumeKeptAliveReads) {
            this.resumeKeptAliveReads = resumeKeptAliveReads;
        }

        /** Time a 503 answer (the database unavailable) asks clients to wait, in its Retry-After header. */
        private Duration retryAfter = Duration.ofSeconds(5);

        /**
         * Shortest time between two log lines of one kind of server-side failure (for example the database
         * unavailable); failures in between are counted and the count is added to the next line.
         */
        private Duration errorLogInterval = Duration.ofSeconds(10);

        /**
         * Longest request URI (path and query) the exception handlers let through; a longer one is answered
         * 414 with problem details. Reactor Netty's own request-line limit is raised to four times this, so
         * that the application, not Netty (which answers with an empty body), refuses it.
         */
        private int maxUriLength = 131072;

        public int getMaxUriLength() {
            return maxUriLength;
        }

        public void setMaxUriLength(int maxUriLength) {
            this.maxUriLength = maxUriLength;
        }

        public Duration getRetryAfter() {
            return retryAfter;
        }

        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }

        public Duration getErrorLogInterval() {
            return errorLogInterval;
        }

        public void setErrorLogInterval(Duration errorLogInterval) {
            this.errorLogInterval = errorLogInterval;
        }
    }

    /** Tortoise's configuration structure. */
    public static class Config {

        /** Named connections. An app without a default-connection uses the only one, or the one named "default". */
        private Map<String, Connection> connections = new LinkedHashMap<>();

        /** Apps by label: their model packages and default connection. */
        private Map<String, App> apps = new LinkedHashMap<>();

        /** Whether datetimes are presented in UTC; otherwise in the configured timezone. */
        private boolean useTz;

        /** Time zone datetimes are presented in when use-tz is off, for example Europe/Paris. */
        private String timezone = "UTC";

        public Map<String, Connection> getConnections() {
            return connections;
        }

        public void setConnections(Map<String, Connection> connections) {
            this.connections = connections;
        }

        public Map<String, App> getApps() {
            return apps;
        }

        public void setApps(Map<String, App> apps) {
            this.apps = apps;
        }

        public boolean isUseTz() {
            return useTz;
        }

        public void setUseTz(boolean useTz) {
            this.useTz = useTz;
        }

        public String getTimezone() {
            return timezone;
        }

        public void setTimezone(String timezone) {
            this.timezone = timezone;
        }
    }

    /** One named connection: a URL, or an engine with credentials. */
    public static class Connection {

        /** Database URL of this connection (R2DBC or Tortoise form); takes precedence over engine and credentials. */
        private String url;

        /** Database engine: postgres (or tortoise.backends.asyncpg) or h2 (or tortoise.backends.sqlite). */
        private String engine;

        /** Where and as whom to connect when no url is set. */
        private final Credentials credentials = new Credentials();

        /**
         * Pool settings of this connection, for engine + credentials and Tortoise-style URLs; unset ones fall back
         * to tortoise.pool.*. An r2dbc: URL uses tortoise.pool.*, or r2dbc-pool's own options with r2dbc:pool:.
         */
        private final Pool pool = new Pool();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getEngine() {
            return engine;
        }

        public void setEngine(String engine) {
            this.engine = engine;
        }

        public Credentials getCredentials() {
            return credentials;
        }

        public Pool getPool() {
            return pool;
        }
    }

    /** One app: its model packages and the connection it uses. */
    public static class App {

        /** Model packages (or model class names) of the app. */
        private List<String> models = new ArrayList<>();

        /** Name of the connection the app's models use; the only one, or "default", when unset. */
        private String defaultConnection;

        public List<String> getModels() {
            return models;
        }

        public void setModels(List<String> models) {
            this.models = models;
        }

        public String getDefaultConnection() {
            return defaultConnection;
        }

        public void setDefaultConnection(String defaultConnection) {
            this.defaultConnection = defaultConnection;
        }
    }

    /** Credentials of a connection given by engine. */
    public static class Credentials {

        /** Database server host name. */
        private String host = "localhost";

        /** Database server port; the engine's default when unset. */
        private Integer port;

        /** Login user of the database server. */
        private String user;

        /** Login password of the database server. */
        private String password;

        /** Database name (for h2: an in-memory database of this name, or :memory: for a fresh one). */
        private String database;

        /** PostgreSQL schema the connection works in (its search path); the server's default when unset. */
        private String schema;

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }
    }

    /** Connection pool settings; unset values keep Tortoise's finite defaults. */
    public static class Pool {

        /** Number of connections opened eagerly (Tortoise's minsize). */
        private Integer initialSize;

        /** Largest number of connections (Tortoise's maxsize). */
        private Integer maxSize;

        /** Longest wait for a free connection before the request fails. */
        private Duration acquireTimeout;

        /** Longest wait for a new connection to open. */
        private Duration createTimeout;

        /** Longest wait for a connection to validate. */
        private Duration validationTimeout;

        /** Longest time an idle connection is kept. */
        private Duration maxIdleTime;

        /** Longest time a connection lives; unlimited when unset. */
        private Duration maxLifeTime;

        public Integer getInitialSize() {
            return initialSize;
        }

        public void setInitialSize(Integer initialSize) {
            this.initialSize = initialSize;
        }

        public Integer getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(Integer maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }

        public Duration getCreateTimeout() {
            return createTimeout;
        }

        public void setCreateTimeout(Duration createTimeout) {
            this.createTimeout = createTimeout;
        }

        public Duration getValidationTimeout() {
            return validationTimeout;
        }

        public void setValidationTimeout(Duration validationTimeout) {
            this.validationTimeout = validationTimeout;
        }

        public Duration getMaxIdleTime() {
            return maxIdleTime;
        }

        public void setMaxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = maxIdleTime;
        }

        public Duration getMaxLifeTime() {
            return maxLifeTime;
        }

        public void setMaxLifeTime(Duration maxLifeTime) {
            this.maxLifeTime = maxLifeTime;
        }
    }

    static List<String> list(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
