package dev.tortoise.maven;

import dev.tortoise.migrations.Migration;
import dev.tortoise.migrations.Migrations;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Lists the migrations the database has not applied yet. */
@Mojo(name = "heads", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class HeadsMojo extends AbstractTortoiseMojo {
    @Override
    void run(Migrations migrations) {
        var heads = migrations.heads();
        if (heads.isEmpty()) {
            getLog().info("No migrations to apply");
        }
        for (Migration m : heads) {
            getLog().info(m.id());
        }
    }
}
