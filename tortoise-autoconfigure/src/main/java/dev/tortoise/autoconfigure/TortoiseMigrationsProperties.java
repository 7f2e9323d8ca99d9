package dev.tortoise.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the start-up check that the models match the last migration ({@code tortoise.migrations.*}). */
@ConfigurationProperties("tortoise.migrations")
public class TortoiseMigrationsProperties {

    /** What start-up does when the models differ from the last migration's state. */
    public enum Check {
        /** Fail start-up, naming each difference and the command that writes the migration. */
        FAIL,
        /** Log a warning naming each difference. */
        WARN,
        /** Do not compare. */
        OFF
    }

    /**
     * Whether and how start-up compares the models with the state recorded by the last migration
     * (written by makemigrations beside the Flyway migrations).
     */
    private Check check = Check.WARN;

    /** Location of the migration state files (state/V<n>__<name>.json beside the Flyway vendor folders). */
    private String stateLocation = "classpath:db/migration/state";

    /** Command that writes the missing migration, as the check's message suggests it. */
    private String command = "./mvnw tortoise:makemigrations -Dname=<what_changed>";

    public Check getCheck() {
        return check;
    }

    public void setCheck(Check check) {
        this.check = check;
    }

    public String getStateLocation() {
        return stateLocation;
    }

    public void setStateLocation(String stateLocation) {
        this.stateLocation = stateLocation;
    }

    public String getCommand() {
        return command;
    }

    public void setCommand(String command) {
        this.command = command;
    }
}
