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
                            + "for PostgreSQL, io.r2dbc:r2dbc-h2 for H2), or change tortoise.db-url.", cause);
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
                            + "r2dbc:h2:mem:///name, sqlite://:memory:) in tortoise.db-url or "
                            + "tortoise.config.connections.<name>.url, or engine postgres or h2 in "
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
}
