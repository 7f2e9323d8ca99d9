package dev.tortoise.maven;

import dev.tortoise.migrations.Migration;
import dev.tortoise.migrations.Migrations;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Lists the migrations, oldest first, and whether the database has applied each. */
@Mojo(name = "history", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class HistoryMojo extends AbstractTortoiseMojo {
    @Override
    void run(Migrations migrations) {
        for (Migration m : migrations.history()) {
            getLog().info(m.id() + (m.applied() ? "  (applied)" : "  (pending)"));
        }
    }
}
