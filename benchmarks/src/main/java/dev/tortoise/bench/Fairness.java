package dev.tortoise.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that contenders do comparable work, made before timing and printed in the report. */
public final class Fairness {
    private Fairness() {
    }

    /**
     * One check on one workload.
     *
     * @param workload the workload letter
     * @param what what was compared ({@code join type})
     * @param ok whether every contender does the same
     * @param detail what each contender does (and the SQL it was read from)
     */
    public record Check(String workload, String what, boolean ok, String detail) {
    }

    private static final Pattern JOIN = Pattern.compile(
            "\\b(?:(NATURAL)\\s+)?(?:(LEFT|RIGHT|FULL|INNER|CROSS)\\s+)?(?:(OUTER)\\s+)?JOIN\\b");

    /**
     * The joins of a statement in order, each as {@code INNER JOIN}, {@code LEFT OUTER JOIN}, {@code RIGHT OUTER
     * JOIN}, {@code FULL OUTER JOIN} or {@code CROSS JOIN}: a bare {@code JOIN} is an inner join, {@code OUTER} is
     * implied by LEFT/RIGHT/FULL. Text inside quotes (identifiers, literals) is ignored.
     */
    public static List<String> joinTypes(String sql) {
        String text = unquoted(sql).toUpperCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        Matcher m = JOIN.matcher(text);
        while (m.find()) {
            String kind = m.group(2) == null ? "INNER" : m.group(2);
            out.add(switch (kind) {
                case "LEFT", "RIGHT", "FULL" -> kind + " OUTER JOIN";
                default -> kind + " JOIN";
            });
        }
        return out;
    }

    /** The statement with the contents of quoted identifiers and string literals blanked out. */
    static String unquoted(String sql) {
        StringBuilder sb = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                sb.append(ch == quote ? ch : ' ');
                if (ch == quote) {
                    quote = 0;
                }
            } else {
                if (ch == '"' || ch == '\'' || ch == '`') {
                    quote = ch;
                }
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** Checks that every contender's statement has the same joins, in the same order and of the same types. */
    public static Check sameJoins(String workload, Map<Contender, String> sqlByContender) {
        Map<Contender, List<String>> types = new LinkedHashMap<>();
        sqlByContender.forEach((c, sql) -> types.put(c, joinTypes(sql)));
        boolean ok = types.values().stream().distinct().count() == 1 && !types.values().iterator().next().isEmpty();
        StringBuilder detail = new StringBuilder();
        sqlByContender.forEach((c, sql) -> detail.append(detail.length() == 0 ? "" : "; ").append(c.label())
                .append(": ").append(types.get(c).isEmpty() ? "no join" : String.join(", ", types.get(c)))
                .append(" (`").append(sql).append("`)"));
        return new Check(workload, "join type", ok, detail.toString());
    }
}
