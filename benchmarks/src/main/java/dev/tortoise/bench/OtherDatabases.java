package dev.tortoise.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections of {@code docs/benchmarks.md} that show another database's run beside PostgreSQL's: a run with
 * {@code --db=mariadb} writes its whole report to {@code docs/benchmarks-mariadb.md} and puts a section with its
 * summary into {@code docs/benchmarks.md} (replacing its previous one); a PostgreSQL run, which rewrites that file,
 * keeps those sections. A section sits before {@code ## Results per workload}, after PostgreSQL's summary.
 */
final class OtherDatabases {
    private static final Pattern SECTION = Pattern.compile(
            "<!-- BEGIN ([a-z0-9]+) run -->\\n.*?<!-- END \\1 run -->\\n", Pattern.DOTALL);
    static final String ANCHOR = "## Results per workload";

    private OtherDatabases() {
    }

    /** The other databases' sections of a PostgreSQL report, in order. */
    static List<String> sections(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = SECTION.matcher(markdown == null ? "" : markdown);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** {@code markdown} with {@code sections} put before {@link #ANCHOR} (or at the end without it). */
    static String insert(String markdown, List<String> sections) {
        if (sections.isEmpty()) {
            return markdown;
        }
        String all = String.join("\n", sections) + "\n";
        int at = markdown.indexOf(ANCHOR);
        return at < 0 ? markdown + "\n" + all : markdown.substring(0, at) + all + markdown.substring(at);
    }

    /**
     * The section of a run on {@code database}: its command, the report's warning about the run (a quoted
     * paragraph), its summary section and a link to the whole report.
     */
    static String section(String database, String title, String command, String report, String reportFile) {
        StringBuilder b = new StringBuilder("<!-- BEGIN " + database + " run -->\n");
        b.append("## ").append(title).append(", beside PostgreSQL: summary\n\n");
        b.append("Written by `").append(command).append("` (the whole report: [").append(reportFile).append("](")
                .append(reportFile).append("); a PostgreSQL run keeps this section).\n\n");
        for (String line : report.split("\n")) {
            if (line.startsWith("> ")) {
                b.append(line).append("\n\n");
                break;
            }
        }
        int start = report.indexOf("## Summary");
        if (start >= 0) {
            int body = report.indexOf('\n', start) + 1;
            int end = report.indexOf("\n## ", body);
            b.append(report, body, end < 0 ? report.length() : end + 1).append('\n');
        }
        return b.append("<!-- END ").append(database).append(" run -->\n").toString();
    }

    /** {@code markdown} with the section of {@code database} replaced (or added). */
    static String put(String markdown, String database, String section) {
        List<String> kept = new ArrayList<>();
        boolean replaced = false;
        for (String s : sections(markdown)) {
            if (s.startsWith("<!-- BEGIN " + database + " run -->")) {
                kept.add(section);
                replaced = true;
            } else {
                kept.add(s);
            }
        }
        if (!replaced) {
            kept.add(section);
        }
        // a section and the blank line insert() put after it
        String without = Pattern.compile(SECTION.pattern() + "\\n?", Pattern.DOTALL).matcher(markdown).replaceAll("");
        return insert(without, kept);
    }
}
