package dev.tortoise.starterit;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The databases of these tests: the application's embedded H2, a schema of its own in PostgreSQL at
 * 127.0.0.1:5432 (user postgres, database test), or a database of its own in MariaDB at 127.0.0.1:3306 (user root,
 * no password), created with the application's own R2DBC drivers. Without a reachable server the [postgres] or
 * [mariadb] classes are skipped loudly, or fail under {@code -Dtortoise.test.require-postgres=true} /
 * {@code -Dtortoise.test.require-mariadb=true}.
 */
public final class Databases {
    static final String PG_BASE = "r2dbc:postgresql://postgres@127.0.0.1:5432/test";

    private Databases() {
    }

    /** A new schema's name, created in PostgreSQL. */
    public static String createSchema() {
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE SCHEMA \"" + schema + "\"");
        return schema;
    }

    /** A PostgreSQL schema of one test class, created when Spring first reads tortoise.db-url. */
    public static final class Schema {
        private volatile String name;

        /** Points tortoise.db-url at this schema. */
        public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
            registry.add("tortoise.db-url", () -> {
                if (name == null) {
                    name = createSchema();
                }
                return url(name);
            });
        }

        public void drop() {
            if (name != null) {
                dropSchema(name);
            }
        }
    }

    /** The R2DBC URL of a schema. */
    public static String url(String schema) {
        return PG_BASE + "?schema=" + schema;
    }

    public static void dropSchema(String schema) {
        admin("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    static void admin(String sql) {
        ConnectionFactory cf = ConnectionFactories.get(PG_BASE + "?connectTimeout=PT3S");
        Mono.usingWhen(Mono.from(cf.create()),
                        c -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then(),
                        Connection::close)
                .block(Duration.ofSeconds(20));
    }

    // ------------------------------------------------------------------ MariaDB

    /** MariaDB at 127.0.0.1:3306, user root without a password, no database selected. */
    public static final String MARIADB_BASE = "r2dbc:mariadb://root@127.0.0.1:3306";

    /** A new MariaDB database's name, created on the server. */
    public static String createMariaDbDatabase() {
        String database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        mariaDbAdmin("CREATE DATABASE `" + database + "`");
        return database;
    }

    public static void dropMariaDbDatabase(String database) {
        mariaDbAdmin("DROP DATABASE IF EXISTS `" + database + "`");
    }

    static void mariaDbAdmin(String sql) {
        ConnectionFactory cf = ConnectionFactories.get(MARIADB_BASE + "?connectTimeout=PT3S");
        Mono.usingWhen(Mono.from(cf.create()),
                        c -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then(),
                        Connection::close)
                .block(Duration.ofSeconds(20));
    }

    /**
     * A MariaDB database of one test class, created when Spring first reads the property; the URL is the form
     * given (for instance {@code "mysql://root@127.0.0.1:3306/%s"}), the database's name filled in.
     */
    public static final class MariaDbDatabase {
        private final String property;
        private final String urlFormat;
        private volatile String name;

        public MariaDbDatabase(String property, String urlFormat) {
            this.property = property;
            this.urlFormat = urlFormat;
        }

        /** Points the property at this database. */
        public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
            registry.add(property, this::url);
        }

        public synchronized String url() {
            if (name == null) {
                name = createMariaDbDatabase();
            }
            return String.format(urlFormat, name);
        }

        public void drop() {
            if (name != null) {
                dropMariaDbDatabase(name);
            }
        }
    }

    /** Aborts the calling test when MariaDB does not answer (fails it instead under require-mariadb). */
    public static void requireMariaDb() {
        ConditionEvaluationResult r = new RequiresMariaDb().evaluateExecutionCondition(null);
        org.junit.jupiter.api.Assumptions.assumeFalse(r.isDisabled(), r.getReason().orElse(""));
    }

    /** Runs a test class only when MariaDB answers (fails it instead under require-mariadb). */
    public static final class RequiresMariaDb implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            try {
                mariaDbAdmin("SELECT 1");
                return ConditionEvaluationResult.enabled("MariaDB is reachable");
            } catch (RuntimeException e) {
                if (Boolean.getBoolean("tortoise.test.require-mariadb")) {
                    throw new IllegalStateException("MariaDB at " + MARIADB_BASE
                            + " is required (-Dtortoise.test.require-mariadb=true) but not reachable", e);
                }
                System.err.println("\n!!!!!!!!!! MariaDB at " + MARIADB_BASE + " is NOT reachable: " + e.getMessage()
                        + "\n!!!!!!!!!! The [mariadb] test cases are SKIPPED.\n");
                return ConditionEvaluationResult.disabled("MariaDB at " + MARIADB_BASE + " is not reachable");
            }
        }
    }

    /**
     * A database of its own for one test, by the name its display name shows ({@code h2}, {@code postgres},
     * {@code mariadb}): a named in-memory H2 database, a new PostgreSQL schema or a new MariaDB database; closing
     * it drops what was created. Aborts the test when the server does not answer (fails it under require-...).
     */
    public static Fresh fresh(String kind, String prefix) {
        String id = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return switch (kind) {
            case "h2" -> new Fresh(kind, "r2dbc:h2:mem:///" + id + "?options=DB_CLOSE_DELAY=-1", () -> { });
            case "postgres" -> {
                requirePostgres();
                String schema = createSchema();
                yield new Fresh(kind, url(schema), () -> dropSchema(schema));
            }
            case "mariadb" -> {
                requireMariaDb();
                String database = createMariaDbDatabase();
                yield new Fresh(kind, MARIADB_BASE + "/" + database, () -> dropMariaDbDatabase(database));
            }
            default -> throw new IllegalArgumentException("Unknown database kind " + kind);
        };
    }

    /** A database made by {@link #fresh}: its R2DBC URL, and what closing it drops. */
    public record Fresh(String kind, String url, Runnable drop) implements AutoCloseable {
        /** {@code name} quoted as an identifier for this kind of database (for hand-written checks). */
        public String quoted(String name) {
            return kind.equals("mariadb") ? "`" + name + "`" : "\"" + name + "\"";
        }

        @Override
        public void close() {
            drop.run();
        }
    }

    /** Deletes every row of the library's tables, children first. */
    public static void deleteAll(dev.tortoise.ModelManager models) {
        Mono.when(models.of(dev.tortoise.starterit.models.Book.class).all().delete())
                .then(Mono.when(models.of(dev.tortoise.starterit.models.Author.class).all().delete(),
                        models.of(dev.tortoise.starterit.models.Tag.class).all().delete()))
                .block(Duration.ofSeconds(30));
    }

    /** Aborts the calling test when PostgreSQL does not answer (fails it instead under require-postgres). */
    public static void requirePostgres() {
        ConditionEvaluationResult r = new RequiresPostgres().evaluateExecutionCondition(null);
        org.junit.jupiter.api.Assumptions.assumeFalse(r.isDisabled(), r.getReason().orElse(""));
    }

    /** Runs a test class only when PostgreSQL answers (fails it instead under require-postgres). */
    public static final class RequiresPostgres implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            try {
                admin("SELECT 1");
                return ConditionEvaluationResult.enabled("PostgreSQL is reachable");
            } catch (RuntimeException e) {
                if (Boolean.getBoolean("tortoise.test.require-postgres")) {
                    throw new IllegalStateException("PostgreSQL at " + PG_BASE
                            + " is required (-Dtortoise.test.require-postgres=true) but not reachable", e);
                }
                System.err.println("\n!!!!!!!!!! PostgreSQL at " + PG_BASE + " is NOT reachable: " + e.getMessage()
                        + "\n!!!!!!!!!! The [postgres] test cases are SKIPPED.\n");
                return ConditionEvaluationResult.disabled("PostgreSQL at " + PG_BASE + " is not reachable");
            }
        }
    }

    /** Display names "[h2] method" / "[postgres] method" / "[mariadb] method", from the class name's prefix. */
    public static final class Tagged extends DisplayNameGenerator.Standard {
        @Override
        public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                                                   Method testMethod) {
            String name = testClass.getSimpleName();
            String kind = name.startsWith("Postgres") ? "postgres" : name.startsWith("MariaDb") ? "mariadb" : "h2";
            return "[" + kind + "] " + testMethod.getName();
        }
    }
}
