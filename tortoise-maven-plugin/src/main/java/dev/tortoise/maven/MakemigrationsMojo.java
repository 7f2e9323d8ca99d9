package dev.tortoise.maven;

import dev.tortoise.migrations.Migration;
import dev.tortoise.migrations.Migrations;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Writes the next migration from the models' changes since the last migration's state (no database needed). */
@Mojo(name = "makemigrations", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class MakemigrationsMojo extends AbstractTortoiseMojo {

    /** Migration name ({@code V<n>__<name>.sql}). */
    @Parameter(property = "name")
    String name;

    /** Whether to write an empty migration to fill by hand. */
    @Parameter(property = "empty", defaultValue = "false")
    boolean empty;

    /** Rename hints, comma-separated: {@code table:new_table}, {@code table.column:new_column}. */
    @Parameter(property = "rename")
    String rename;

    /** Whether a migration may drop tables and columns with their data. */
    @Parameter(property = "allowDataLoss", defaultValue = "false")
    boolean allowDataLoss;

    @Override
    void run(Migrations migrations) {
        List<String> hints = rename == null ? List.of() : Arrays.stream(rename.split(",")).map(String::strip).toList();
        Optional<Migration> made = migrations.makemigrations(name, empty, hints, allowDataLoss);
        if (made.isEmpty()) {
            getLog().info("No changes detected");
            return;
        }
        getLog().info("Wrote " + made.get().id() + " in " + directory + " (review it, then commit it)");
        // Each vendor's directory holds its own script: show every one, not only the first vendor's.
        List<String> vendors = migrations.vendors();
        for (String vendor : vendors) {
            if (vendors.size() > 1) {
                getLog().info("-- " + vendor + ":");
            }
            for (String line : migrations.sqlmigrate(made.get().version(), vendor).split("\n")) {
                getLog().info("  " + line);
            }
        }
    }
}
