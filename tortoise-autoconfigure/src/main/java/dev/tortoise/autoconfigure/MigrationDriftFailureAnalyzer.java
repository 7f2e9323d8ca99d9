package dev.tortoise.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up stopped by {@code tortoise.migrations.check=fail}: names each difference and the command that fixes it. */
final class MigrationDriftFailureAnalyzer extends AbstractFailureAnalyzer<MigrationDriftException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, MigrationDriftException cause) {
        StringBuilder description = new StringBuilder("The models differ from the state recorded by the last "
                + "migration, " + cause.lastMigration() + ":");
        for (String d : cause.differences()) {
            description.append("\n\t- ").append(d);
        }
        return new FailureAnalysis(description.toString(),
                "Write the missing migration with\n\t" + cause.command() + "\nreview the SQL files it writes, and "
                        + "commit them (Flyway applies them at start-up); add -Drename=table.old:new for a renamed "
                        + "column. Or set tortoise.migrations.check=warn to start anyway.", cause);
    }
}
