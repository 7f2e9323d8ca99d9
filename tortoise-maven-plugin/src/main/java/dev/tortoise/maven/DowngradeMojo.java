package dev.tortoise.maven;

import dev.tortoise.migrations.Migration;
import dev.tortoise.migrations.Migrations;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Undoes the applied migrations above a version with their down scripts. */
@Mojo(name = "downgrade", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class DowngradeMojo extends AbstractTortoiseMojo {

    /** Version to go back to (kept applied). */
    @Parameter(property = "version", required = true)
    int version;

    @Override
    void run(Migrations migrations) {
        for (Migration m : migrations.downgrade(version)) {
            getLog().info("Undid " + m.id());
        }
    }
}
