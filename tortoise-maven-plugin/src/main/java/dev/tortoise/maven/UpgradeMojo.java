package dev.tortoise.maven;

import dev.tortoise.migrations.Migrations;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Applies the pending migrations to the database with Flyway. */
@Mojo(name = "upgrade", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class UpgradeMojo extends AbstractTortoiseMojo {
    @Override
    void run(Migrations migrations) {
        getLog().info("Applied " + migrations.upgrade() + " migration(s)");
    }
}
