package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OtherDatabasesTest {
    static final String PG = "# Benchmarks\n\n> pg warning\n\n## Summary: x\n\npg summary\n\n## Results per workload\n\npg results\n";
    static final String MARIADB = "# Benchmarks\n\n> mariadb warning\n\n## Fairness checks\n\nf\n\n## Summary: x\n\n"
            + "| mariadb | summary |\n\n## Results per workload\n\nmariadb results\n";

    @Test
    void aMariaDbRunPutsItsSummaryBeforePostgresResultsAndReplacesItsPreviousOne() {
        String section = OtherDatabases.section("mariadb", "MariaDB", "benchmarks/run.sh --db=mariadb", MARIADB,
                "benchmarks-mariadb.md");
        assertThat(section).isEqualTo("<!-- BEGIN mariadb run -->\n"
                + "## MariaDB, beside PostgreSQL: summary\n\n"
                + "Written by `benchmarks/run.sh --db=mariadb` (the whole report: [benchmarks-mariadb.md]"
                + "(benchmarks-mariadb.md); a PostgreSQL run keeps this section).\n\n"
                + "> mariadb warning\n\n"
                + "\n| mariadb | summary |\n\n\n"
                + "<!-- END mariadb run -->\n");
        String once = OtherDatabases.put(PG, "mariadb", section);
        assertThat(once).isEqualTo(PG.replace("## Results per workload", section + "\n## Results per workload"));
        String newer = section.replace("summary |", "newer |");
        assertThat(OtherDatabases.put(once, "mariadb", newer))
                .isEqualTo(PG.replace("## Results per workload", newer + "\n## Results per workload"));
    }

    @Test
    void aPostgresRunKeepsTheOtherDatabasesSections() {
        String section = OtherDatabases.section("mariadb", "MariaDB", "c", MARIADB, "benchmarks-mariadb.md");
        String previous = OtherDatabases.put(PG, "mariadb", section);
        List<String> kept = OtherDatabases.sections(previous);
        assertThat(kept).containsExactly(section);
        String fresh = PG.replace("pg summary", "new pg summary");
        assertThat(OtherDatabases.insert(fresh, kept))
                .isEqualTo(fresh.replace("## Results per workload", section + "\n## Results per workload"));
        assertThat(OtherDatabases.insert(fresh, List.of())).isEqualTo(fresh);
    }
}
