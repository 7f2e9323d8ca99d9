package dev.tortoise.maven;

import dev.tortoise.migrations.Migration;
import dev.tortoise.migrations.Migrations;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Writes the first migration from the models and applies it to the database. */
@Mojo(name = "init-db", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class InitDbMojo extends AbstractTortoiseMojo {
    @Override
    void run(Migrations migrations) {
        Migration m = migrations.initDb();
        getLog().info("Wrote and applied " + m.id());
    }
}
