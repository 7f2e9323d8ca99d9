package dev.tortoise.bench;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical forms of results, so the contenders' answers can be compared before timing:
 * integers as long, timestamps as instants (a zone-less one, MariaDB's DATETIME, as UTC), decimals without trailing
 * zeros.
 */
public final class Canon {
    private Canon() {
    }

    /** The values, normalised, as a list. */
    public static List<Object> of(Object... values) {
        List<Object> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(value(v));
        }
        return out;
    }

    static Object value(Object v) {
        if (v instanceof Short || v instanceof Integer || v instanceof Long || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof java.time.LocalDateTime t) {
            // MariaDB's driver reads DATETIME(6) as it is stored: the instant's UTC wall time
            return t.toInstant(java.time.ZoneOffset.UTC);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, value(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        return v;
    }

    /** Rows sorted by their first value (the primary key), so unordered queries compare equal. */
    public static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingLong(r -> ((Number) r.get(0)).longValue()));
        return out;
    }
}
