package dev.tortoise.maven;

import dev.tortoise.migrations.MigrationError;
import dev.tortoise.migrations.Migrations;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes model classes from the database's tables (aerich's inspectdb), for a project that starts from a schema;
 * never overwrites a file that exists.
 */
@Mojo(name = "inspectdb", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class InspectdbMojo extends AbstractTortoiseMojo {

    /** Package of the written models. */
    @Parameter(property = "package", required = true)
    String packageName;

    /** Tables to read, comma-separated; all by default. */
    @Parameter(property = "tables")
    String tables;

    /** Source root the models are written under. */
    @Parameter(property = "tortoise.inspectdb.output", defaultValue = "${project.basedir}/src/main/java")
    File output;

    @Override
    boolean needsModels() {
        return false;
    }

    @Override
    void run(Migrations migrations) throws MojoExecutionException {
        List<String> only = tables == null ? List.of()
                : Arrays.stream(tables.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        Map<String, String> sources = migrations.inspectdb(packageName, only);
        Path dir = output.toPath().resolve(packageName.replace('.', '/'));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (e.getKey().equals("#skipped")) {
                for (String line : e.getValue().split("\n")) {
                    getLog().warn("Skipped " + line);
                }
                continue;
            }
            Path file = dir.resolve(e.getKey() + ".java");
            if (Files.exists(file)) {
                throw new MigrationError(file + " exists; inspectdb does not overwrite models (move it away, or "
                        + "name the tables to read with -Dtables=)");
            }
            try {
                Files.createDirectories(dir);
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new MojoExecutionException("Cannot write " + file + ": " + ex.getMessage(), ex);
            }
            getLog().info("Wrote " + file);
        }
    }
}
