package dev.tortoise.autoconfigure;

import dev.tortoise.TortoiseConfig;
import dev.tortoise.TortoiseConfig.ConnectionSpec;
import dev.tortoise.exception.ConfigurationError;
import dev.tortoise.execution.PoolSettings;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelScanner;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/** Turns {@link TortoiseProperties} into a {@link TortoiseConfig.Builder}, in register_tortoise's three forms. */
final class TortoiseConfigFactory {
    private static final Log LOG = LogFactory.getLog(TortoiseConfigFactory.class);
    static final String H2_FACTORY = "io.r2dbc.h2.H2ConnectionFactory";

    private TortoiseConfigFactory() {
    }

    /** Whether the properties name any connection (db-url, config.connections or config-file). */
    static boolean hasConnection(TortoiseProperties p) {
        return dbUrl(p) != null || p.getConfigFile() != null || !p.getConfig().getConnections().isEmpty();
    }

    /** tortoise.db-url, where an empty value means unset (so that a profile can switch back to embedded H2). */
    static String dbUrl(TortoiseProperties p) {
        return p.getDbUrl() == null || p.getDbUrl().isBlank() ? null : p.getDbUrl().trim();
    }

    /**
     * As Tortoise.init, one form only: db-url (with modules), config, or config-file. Naming two is an error that
     * names both, rather than a silent choice.
     */
    static void checkOneForm(TortoiseProperties p) {
        List<String> urlForm = new ArrayList<>();
        if (dbUrl(p) != null) {
            urlForm.add("tortoise.db-url");
        }
        if (!p.getModules().isEmpty()) {
            urlForm.add("tortoise.modules");
        }
        List<String> configForm = new ArrayList<>();
        if (!p.getConfig().getConnections().isEmpty()) {
            configForm.add("tortoise.config.connections");
        }
        if (!p.getConfig().getApps().isEmpty()) {
            configForm.add("tortoise.config.apps");
        }
        List<String> fileForm = p.getConfigFile() == null ? List.of() : List.of("tortoise.config-file");
        int forms = (urlForm.isEmpty() ? 0 : 1) + (configForm.isEmpty() ? 0 : 1) + (fileForm.isEmpty() ? 0 : 1);
        if (forms > 1) {
            List<String> given = new ArrayList<>(urlForm);
            given.addAll(configForm);
            given.addAll(fileForm);
            throw new ConfigurationError("You should init either from \"config\", \"config_file\" or \"db_url\", "
                    + "but " + String.join(" and ", given) + " are set together: keep tortoise.db-url with "
                    + "tortoise.modules, or tortoise.config.*, or tortoise.config-file");
        }
    }

    /**
     * The configuration the properties describe.
     *
     * @param applicationFactory a Spring connection factory to use as the default connection when the properties
     *                           name none (null: none)
     * @param defaultPackages the auto-configuration packages, used when no app lists model packages
     */
    static TortoiseConfig.Builder builder(TortoiseProperties p, ConnectionFactory applicationFactory,
                                          List<String> defaultPackages, ClassLoader loader) {
        checkOneForm(p);
        TortoiseConfig.Builder b;
        PoolSettings defaults = pool(p.getPool(), PoolSettings.DEFAULTS);
        if (p.getConfigFile() != null) {
            b = TortoiseConfig.fromMap(readFile(p.getConfigFile())).toBuilder();
            b.poolDefaults(defaults);
            b.classLoader(loader);
            b.statementTimeout(p.getStatementTimeout());
            if (p.getStatementCacheSize() != null) {
                b.statementCacheSize(p.getStatementCacheSize());
            }
            checkApps(b.build(), loader);
            return b;
        }
        b = TortoiseConfig.builder().poolDefaults(defaults).classLoader(loader)
                .statementTimeout(p.getStatementTimeout());
        if (p.getStatementCacheSize() != null) {
            b.statementCacheSize(p.getStatementCacheSize());
        }
        TortoiseProperties.Config c = p.getConfig();
        if (!c.getConnections().isEmpty()) {
            c.getConnections().forEach((name, conn) -> b.connection(name, connection(name, conn, defaults)));
        } else if (dbUrl(p) != null) {
            b.connection("default", memory(dbUrl(p)));
        } else if (applicationFactory != null) {
            b.connection("default", applicationFactory);
        } else if (ClassUtils.isPresent(H2_FACTORY, loader)) {
            String db = "tortoise_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            LOG.info("No Tortoise connection configured (tortoise.db-url, tortoise.config.connections, "
                    + "tortoise.config-file) and no ConnectionFactory bean: using an embedded in-memory H2 database '"
                    + db + "'");
            b.connection("default", "r2dbc:h2:mem:///" + db + "?options=DB_CLOSE_DELAY=-1");
        } else {
            throw new ConfigurationError("No database configured: set tortoise.db-url (or tortoise.config.connections "
                    + "or tortoise.config-file), define a ConnectionFactory bean, or add io.r2dbc:r2dbc-h2 for an "
                    + "embedded database");
        }
        Map<String, TortoiseConfig.AppSpec> apps = new LinkedHashMap<>();
        c.getApps().forEach((label, app) -> apps.put(label, new TortoiseConfig.AppSpec(
                TortoiseProperties.list(app.getModels()), List.of(), app.getDefaultConnection())));
        if (apps.isEmpty()) {
            p.getModules().forEach((label, pkgs) -> apps.put(label,
                    new TortoiseConfig.AppSpec(TortoiseProperties.list(pkgs), List.of(), null)));
        }
        if (apps.isEmpty()) {
            if (defaultPackages.isEmpty()) {
                throw new NoModelsFoundException(null, List.of());
            }
            apps.put("models", new TortoiseConfig.AppSpec(defaultPackages, List.of(), null));
        }
        apps.forEach((label, app) -> b.app(label, app.packages(), app.defaultConnection()));
        b.useTz(c.isUseTz()).timezone(c.getTimezone());
        checkApps(b.build(), loader);
        return b;
    }

    /** A model package without models is a start-up failure (the core only warns). */
    private static void checkApps(TortoiseConfig config, ClassLoader loader) {
        config.apps().forEach((label, app) -> {
            List<String> empty = new ArrayList<>();
            for (String module : app.packages()) {
                if (isModelClass(module, loader)) {
                    continue;
                }
                List<Class<? extends Model>> models;
                try {
                    models = ModelScanner.scan(module, loader);
                } catch (ConfigurationError e) {
                    models = List.of();
                }
                if (models.isEmpty()) {
                    empty.add(module);
                }
            }
            if (!empty.isEmpty()) {
                throw new NoModelsFoundException(label, empty);
            }
        });
    }

    private static boolean isModelClass(String name, ClassLoader loader) {
        try {
            return Model.class.isAssignableFrom(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** An in-memory {@code sqlite://:memory:} gets a name, so that Flyway's JDBC connection can reach it. */
    static ConnectionSpec memory(String url) {
        String u = url.trim();
        checkPort(u);
        if (u.equalsIgnoreCase("sqlite://:memory:") || u.equalsIgnoreCase("h2://:memory:")) {
            u = "sqlite://mem:tortoise_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        }
        return ConnectionSpec.url(u);
    }

    /**
     * An R2DBC URL with a port that is not a number ({@code r2dbc:postgresql://h:abc/db}) fails here, as a
     * Tortoise URL does, rather than later as an unknown host "h:abc".
     */
    static void checkPort(String url) {
        int scheme = url.indexOf("://");
        if (!url.startsWith("r2dbc:") || scheme < 0) {
            return;
        }
        String authority = url.substring(scheme + 3).split("[/?]", 2)[0];
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.startsWith("[") ? hostPort.indexOf("]:") + 1 : hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return;
        }
        for (String port : hostPort.substring(colon + 1).split(",")) {
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
                throw new ConfigurationError("Port is not an integer: \"" + port + "\"");
            }
        }
    }

    private static ConnectionSpec connection(String name, TortoiseProperties.Connection conn, PoolSettings defaults) {
        String poolQuery = poolQuery(pool(conn.getPool(), defaults));
        if (conn.getUrl() != null) {
            ConnectionSpec spec = memory(conn.getUrl());
            return poolQuery.isEmpty() || spec.url().startsWith("r2dbc:") ? spec
                    : ConnectionSpec.url(spec.url() + (spec.url().contains("?") ? "&" : "?") + poolQuery);
        }
        if (conn.getEngine() == null) {
            throw new ConfigurationError("Connection \"" + name + "\" needs tortoise.config.connections." + name
                    + ".url or .engine with .credentials");
        }
        TortoiseProperties.Credentials cr = conn.getCredentials();
        Map<String, Object> creds = new LinkedHashMap<>();
        String engine = conn.getEngine().toLowerCase(Locale.ROOT);
        boolean h2 = engine.endsWith("sqlite") || engine.equals("h2");
        if (h2) {
            String db = cr.getDatabase() == null || cr.getDatabase().equals(":memory:")
                    ? "tortoise_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : cr.getDatabase();
            creds.put("database", "mem:" + db);
        } else {
            creds.put("host", cr.getHost());
            if (cr.getPort() != null) {
                creds.put("port", cr.getPort());
            }
            putIfSet(creds, "user", cr.getUser());
            putIfSet(creds, "password", cr.getPassword());
            putIfSet(creds, "database", cr.getDatabase());
            putIfSet(creds, "schema", cr.getSchema());
        }
        PoolSettings ps = pool(conn.getPool(), defaults);
        creds.put("minsize", ps.initialSize());
        creds.put("maxsize", ps.maxSize());
        creds.put("acquire_timeout", seconds(ps.acquireTimeout()));
        creds.put("create_timeout", seconds(ps.createTimeout()));
        creds.put("validation_timeout", seconds(ps.validationTimeout()));
        creds.put("max_inactive_connection_lifetime", seconds(ps.maxIdleTime()));
        return ConnectionSpec.engine(conn.getEngine(), creds);
    }

    private static void putIfSet(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String seconds(java.time.Duration d) {
        return String.valueOf(d.toMillis() / 1000.0);
    }

    private static String poolQuery(PoolSettings p) {
        return "minsize=" + p.initialSize() + "&maxsize=" + p.maxSize() + "&acquire_timeout="
                + seconds(p.acquireTimeout()) + "&create_timeout=" + seconds(p.createTimeout());
    }

    static PoolSettings pool(TortoiseProperties.Pool p, PoolSettings base) {
        PoolSettings s = base;
        int max = p.getMaxSize() != null ? p.getMaxSize() : s.maxSize();
        int initial = p.getInitialSize() != null ? p.getInitialSize() : Math.min(s.initialSize(), max);
        s = s.withSizes(initial, max);
        if (p.getAcquireTimeout() != null) {
            s = s.withAcquireTimeout(p.getAcquireTimeout());
        }
        if (p.getCreateTimeout() != null) {
            s = s.withCreateTimeout(p.getCreateTimeout());
        }
        if (p.getValidationTimeout() != null) {
            s = s.withValidationTimeout(p.getValidationTimeout());
        }
        if (p.getMaxIdleTime() != null) {
            s = s.withMaxIdleTime(p.getMaxIdleTime());
        }
        if (p.getMaxLifeTime() != null) {
            s = s.withMaxLifeTime(p.getMaxLifeTime());
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readFile(Resource resource) {
        String name = resource.getFilename() == null ? "" : resource.getFilename().toLowerCase(Locale.ROOT);
        Map<String, Object> raw;
        try (InputStream in = resource.getInputStream()) {
            if (name.endsWith(".json")) {
                raw = JsonMapper.builder().build().readValue(in, Map.class);
            } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                raw = new org.yaml.snakeyaml.Yaml().load(in);
            } else {
                throw new ConfigurationError("Unknown config extension of tortoise.config-file " + resource
                        + ", only .yml, .yaml and .json are supported");
            }
        } catch (IOException e) {
            throw new ConfigurationError("Can't read tortoise.config-file " + resource + ": " + e.getMessage());
        }
        if (raw == null) {
            throw new ConfigurationError("tortoise.config-file " + resource + " is empty");
        }
        Object section = raw.get("tortoise") instanceof Map<?, ?> t ? t : raw;
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) section);
        if (out.get("connections") instanceof Map<?, ?> conns) {
            Map<String, Object> named = new LinkedHashMap<>();
            conns.forEach((k, v) -> named.put(String.valueOf(k), v instanceof String s ? memory(s).url() : v));
            out.put("connections", named);
        }
        return out;
    }
}
