package dev.tortoise.autoconfigure;

import dev.tortoise.exception.ConfigurationError;
import java.util.List;

/** Thrown at start-up when a configured model package holds no model classes, or no package is configured. */
public class NoModelsFoundException extends ConfigurationError {
    private static final long serialVersionUID = 1L;

    private final String app;
    private final List<String> packages;

    public NoModelsFoundException(String app, List<String> packages) {
        super(app == null ? "No Tortoise model packages: set tortoise.modules.<app> or annotate the application with "
                + "@SpringBootApplication / @AutoConfigurationPackage"
                : "No models found in package(s) " + packages + " of app \"" + app + "\"");
        this.app = app;
        this.packages = List.copyOf(packages);
    }

    /** The app label, or null when no package was configured at all. */
    public String app() {
        return app;
    }

    /** The packages that hold no models. */
    public List<String> packages() {
        return packages;
    }
}
