package dev.tortoise.bench.spring;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A tag. */
@Table("bench_tag")
public class STag {
    @Id
    public Integer id;
    public String name;

    public STag() {
    }

    public STag(Integer id, String name) {
        this.id = id;
        this.name = name;
    }
}
