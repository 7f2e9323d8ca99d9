package dev.tortoise.maven;

import dev.tortoise.JdbcUrls;
import dev.tortoise.field.FieldContext;
import dev.tortoise.migrations.MigrationError;
import dev.tortoise.migrations.Migrations;
import dev.tortoise.model.Model;
import dev.tortoise.model.ModelRegistry;
import dev.tortoise.model.ModelScanner;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.yaml.snakeyaml.Yaml;

/**
 * What every goal shares: the project's compiled models (from {@code -Dtortoise.packages} or the
 * {@code tortoise.modules.*} of its {@code application.properties}/{@code application.yml}), the
 * migrations directory and the database to migrate.
 */
abstract class AbstractTortoiseMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Migrations directory holding the Flyway vendor folders, the down scripts and the state files. */
    @Parameter(property = "tortoise.migrations.directory",
            defaultValue = "${project.basedir}/src/main/resources/db/migration")
    protected File directory;

    /**
     * Flyway vendor folders to write migrations for, comma-separated; by default every database the plugin knows
     * ({@code postgresql,h2,mariadb}: each dialect provider's folder name).
     */
    @Parameter(property = "tortoise.migrations.vendors")
    protected String vendors;

    /** Model packages, comma-separated; by default the {@code tortoise.modules.*} of the application's config. */
    @Parameter(property = "tortoise.packages")
    protected String packages;

    /**
     * JDBC URL of the database to migrate; by default {@code tortoise.migrations.jdbc-url} or
     * {@code spring.flyway.url} of the application's config, else derived from {@code tortoise.db-url}.
     */
    @Parameter(property = "tortoise.migrations.jdbc-url")
    protected String jdbcUrl;

    @Parameter(property = "tortoise.migrations.user")
    protected String user;

    @Parameter(property = "tortoise.migrations.password")
    protected String password;

    /** Flyway's history table. */
    @Parameter(property = "tortoise.migrations.history-table", defaultValue = "flyway_schema_history")
    protected String historyTable;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = projectLoader()) {
            thread.setContextClassLoader(loader);
            run(migrations(loader));
        } catch (MigrationError e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The goal's work. */
    abstract void run(Migrations migrations) throws MojoExecutionException, MojoFailureException;

    /** Whether the goal works on the project's models (inspectdb writes them instead). */
    boolean needsModels() {
        return true;
    }

    Migrations migrations(ClassLoader loader) {
        Map<String, Object> config = applicationConfig();
        Map<String, List<Class<? extends Model>>> apps = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> app : needsModels() ? modules(config).entrySet()
                : Map.<String, List<String>>of().entrySet()) {
            List<Class<? extends Model>> classes = new ArrayList<>();
            for (String pkg : app.getValue()) {
                classes.addAll(ModelScanner.scan(pkg, loader));
            }
            apps.put(app.getKey(), classes);
        }
        Migrations.Builder b = Migrations.builder()
                .directory(directory.toPath())
                .vendors(vendors == null || vendors.isBlank() ? Migrations.DEFAULT_VENDORS : split(vendors))
                .models(ModelRegistry.build(apps, FieldContext.defaults()).all())
                .historyTable(historyTable);
        String url = jdbcUrl != null ? jdbcUrl : configured(config, "tortoise.migrations.jdbc-url", "spring.flyway.url");
        String dbUser = configured(config, "tortoise.migrations.user", "spring.flyway.user");
        String dbPassword = configured(config, "tortoise.migrations.password", "spring.flyway.password");
        if (url == null && config.get("tortoise.db-url") != null) {
            // the application's own connection, in the JDBC form its database's dialect provider gives
            JdbcUrls.Jdbc derived = JdbcUrls.ofUrl(String.valueOf(config.get("tortoise.db-url")));
            if (derived != null) {
                url = derived.url();
                dbUser = dbUser != null ? dbUser : derived.user();
                dbPassword = dbPassword != null ? dbPassword : derived.password();
            }
        }
        if (url != null) {
            String u = user != null ? user : dbUser;
            b.jdbc(url, u != null ? u : url.startsWith("jdbc:h2:") ? "sa" : null, password != null ? password : dbPassword);
        }
        return b.build();
    }

    private Map<String, List<String>> modules(Map<String, Object> config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (packages != null && !packages.isBlank()) {
            out.put("models", split(packages));
            return out;
        }
        for (Map.Entry<String, Object> e : config.entrySet()) {
            if (e.getKey().startsWith("tortoise.modules.")) {
                String app = e.getKey().substring("tortoise.modules.".length()).replaceAll("\\[\\d+]$", "");
                out.computeIfAbsent(app, k -> new ArrayList<>()).addAll(split(String.valueOf(e.getValue())));
            }
        }
        if (out.isEmpty()) {
            throw new MigrationError("No model packages: set tortoise.modules.<app> in src/main/resources/"
                    + "application.yml (or .properties), or pass -Dtortoise.packages=com.example.models");
        }
        return out;
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static String configured(Map<String, Object> config, String... keys) {
        for (String key : keys) {
            if (config.get(key) != null) {
                return String.valueOf(config.get(key));
            }
        }
        return null;
    }

    /** The application's config flattened to dotted keys: application.properties, then application.yml. */
    Map<String, Object> applicationConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        Path resources = project.getBasedir().toPath().resolve("src/main/resources");
        Path props = resources.resolve("application.properties");
        if (Files.isRegularFile(props)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new MigrationError("Cannot read " + props + ": " + e.getMessage(), e);
            }
            for (String k : p.stringPropertyNames()) {
                out.put(k, p.getProperty(k));
            }
        }
        for (String name : List.of("application.yml", "application.yaml")) {
            Path yml = resources.resolve(name);
            if (Files.isRegularFile(yml)) {
                try (InputStream in = Files.newInputStream(yml)) {
                    for (Object doc : new Yaml().loadAll(in)) {
                        flatten("", doc, out);
                    }
                } catch (IOException e) {
                    throw new MigrationError("Cannot read " + yml + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node instanceof List<?> l) {
            out.putIfAbsent(prefix, String.join(",", l.stream().map(String::valueOf).toList()));
        } else if (node != null) {
            out.putIfAbsent(prefix, node);
        }
    }

    private URLClassLoader projectLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            for (String element : project.getCompileClasspathElements()) {
                urls.add(new File(element).toURI().toURL());
            }
        } catch (MalformedURLException | org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Cannot read the project's class path: " + e.getMessage(), e);
        }
        // Parent first: the project's models extend the plugin's own copy of dev.tortoise.model.Model.
        return new URLClassLoader(urls.toArray(new URL[0]), getClass().getClassLoader());
    }
}
