package dev.tortoise.autoconfigure;

import dev.tortoise.Tortoise;
import dev.tortoise.migrations.Migrations;
import dev.tortoise.migrations.SchemaState;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Compares the models with the state the last migration recorded, once at start-up: a difference
 * fails start-up ({@code tortoise.migrations.check=fail}, through {@link MigrationDriftFailureAnalyzer})
 * or is logged ({@code warn}). Without state files (a project that does not make its migrations
 * with Tortoise) there is nothing to compare.
 */
public final class TortoiseMigrationsCheck implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(TortoiseMigrationsCheck.class);
    private static final Pattern STATE = Pattern.compile("V(\\d+)__(.+)\\.json");

    private final Tortoise tortoise;
    private final TortoiseMigrationsProperties properties;
    private final ResourceLoader resourceLoader;

    TortoiseMigrationsCheck(Tortoise tortoise, TortoiseMigrationsProperties properties, ResourceLoader resourceLoader) {
        this.tortoise = tortoise;
        this.properties = properties;
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.getCheck() == TortoiseMigrationsProperties.Check.OFF) {
            return;
        }
        Resource last = null;
        int lastVersion = -1;
        String lastId = null;
        for (Resource r : states()) {
            Matcher m = STATE.matcher(String.valueOf(r.getFilename()));
            if (m.matches() && Integer.parseInt(m.group(1)) > lastVersion) {
                lastVersion = Integer.parseInt(m.group(1));
                last = r;
                lastId = "V" + m.group(1) + "__" + m.group(2);
            }
        }
        if (last == null) {
            log.debug("No migration state files in {}; models not compared", properties.getStateLocation());
            return;
        }
        List<String> differences = Migrations.drift(SchemaState.fromJson(read(last)), tortoise.registry().all());
        if (differences.isEmpty()) {
            return;
        }
        MigrationDriftException drift = new MigrationDriftException(lastId, differences, properties.getCommand());
        if (properties.getCheck() == TortoiseMigrationsProperties.Check.FAIL) {
            throw drift;
        }
        log.warn("{} (tortoise.migrations.check=fail makes this a start-up failure)", drift.getMessage());
    }

    private Resource[] states() {
        try {
            return new PathMatchingResourcePatternResolver(resourceLoader)
                    .getResources(properties.getStateLocation().replaceAll("/+$", "") + "/V*.json");
        } catch (FileNotFoundException e) {
            // a classpath: folder that does not exist (no migrations made with Tortoise): no state files
            return new Resource[0];
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + properties.getStateLocation(), e);
        }
    }

    private static String read(Resource r) {
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + r, e);
        }
    }
}
