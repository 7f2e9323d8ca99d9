package dev.tortoise.demo.web;

import dev.tortoise.exception.ParamsError;
import dev.tortoise.model.Model;
import dev.tortoise.query.QuerySet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * Applies a list endpoint's query parameters to a QuerySet: Tortoise lookups as filters
 * ({@code name__icontains=cup}, comma-separated lists for {@code in}, {@code not_in} and {@code range}),
 * {@code order_by=-prize,name}, {@code limit}, {@code offset} and {@code prefetch=tournament,participants}.
 * Unknown fields, lookups and ordering keys are the ORM's FieldError, naming the key (400 by the starter).
 */
final class QueryParams {
    private static final List<String> RESERVED = List.of("order_by", "limit", "offset", "prefetch");

    private QueryParams() {
    }

    static <T extends Model> QuerySet<T> apply(QuerySet<T> qs, MultiValueMap<String, String> params) {
        Map<String, Object> filters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String key = e.getKey();
            if (RESERVED.contains(key)) {
                continue;
            }
            String value = e.getValue().get(e.getValue().size() - 1);
            filters.put(key, value(key, value));
        }
        if (!filters.isEmpty()) {
            qs = qs.filter(filters);
        }
        List<String> order = split(params.getFirst("order_by"));
        if (!order.isEmpty()) {
            qs = qs.orderBy(order.toArray(String[]::new));
        }
        if (params.getFirst("limit") != null) {
            qs = qs.limit(integer("limit", params.getFirst("limit")));
        }
        if (params.getFirst("offset") != null) {
            qs = qs.offset(integer("offset", params.getFirst("offset")));
        }
        return prefetch(qs, params.getFirst("prefetch"));
    }

    static <T extends Model> QuerySet<T> prefetch(QuerySet<T> qs, String prefetch) {
        List<String> relations = split(prefetch);
        return relations.isEmpty() ? qs : qs.prefetchRelated(relations.toArray());
    }

    private static Object value(String key, String value) {
        if (key.endsWith("__in") || key.endsWith("__not_in")) {
            return split(value);
        }
        if (key.endsWith("__range")) {
            List<String> bounds = split(value);
            if (bounds.size() != 2) {
                throw new ParamsError("Parameter '" + key + "' needs two comma-separated bounds, got " + bounds.size());
            }
            return bounds;
        }
        if (key.endsWith("__isnull") || key.endsWith("__not_isnull")) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new ParamsError("Parameter '" + key + "' must be true or false");
            }
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    private static int integer(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ParamsError("Parameter '" + key + "' must be a non-negative integer");
        }
    }

    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
