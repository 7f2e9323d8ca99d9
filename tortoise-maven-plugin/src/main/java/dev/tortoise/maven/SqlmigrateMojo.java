package dev.tortoise.maven;

import dev.tortoise.migrations.Migrations;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Prints the SQL of one migration for one database. */
@Mojo(name = "sqlmigrate", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class SqlmigrateMojo extends AbstractTortoiseMojo {

    @Parameter(property = "version", required = true)
    int version;

    /** Flyway vendor folder ({@code h2}, {@code postgresql}); the first configured one by default. */
    @Parameter(property = "vendor")
    String vendor;

    @Override
    void run(Migrations migrations) {
        String v = vendor != null ? vendor : migrations.vendors().get(0);
        for (String line : migrations.sqlmigrate(version, v).split("\n")) {
            getLog().info(line);
        }
    }
}
