package dev.tortoise.bench.spring;

import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** A tag as read through the M2M join table, with the item it belongs to (P2's second query). */
@Table("bench_tag")
public class STagLink extends STag {
    @Column("item_id")
    public Integer itemId;
}
