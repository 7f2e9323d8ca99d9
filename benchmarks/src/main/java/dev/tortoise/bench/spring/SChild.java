package dev.tortoise.bench.spring;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** A child row; {@code parent} is filled by a join or a second query. */
@Table("bench_child")
public class SChild {
    @Id
    public Integer id;
    @Column("parent_id")
    public Integer parentId;
    public Short level;
    public String text;
    @Transient
    public SParent parent;
}
