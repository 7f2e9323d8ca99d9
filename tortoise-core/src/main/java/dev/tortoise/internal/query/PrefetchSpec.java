package dev.tortoise.internal.query;

import dev.tortoise.query.QuerySet;

/**
 * One relation to prefetch after the parent rows are read: a path ({@code events__participants})
 * with an optional queryset for the last level and an attribute to store the result in.
 *
 * @param path the relation path from the queried model
 * @param queryset the queryset the related rows are taken from (filters, ordering, annotations), or null
 * @param toAttr the attribute name to store the results under, or null for the relation itself
 */
public record PrefetchSpec(String path, QuerySet<?> queryset, String toAttr) {
}
