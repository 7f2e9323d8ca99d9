package dev.tortoise.query;

import dev.tortoise.internal.query.PrefetchSpec;

/**
 * A relation to prefetch with a queryset of its own (to filter, order or annotate the related
 * rows) and, optionally, another attribute to store them in, so one relation can be loaded twice.
 */
public final class Prefetch {
    private final String relation;
    private final QuerySet<?> queryset;
    private final String toAttr;

    private Prefetch(String relation, QuerySet<?> queryset, String toAttr) {
        this.relation = relation;
        this.queryset = queryset;
        this.toAttr = toAttr;
    }

    /** Prefetches {@code relation} from {@code queryset}. */
    public static Prefetch of(String relation, QuerySet<?> queryset) {
        return new Prefetch(relation, queryset, null);
    }

    /** Prefetches {@code relation} from {@code queryset} into the attribute {@code toAttr}. */
    public static Prefetch of(String relation, QuerySet<?> queryset, String toAttr) {
        return new Prefetch(relation, queryset, toAttr);
    }

    PrefetchSpec spec() {
        return new PrefetchSpec(relation, queryset, toAttr);
    }
}
