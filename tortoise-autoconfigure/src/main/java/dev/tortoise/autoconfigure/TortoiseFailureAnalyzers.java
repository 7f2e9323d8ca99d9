package dev.tortoise.autoconfigure;

import dev.tortoise.exception.ConfigurationError;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Failure analyzers that say what to do when Tortoise cannot start. */
final class TortoiseFailureAnalyzers {
    private TortoiseFailureAnalyzers() {
    }

    /** A database URL whose R2DBC driver is not on the class path. */
    static final class MissingDriver extends AbstractFailureAnalyzer<ConfigurationError> {
        @Override
        protected FailureAnalysis analyze(Throwable root, ConfigurationError cause) {
            String m = String.valueOf(cause.getMessage());
            if (!m.startsWith("No R2DBC driver")) {
                return null;
            }
            return new FailureAnalysis("Tortoise could not open a connection: " + m,
                    "Add the R2DBC driver for your database to the dependencies (org.postgresql:r2dbc-postgresql "
                            + "for PostgreSQL, org.mariadb:r2dbc-mariadb for MariaDB or MySQL, io.r2dbc:r2dbc-h2 for H2), "
                            + "or change tortoise.db-url.", cause);
        }
    }

    /** A URL scheme or engine name Tortoise does not know. */
    static final class UnknownEngine extends AbstractFailureAnalyzer<ConfigurationError> {
        @Override
        protected FailureAnalysis analyze(Throwable root, ConfigurationError cause) {
            String m = String.valueOf(cause.getMessage());
            if (!m.startsWith("Unknown DB scheme") && !m.startsWith("Unknown DB engine")
                    && !m.contains("No SQL dialect")) {
                return null;
            }
            return new FailureAnalysis("Tortoise does not know the configured database: " + m,
                    "Use a supported URL (r2dbc:postgresql://user@host:5432/db, postgres://user:pass@host:5432/db, "
                            + "mysql://user:pass@host:3306/db, r2dbc:mariadb://user@host:3306/db, "
                            + "r2dbc:h2:mem:///name, sqlite://:memory:) in tortoise.db-url or "
                            + "tortoise.config.connections.<name>.url, or engine postgres, mysql or h2 in "
                            + "tortoise.config.connections.<name>.engine.", cause);
        }
    }

    /** A model package holding no models, or no package at all. */
    static final class NoModels extends AbstractFailureAnalyzer<NoModelsFoundException> {
        @Override
        protected FailureAnalysis analyze(Throwable root, NoModelsFoundException cause) {
            if (cause.app() == null) {
                return new FailureAnalysis("Tortoise has no package to scan for models.",
                        "Set tortoise.modules.models=<your.model.package> (or tortoise.config.apps.<app>.models), "
                                + "or start the application from a @SpringBootApplication class above your models.",
                        cause);
            }
            return new FailureAnalysis("No Tortoise models were found in " + cause.packages() + " (app \""
                    + cause.app() + "\").",
                    "Check the package names in tortoise.modules." + cause.app() + " / tortoise.config.apps."
                            + cause.app() + ".models: they must hold public classes extending dev.tortoise.model.Model.",
                    cause);
        }
    }

    /** A database URL whose port is not a number. */
    static final class InvalidPort extends AbstractFailureAnalyzer<ConfigurationError> {
        @Override
        protected FailureAnalysis analyze(Throwable root, ConfigurationError cause) {
            String m = String.valueOf(cause.getMessage());
            if (!m.startsWith("Port is not an integer")) {
                return null;
            }
            return new FailureAnalysis("Tortoise cannot use the configured database URL: " + m + ".",
                    "Give the port as a number (r2dbc:postgresql://user@host:5432/database), or leave it out for the "
                            + "database's default, in tortoise.db-url or tortoise.config.connections.<name>.url.",
                    cause);
        }
    }

    /**
     * The database server cannot be reached or refuses the login, found in the cause chain of whatever failed first
     * at start-up (schema generation, a Flyway migration, the application's own start-up query): a closed port or
     * unknown host, a wrong user or password, a database that does not exist.
     */
    static final class ConnectionRefused implements org.springframework.boot.diagnostics.FailureAnalyzer {
        private static final String WHERE = "tortoise.db-url (r2dbc:postgresql://user:password@host:5432/database) "
                + "or tortoise.config.connections.<name>.credentials";

        @Override
        public FailureAnalysis analyze(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String state = sqlState(t);
                String m = String.valueOf(t.getMessage());
                if ("28P01".equals(state) || "28000".equals(state)) {
                    return new FailureAnalysis("Tortoise could not log in to the database: " + m,
                            "Check the user and password in " + WHERE + " (.user, .password), and that the "
                                    + "server lets this user connect (pg_hba.conf for PostgreSQL).", failure);
                }
                if ("3D000".equals(state)) {
                    return new FailureAnalysis("Tortoise connected to the database server, but the database does "
                            + "not exist: " + m, "Create the database (CREATE DATABASE ...) or correct its name in "
                            + WHERE + " (.database).", failure);
                }
                if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                        || t instanceof java.net.NoRouteToHostException) {
                    return new FailureAnalysis("Tortoise could not reach the database server: "
                            + t.getClass().getSimpleName() + ": " + m,
                            "Start the database server, or correct the host and port in " + WHERE
                                    + " (.host, .port).", failure);
                }
            }
            return null;
        }

        private static String sqlState(Throwable t) {
            if (t instanceof io.r2dbc.spi.R2dbcException r) {
                return r.getSqlState();
            }
            if (t instanceof java.sql.SQLException s) {
                return s.getSQLState();
            }
            return null;
        }
    }
}
