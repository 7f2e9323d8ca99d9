package dev.tortoise.internal.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits lookup keys such as {@code "tournament__name__icontains"} at {@code "__"}. On the query
 * hot path: {@code String.split("__")} compiles a regular expression on every call (its fast
 * path covers one-character separators only), which cost two {@code Pattern}s per filtered query.
 */
public final class LookupPath {
    private static final String SEP = "__";

    private LookupPath() {
    }

    /** The parts of {@code key}, empty ones kept: what {@code key.split("__", -1)} returns, as a list. */
    public static List<String> parts(String key) {
        int at = key.indexOf(SEP);
        if (at < 0) {
            return List.of(key);
        }
        List<String> out = new ArrayList<>(4);
        int from = 0;
        while (at >= 0) {
            out.add(key.substring(from, at));
            from = at + SEP.length();
            at = key.indexOf(SEP, from);
        }
        out.add(key.substring(from));
        return Arrays.asList(out.toArray(new String[0]));
    }

    /** The first part of {@code key}: what {@code key.split("__", 2)[0]} returns. */
    public static String head(String key) {
        int at = key.indexOf(SEP);
        return at < 0 ? key : key.substring(0, at);
    }
}
